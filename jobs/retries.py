"""Failed jobs run again, later and later: django-tasks has no retries.

A job that raises is marked failed by the worker; this receiver puts it back
in the queue (the same row, so the admin shows one job with its attempts and
last error) to run after a delay that doubles with each attempt, up to
JOBS_RETRY_MAX_DELAY. A job failing for longer than JOBS_RETRY_FOR stays
failed, for staff to look at.
"""
import logging
from datetime import timedelta

from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from .conf import conf

logger = logging.getLogger(__name__)


def backoff(attempts):
    """Seconds to wait after the `attempts`-th failed try."""
    return min(conf.JOBS_RETRY_MAX_DELAY, conf.JOBS_RETRY_DELAY * 2 ** (attempts - 1))


def retry_failed_job(sender, task_result, **kwargs):
    """task_finished receiver."""
    if task_result.status != TaskResultStatus.FAILED or not issubclass(sender, DatabaseBackend):
        return
    now = timezone.now()
    name = task_result.task.name
    if now - task_result.enqueued_at > timedelta(seconds=conf.JOBS_RETRY_FOR):
        logger.error(
            "Job %s (%s) failed %d times; given up:\n%s", task_result.id, name, task_result.attempts,
            task_result.errors[-1].traceback if task_result.errors else "",
        )
        return
    delay = backoff(task_result.attempts)
    DBTaskResult.objects.filter(pk=task_result.id, status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY, run_after=now + timedelta(seconds=delay)
    )
    error = task_result.errors[-1].exception_class_path if task_result.errors else "an error"
    logger.warning(
        "Job %s (%s) failed with %s, attempt %d; next try in %d s", task_result.id, name, error, task_result.attempts, delay
    )
