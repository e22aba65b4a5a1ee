"""Rebuild every article's search vector: after loading rows in bulk, after
upgrading a database that predates search, or after changing
ARTICLES_SEARCH_CONFIG. A job by default, so a worker does the long part."""
from django.core.management.base import BaseCommand

from articles.tasks import update_search_vectors


class Command(BaseCommand):
    help = "Rebuild the stored full-text search vector of every article (PostgreSQL only): queued for a worker, or --now."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="rebuild in this process instead of queueing a job")

    def handle(self, *args, now=False, **options):
        if now:
            updated = update_search_vectors.call()
            self.stdout.write(f"Search vectors rebuilt for {updated} article(s).")
        else:
            job = update_search_vectors.enqueue()
            self.stdout.write(f"Search vectors will be rebuilt by a worker (job {job.id}).")
