"""Rebuild every article's search vector: after loading rows in bulk, after
upgrading a database that predates search, or after changing
ARTICLES_SEARCH_CONFIG."""
from django.core.management.base import BaseCommand

from articles.models import Article


class Command(BaseCommand):
    help = "Rebuild the stored full-text search vector of every article (PostgreSQL only)."

    def handle(self, *args, **options):
        updated = Article.objects.all().update_search_vector()
        self.stdout.write(f"Search vectors rebuilt for {updated} article(s).")
