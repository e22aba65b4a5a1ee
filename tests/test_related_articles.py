""""You May Also Like": shared tags first, then the same section, then recency,
never the article itself nor anything readers cannot see."""
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article

from .factories import ArticleFactory, CategoryFactory, DraftFactory

pytestmark = pytest.mark.django_db


def related(article):
    tag_ids = list(article.tags.values_list("pk", flat=True))
    return list(Article.objects.related_to(article, tag_ids))


def test_related_articles_rank_shared_tags_then_section_then_recency():
    section = CategoryFactory()
    article = ArticleFactory(category=section, tags=["rail", "strikes", "budget"])
    hours = iter(range(2, 100))

    def older(**kwargs):
        return ArticleFactory(published_at=timezone.now() - timedelta(hours=next(hours)), **kwargs)

    same_section_newest = older(category=section)
    two_tags = older(tags=["rail", "strikes"])
    one_tag = older(tags=["budget"])
    newest_elsewhere = ArticleFactory(published_at=timezone.now() - timedelta(minutes=5))
    assert related(article) == [two_tags, one_tag, same_section_newest, newest_elsewhere]


def test_related_articles_leave_out_the_article_drafts_and_scheduled_ones():
    article = ArticleFactory(tags=["rail"])
    DraftFactory(tags=["rail"])
    ArticleFactory(tags=["rail"], published_at=timezone.now() + timedelta(days=1))
    visible = ArticleFactory(tags=["rail"])
    assert related(article) == [visible]
