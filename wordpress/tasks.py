"""Imports started from the admin run as jobs (jobs/ explains the queue): first
a dry run whose report the editor confirms, then the import. Both are safe to
run again (the import is repeatable), so a retried job does no harm; an export
that cannot be imported fails the run for good, with its one-line reason."""
import tempfile
from contextlib import contextmanager

from django.utils import timezone
from django_tasks import task

from .importer import Importer, ImportRefused
from .media import DirectorySource, NoSource
from .models import ImportRun
from .photos_zip import unpack
from .wxr import WXRError


@task()
def check_export(run_id):
    run_import(run_id, dry_run=True)


@task()
def import_export(run_id):
    run_import(run_id, dry_run=False)


def run_import(run_id, *, dry_run):
    run = ImportRun.objects.filter(pk=run_id).first()
    if run is None:
        return
    try:
        with media_for(run) as media:
            report = Importer(
                run.export.path, media=media, dry_run=dry_run,
                default_author=run.default_author.slug if run.default_author else None,
                progress=lambda done, total: ImportRun.objects.filter(pk=run_id).update(done=done, total=total),
            ).run()
    except (WXRError, ImportRefused, ValueError) as error:  # the export, not the moment: no retry
        finish(run_id, ImportRun.State.FAILED, error=str(error))
        return
    finish(run_id, ImportRun.State.CHECKED if dry_run else ImportRun.State.DONE, report=report.as_dict())


def finish(run_id, state, **fields):
    ImportRun.objects.filter(pk=run_id).update(state=state, finished_at=timezone.now(), **fields)


@contextmanager
def media_for(run):
    """The photos' source: the uploaded .zip, unpacked for the job's length."""
    if not run.photos:
        yield NoSource()
        return
    with tempfile.TemporaryDirectory(prefix="trillmag-import-") as folder:
        unpack(run.photos.path, folder)
        yield DirectorySource(folder)


def start(run, *, confirmed):
    """Queue the dry run (a new upload) or the import (once confirmed), in the
    caller's transaction."""
    run.state = ImportRun.State.IMPORTING if confirmed else ImportRun.State.CHECKING
    run.done = run.total = 0
    run.save()
    (import_export if confirmed else check_export).enqueue(run.pk)
