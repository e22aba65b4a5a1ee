from datetime import timedelta

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import SITE_URL
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, DraftFactory, ImageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_url")]


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20"
    return feed


def test_latest_feed_lists_published_articles_newest_first(client):
    older = ArticleFactory(published_at=timezone.now() - timedelta(days=2))
    newer = ArticleFactory()
    DraftFactory()
    ArticleFactory(published_at=timezone.now() + timedelta(hours=1))
    feed = fetch(client, reverse("articles:feed"))
    assert [entry.title for entry in feed.entries] == [newer.title, older.title]
    assert feed.feed.link == f"{SITE_URL}/"


def test_feed_is_capped_at_the_configured_length(client, settings):
    settings.ARTICLES_FEED_LENGTH = 3
    ArticleFactory.create_batch(5)
    assert len(fetch(client, reverse("articles:feed")).entries) == 3


def test_feed_item_carries_standfirst_author_tags_date_and_photo(client):
    photo = ImageFactory(alt_text="Boats in the harbour", credit="Ann Lee/Agency")
    article = ArticleFactory(
        standfirst="Ships & boats gather.", featured_image=photo, tags=["Harbours", "Sea"],
        authors=[AuthorFactory(name="Maya Okafor")],
    )
    entry = fetch(client, reverse("articles:feed")).entries[0]
    assert entry.link == f"{SITE_URL}{article.get_absolute_url()}"
    assert entry.id == entry.link
    assert entry.summary == "Ships & boats gather."
    assert entry.author == "Maya Okafor"
    assert sorted(tag.term for tag in entry.tags) == ["Harbours", "Sea"]
    assert entry.published_parsed[:5] == article.published_at.utctimetuple()[:5]
    [media] = entry.media_content
    assert media["url"] == f"{SITE_URL}{photo.rendition(1200)['url']}"
    assert media["medium"] == "image"
    assert media["type"] == "image/jpeg"
    assert (media["width"], media["height"]) == (str(photo.width), str(photo.height))
    assert entry.media_credit[0]["content"] == "Ann Lee/Agency"


def test_feed_links_come_from_site_url_not_the_request_host(client):
    ArticleFactory()
    response = client.get(reverse("articles:feed"), HTTP_HOST="127.0.0.1")
    body = response.content.decode()
    assert "127.0.0.1" not in body
    assert f'<atom:link href="{SITE_URL}/feed/" rel="self"' in body


@pytest.mark.parametrize(
    "url_name, factory_kwargs, slug_of",
    [
        ("articles:category_feed", lambda: {"category": CategoryFactory(slug="world")}, "world"),
        ("articles:author_feed", lambda: {"authors": [AuthorFactory(slug="maya")]}, "maya"),
        ("articles:tag_feed", lambda: {"tags": ["Iraq"]}, "iraq"),
    ],
)
def test_section_author_and_tag_feeds_hold_only_their_articles(client, url_name, factory_kwargs, slug_of):
    mine = ArticleFactory(**factory_kwargs())
    ArticleFactory()
    feed = fetch(client, reverse(url_name, args=[slug_of]))
    assert [entry.title for entry in feed.entries] == [mine.title]
    assert feed.feed.title.startswith("Trill! Mag: ")


@pytest.mark.parametrize("url_name", ["articles:category_feed", "articles:author_feed", "articles:tag_feed"])
def test_feed_of_unknown_object_is_404(client, url_name):
    assert client.get(reverse(url_name, args=["nope"])).status_code == 404


def test_feed_makes_the_same_queries_for_few_and_many_items(client, django_assert_num_queries):
    ArticleFactory.create_batch(2, tags=["One"], featured_image=ImageFactory())
    with django_assert_num_queries(3):  # articles, their bylines, their tags
        client.get(reverse("articles:feed"))
    ArticleFactory.create_batch(8, tags=["One", "Two"], featured_image=ImageFactory())
    with django_assert_num_queries(3):
        client.get(reverse("articles:feed"))


def test_section_feed_adds_one_query_for_the_section(client, django_assert_num_queries):
    section = CategoryFactory()
    ArticleFactory.create_batch(3, category=section)
    with django_assert_num_queries(4):  # section, articles (its subsections' too), bylines, tags
        client.get(reverse("articles:category_feed", args=[section.slug]))
