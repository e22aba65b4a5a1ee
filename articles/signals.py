"""Keep derived data in step with the articles it comes from."""
from django.db import transaction
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver

from trillmag.cache import content_changed

from .models import Article


def refresh_search_vector_on_commit(article_pk):
    # On commit, so the vector is built from what was saved (tags included,
    # which the admin saves after the article row) and a rollback leaves none.
    transaction.on_commit(lambda: refresh_search_vector(article_pk))


def refresh_search_vector(article_pk):
    Article.objects.filter(pk=article_pk).update_search_vector()
    content_changed()  # an update() sends no signal, and search results just changed


@receiver(post_save, sender=Article, dispatch_uid="article_search_vector_on_save")
def article_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh_search_vector_on_commit(instance.pk)


@receiver(m2m_changed, sender=Article.tags.through, dispatch_uid="article_search_vector_on_tags")
def article_tags_changed(sender, instance, action, **kwargs):
    # taggit's through model is shared by every tagged model.
    if isinstance(instance, Article) and action in {"post_add", "post_remove", "post_clear"}:
        refresh_search_vector_on_commit(instance.pk)
