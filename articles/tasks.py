"""The articles app's background jobs (jobs/ explains the queue)."""
from django_tasks import task

from trillmag.pagecache import content_changed

from .cache_keys import ARTICLES

from . import emails
from .models import Article


@task()
def refresh_search_vector(article_id):
    """Rebuild one article's search vector from what is saved now (its tags
    included); search results change, so cached pages go stale."""
    if Article.objects.filter(pk=article_id).update_search_vector():
        content_changed(ARTICLES)  # an update() sends no signal


@task()
def refresh_search_vectors(article_ids):
    """Rebuild the search vectors of many articles at once (an import)."""
    if Article.objects.filter(pk__in=article_ids).update_search_vector():
        content_changed(ARTICLES)


@task()
def update_search_vectors():
    """Rebuild every article's search vector (manage.py update_search_vectors)."""
    updated = Article.objects.all().update_search_vector()
    content_changed(ARTICLES)
    return updated


@task()
def send_review_request(article_id):
    """Email the editors that a draft is ready for review. Raising (SMTP
    refusing, timing out) leaves it for the next try; run after the draft was
    taken back or published, it sends nothing."""
    message = emails.review_request(article_id)
    if message is not None:
        message.send()


@task()
def send_sent_back(article_id):
    """Email an author the note their draft was sent back with (retried like
    send_review_request; nothing once the note is gone)."""
    message = emails.sent_back(article_id)
    if message is not None:
        message.send()
