"""Run background jobs: `python manage.py jobs_worker` on any machine that can
reach the database (README.md, "Background jobs")."""
from django.core.management.base import BaseCommand

from jobs import worker


class Command(BaseCommand):
    help = "Run queued background jobs as they come, until stopped (SIGTERM or Ctrl-C finish the current job first)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--worker-id", default=worker.default_worker_id(),
            help="unique among running workers and the same after a restart (default: the host name)",
        )
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between looks at an empty queue")
        parser.add_argument("--queue", action="append", dest="queues", help="only these queues (default: all)")
        parser.add_argument("--batch", action="store_true", help="run the jobs that are due, then stop")

    def handle(self, *, worker_id, interval, queues, batch, **options):
        job_worker = worker.make_worker(worker_id[: worker.MAX_WORKER_ID], interval, batch, queues or ["*"])
        job_worker.configure_signals()
        worker.run(job_worker, retry_every=max(interval, 1.0))
