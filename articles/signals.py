"""Keep derived data in step with the articles it comes from."""
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from .models import Article
from .tasks import refresh_search_vector


# The search vector is rebuilt by a job queued in the saving transaction: the
# worker runs it after the commit, so it reads what was saved (tags included,
# which the admin saves after the article row), and a rollback leaves no job.
# Search lags a save by about a second (the worker's polling interval).
@receiver(post_save, sender=Article, dispatch_uid="article_search_vector_on_save")
def article_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_search_vector.enqueue(instance.pk)


@receiver(m2m_changed, sender=Article.tags.through, dispatch_uid="article_search_vector_on_tags")
def article_tags_changed(sender, instance, action, **kwargs):
    # taggit's through model is shared by every tagged model.
    if isinstance(instance, Article) and action in {"post_add", "post_remove", "post_clear"}:
        refresh_search_vector.enqueue(instance.pk)
