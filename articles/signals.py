"""Keep derived data in step with the articles it comes from."""
import threading
from contextlib import contextmanager

from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from .models import Article
from .tasks import refresh_search_vector, refresh_search_vectors

_bulk = threading.local()


@contextmanager
def search_vectors_in_bulk():
    """Thousands of saves (an import) queue one job for all their articles
    when they are over, rather than one job per save."""
    outer = getattr(_bulk, "ids", None) is None
    if outer:
        _bulk.ids = set()
    try:
        yield
    finally:
        if outer:
            ids, _bulk.ids = _bulk.ids, None
            if ids:
                refresh_search_vectors.enqueue(sorted(ids))


def queue_refresh(article_pk):
    if getattr(_bulk, "ids", None) is not None:
        _bulk.ids.add(article_pk)
    else:
        refresh_search_vector.enqueue(article_pk)


# The search vector is rebuilt by a job queued in the saving transaction: the
# worker runs it after the commit, so it reads what was saved (tags included,
# which the admin saves after the article row), and a rollback leaves no job.
# Search lags a save by about a second (the worker's polling interval).
@receiver(post_save, sender=Article, dispatch_uid="article_search_vector_on_save")
def article_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        queue_refresh(instance.pk)


@receiver(m2m_changed, sender=Article.tags.through, dispatch_uid="article_search_vector_on_tags")
def article_tags_changed(sender, instance, action, **kwargs):
    # taggit's through model is shared by every tagged model.
    if isinstance(instance, Article) and action in {"post_add", "post_remove", "post_clear"}:
        queue_refresh(instance.pk)
