"""The articles app's background jobs (jobs/ explains the queue)."""
from django_tasks import task

from trillmag.cache import content_changed

from .models import Article


@task()
def refresh_search_vector(article_id):
    """Rebuild one article's search vector from what is saved now (its tags
    included); search results change, so cached pages go stale."""
    if Article.objects.filter(pk=article_id).update_search_vector():
        content_changed()  # an update() sends no signal


@task()
def refresh_search_vectors(article_ids):
    """Rebuild the search vectors of many articles at once (an import)."""
    if Article.objects.filter(pk__in=article_ids).update_search_vector():
        content_changed()


@task()
def update_search_vectors():
    """Rebuild every article's search vector (manage.py update_search_vectors)."""
    updated = Article.objects.all().update_search_vector()
    content_changed()
    return updated
