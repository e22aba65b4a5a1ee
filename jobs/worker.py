"""The worker: django-tasks-db's, kept running through database outages.

The library's worker stops at the first database error, and a job it was
running stays marked as running for ever. Each worker here has a stable id
(the host name, or --worker-id when a machine runs several), so that when it
comes back, after an outage or a crash and restart, it puts back in the queue
the jobs it was interrupted in. Jobs are idempotent, so running one again is
safe.
"""
import logging
import socket
import time

from django.db import DatabaseError, connections
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)
# The library's limit on a worker id.
MAX_WORKER_ID = 64


def default_worker_id():
    return socket.gethostname()[:MAX_WORKER_ID]


def requeue_interrupted(worker_id):
    """Put back in the queue the jobs this worker was running when it stopped."""
    candidates = DBTaskResult.objects.running().filter(worker_ids__icontains=worker_id)
    interrupted = [job.pk for job in candidates if job.worker_ids[-1] == worker_id]
    if interrupted:
        DBTaskResult.objects.filter(pk__in=interrupted, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.READY
        )
        logger.warning("Worker %s put %d interrupted job(s) back in the queue", worker_id, len(interrupted))
    return len(interrupted)


def make_worker(worker_id, interval=1.0, batch=False, queues=("*",)):
    return Worker(
        queue_names=list(queues),
        excluded_queue_names=[],
        interval=interval,
        batch=batch,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
    )


def run(worker, retry_every=1.0):
    """Run `worker` until it stops by itself (a batch is done, or a signal asked
    it to stop), waiting out database outages."""
    while worker.running:
        try:
            requeue_interrupted(worker.worker_id)
            worker.run()
            return
        except DatabaseError as error:
            logger.warning("Worker %s lost the database (%s); trying again in %s s", worker.worker_id, error, retry_every)
            connections.close_all()
            time.sleep(retry_every)
