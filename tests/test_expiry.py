"""Unpublishing on time: after `expires_at` an article is no longer public, as
reliably as scheduling, on cached pages too, with no job to run."""
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import ArticleFactory, StaffFactory

pytestmark = pytest.mark.django_db

EXPIRY = timezone.now().replace(microsecond=0) + timedelta(hours=2)
PUBLIC_URLS = ["/", "/category/{section}/", "/tag/embargo/", "/search/?q=embargoed", "/feed/", "/sitemap-articles.xml"]


@pytest.fixture
def story(committed):
    with committed():  # the search vector
        return ArticleFactory(
            title="Embargoed results", slug="embargoed-results", tags=["embargo"], expires_at=EXPIRY,
            published_at=EXPIRY - timedelta(days=1),
        )


def public_everywhere(client, story):
    urls = [story.get_absolute_url(), *(url.format(section=story.category.slug) for url in PUBLIC_URLS)]
    return {url: b"Embargoed results" in client.get(url).content or b"embargoed-results" in client.get(url).content
            for url in urls}


@pytest.mark.parametrize("moment, public", [(-timedelta(seconds=1), True), (timedelta(0), False),
                                            (timedelta(seconds=1), False)])
def test_an_article_is_public_until_its_expiry_time_and_not_at_or_after_it(client, story, moment, public):
    with time_machine.travel(EXPIRY + moment, tick=False):
        assert Article.objects.published().filter(pk=story.pk).exists() is public
        assert story.is_live is public
        assert set(public_everywhere(client, story).values()) == {public}
        assert client.get(story.get_absolute_url()).status_code == (200 if public else 404)


def test_related_articles_and_the_news_sitemap_drop_it_too(client, story):
    other = ArticleFactory(tags=["embargo"], category=story.category)
    with time_machine.travel(EXPIRY + timedelta(seconds=1)):
        assert b"Embargoed results" not in client.get(other.get_absolute_url()).content
        assert b"embargoed-results" not in client.get(reverse("news_sitemap")).content


def test_editors_still_preview_an_expired_article_and_are_told_why_readers_cannot(client, story):
    client.force_login(StaffFactory(role="Editor"))
    with time_machine.travel(EXPIRY + timedelta(minutes=1)):
        response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert "readers no longer see it" in response.content.decode()
    assert "no-cache" in response["Cache-Control"]


def test_expiry_must_come_after_publishing():
    article = ArticleFactory.build(published_at=EXPIRY, expires_at=EXPIRY - timedelta(minutes=1))
    with pytest.raises(ValidationError) as error:
        article.clean()
    assert "after the article goes live" in str(error.value)


def test_the_admin_says_expired(client, story):
    client.force_login(StaffFactory(role="Editor"))
    with time_machine.travel(EXPIRY + timedelta(minutes=1)):
        response = client.get(reverse("admin:articles_article_changelist") + "?state=expired")
    assert [article.title for article in response.context["cl"].result_list] == ["Embargoed results"]
    assert "<td class=\"field-state\">Expired</td>" in response.content.decode()


# -- on cached pages: the page cache wakes at the next expiry ----------------------------


@pytest.fixture
def cached(settings):
    settings.PAGE_CACHE = True
    settings.PAGE_CACHE_CDN_SECONDS = 86400


def test_a_cached_page_drops_the_article_at_its_expiry(client, story, cached):
    with time_machine.travel(EXPIRY - timedelta(minutes=1)):
        assert b"Embargoed results" in client.get("/").content
        assert client.get("/")["X-Page-Cache"] == "hit"
    with time_machine.travel(EXPIRY + timedelta(seconds=1)):
        response = client.get("/")
        assert response["X-Page-Cache"] == "miss"
        assert b"Embargoed results" not in response.content
        assert client.get(story.get_absolute_url()).status_code == 404


def test_cdn_lifetimes_never_reach_past_the_next_expiry(client, story, cached):
    with time_machine.travel(EXPIRY - timedelta(seconds=90), tick=False):
        control = client.get("/")["Cache-Control"]
    assert "s-maxage=90" in control


def test_the_next_change_is_the_sooner_of_a_schedule_and_an_expiry(story):
    assert Article.objects.next_change() == EXPIRY
    sooner = EXPIRY - timedelta(minutes=30)
    ArticleFactory(published_at=sooner)
    assert Article.objects.next_change() == sooner
    ArticleFactory(status=Article.Status.DRAFT, expires_at=sooner - timedelta(minutes=5))  # drafts never expire live
    assert Article.objects.next_change() == sooner
