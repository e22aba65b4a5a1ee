from datetime import timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, CategoryFactory, DraftFactory, ImageFactory

pytestmark = pytest.mark.django_db


def ago(hours):
    return timezone.now() - timedelta(hours=hours)


def related(article):
    tag_ids = [tag.pk for tag in article.tags.all()]
    return list(Article.objects.related_to(article, tag_ids))


def test_related_ranks_shared_tags_then_section_then_recency():
    world, culture = CategoryFactory(), CategoryFactory()
    article = ArticleFactory(category=world, tags=["iraq", "diplomacy", "iran"])
    two_tags_old = ArticleFactory(category=culture, tags=["iraq", "iran"], published_at=ago(50))
    one_tag_new = ArticleFactory(category=culture, tags=["diplomacy"], published_at=ago(2))
    one_tag_same_section = ArticleFactory(category=world, tags=["iraq"], published_at=ago(40))
    same_section_only = ArticleFactory(category=world, published_at=ago(30))
    ArticleFactory(category=culture, published_at=ago(1))  # newest, but unrelated

    assert related(article) == [two_tags_old, one_tag_same_section, one_tag_new, same_section_only]


def test_related_falls_back_to_recency_and_never_shows_itself_or_unpublished():
    article = ArticleFactory(tags=["lonely"])
    DraftFactory(tags=["lonely"], category=article.category)
    ArticleFactory(tags=["lonely"], published_at=timezone.now() + timedelta(days=1))
    newest = [ArticleFactory(published_at=ago(hours)) for hours in (3, 4, 5, 6, 7)]
    assert related(article) == newest[:4]


def test_related_is_empty_when_nothing_else_is_published():
    assert related(ArticleFactory()) == []


def test_related_cards_print_from_the_ranking_query_and_their_bylines(django_assert_num_queries):
    article = ArticleFactory(tags=["iraq"])
    for hours in range(4):
        ArticleFactory(tags=["iraq"], featured_image=ImageFactory(), published_at=ago(hours + 1))
    tag_ids = [tag.pk for tag in article.tags.all()]
    with django_assert_num_queries(2):  # the ranking with the cards' columns, then the bylines
        cards = list(Article.objects.related_to(article, tag_ids))
        html = render_to_string("articles/related.html", {"related": cards})
    assert html.count('class="card"') == 4
