from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article
from articles.sanitize import sanitize_html
from tests.factories import ArticleFactory, DraftFactory, ImageFactory

pytestmark = pytest.mark.django_db


def test_slug_is_made_from_the_title_and_kept_unique():
    first = ArticleFactory(title="Blinken in Baghdad", slug="")
    second = ArticleFactory(title="Blinken in Baghdad", slug="")
    assert first.slug == "blinken-in-baghdad"
    assert second.slug == "blinken-in-baghdad-2"


def test_publishing_without_a_time_publishes_now():
    article = DraftFactory()
    article.status = Article.Status.PUBLISHED
    article.save()
    assert article.published_at is not None
    assert article in Article.objects.published()


def test_drafts_are_not_published():
    DraftFactory()
    assert not Article.objects.published().exists()


def test_a_future_publication_time_schedules_the_article():
    due = timezone.now() + timedelta(hours=3)
    article = ArticleFactory(published_at=due)
    assert article not in Article.objects.published()
    with time_machine.travel(due - timedelta(seconds=1)):
        assert article not in Article.objects.published()
    with time_machine.travel(due + timedelta(seconds=1)):
        assert article in Article.objects.published()


def test_absolute_url_carries_the_publication_date():
    article = ArticleFactory(slug="story", published_at=timezone.make_aware(timezone.datetime(2023, 11, 5, 12)))
    assert article.get_absolute_url() == "/2023/11/05/story/"


def test_body_is_sanitised_when_saved():
    article = ArticleFactory(
        body='<h2>Heading</h2><p onclick="steal()">Text <em>em</em> <strong>b</strong>'
        '<a href="javascript:alert(1)">bad</a> <a href="https://example.com/">good</a></p>'
        "<script>alert(1)</script><ul><li>one</li></ul><ol><li>two</li></ol>"
        "<blockquote>quote</blockquote><img src=x onerror=alert(1)><style>body{}</style><iframe src=//evil></iframe>"
    )
    article.refresh_from_db()
    body = article.body
    for kept in ("<h2>Heading</h2>", "<em>em</em>", "<strong>b</strong>", "<li>one</li>", "<ol>", "<blockquote>quote"):
        assert kept in body
    assert 'href="https://example.com/"' in body
    for gone in ("<script", "onclick", "onerror", "javascript:", "<style", "<iframe", "alert(1)</script"):
        assert gone not in body


def test_sanitiser_adds_rel_to_links_and_drops_unknown_schemes():
    cleaned = sanitize_html('<a href="https://x.test/" target="_blank">x</a><a href="data:text/html,hi">d</a>')
    assert 'rel="noopener noreferrer"' in cleaned
    assert "data:" not in cleaned
    assert "target" not in cleaned


def test_credit_belongs_to_the_photo_and_caption_may_vary_per_article():
    photo = ImageFactory(caption="Default caption", credit="Alexandros Michailidis/Shutterstock")
    plain = ArticleFactory(featured_image=photo)
    custom = ArticleFactory(featured_image=photo, featured_image_caption="Another angle")
    assert plain.caption == "Default caption"
    assert custom.caption == "Another angle"
    assert plain.featured_image.credit == custom.featured_image.credit == "Alexandros Michailidis/Shutterstock"


def test_image_dimensions_are_recorded():
    photo = ImageFactory()
    assert (photo.width, photo.height) == (64, 48)
