"""Keep derived data in step with the articles it comes from."""
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from trillmag.batches import Batch

from .models import Article
from .tasks import refresh_search_vector, refresh_search_vectors

_bulk = Batch(lambda ids: refresh_search_vectors.enqueue(sorted(ids)))


def search_vectors_in_bulk():
    """Thousands of saves (an import) queue one job for all their articles
    when they are over, rather than one job per save."""
    return _bulk.gathering()


def queue_refresh(article_pk):
    if not _bulk.add(article_pk):
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
