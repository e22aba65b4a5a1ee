"""Copy a local media folder into the media storage: the move of a site's photos
from one machine's disk into the bucket (MEDIA_STORAGE=s3), run with the
settings of the new storage. Safe to run again: files already stored with the
same size are skipped, so an interrupted copy resumes where it stopped."""
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from articles import images
from articles.cache_keys import ARTICLES
from articles.models import Article, Image
from trillmag.pagecache import content_changed


def stored_size(storage, name):
    try:
        return storage.size(name)
    except FileNotFoundError:
        return None


class Command(BaseCommand):
    help = (
        "Copy the photos and renditions of a local media folder (default: MEDIA_ROOT) into the media "
        "storage, e.g. the bucket of MEDIA_STORAGE=s3, then point article bodies at their new address. "
        "Files already there are skipped."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", nargs="?", help="the media folder to copy (default: MEDIA_ROOT)")

    def handle(self, source=None, **options):
        source = Path(source or settings.MEDIA_ROOT).resolve()
        if not source.is_dir():
            raise CommandError(f"{source} is not a folder.")
        storage = default_storage
        if isinstance(storage, FileSystemStorage) and Path(storage.location).resolve() == source:
            raise CommandError(
                f"The media storage is {source} itself: set MEDIA_STORAGE=s3 and the AWS_* variables first."
            )
        files = sorted(path for path in source.rglob("*") if path.is_file())
        copied, present, failed = 0, 0, []
        # A bar on a terminal only (disable=None); logs and pipes get the summary alone.
        for path in tqdm(files, desc="Copying media", unit="file", file=self.stderr, disable=None):
            name = path.relative_to(source).as_posix()
            try:
                if stored_size(storage, name) == path.stat().st_size:
                    present += 1
                    continue
                self.copy(storage, path, name)
            except OSError as error:
                failed.append(f"{name}: {error}")
                continue
            copied += 1
        # Photos print their URLs as made when stored: make them at the new address,
        # then the bodies that show them, and every page that shows a photo.
        images.reprint(Image.objects.all(), storage)
        rerendered = self.rerender_bodies()
        content_changed(ARTICLES)
        self.stdout.write(
            f"{copied} file(s) copied, {present} already there, {len(failed)} failed, of {len(files)} in {source}; "
            f"{rerendered} article bod{'y' if rerendered == 1 else 'ies'} with photos re-rendered."
        )
        if failed:
            self.stderr.write("\n".join(failed))
            raise CommandError(f"{len(failed)} file(s) could not be copied; run the command again to retry them.")

    @staticmethod
    def copy(storage, path, name):
        # Stored under the very name the database records, replacing a partial
        # copy left by an interrupted run.
        storage.delete(name)
        with path.open("rb") as content:
            stored = storage.save(name, File(content, name=name))
        if stored != name:
            raise OSError(f"the storage kept it as {stored}")

    @staticmethod
    def rerender_bodies():
        """Bodies carry their photos' URLs (rendered when saved): after a move they point at the old address."""
        articles = Article.objects.filter(body_photos__isnull=False).distinct()
        for article in articles:
            article.save(update_fields=["body_html"])
        return len(articles)
