from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pages.models import Page
from tests.conftest import SITE_URL
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, DraftFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_url")]

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def xml(client, url, **params):
    response = client.get(url, params, HTTP_HOST="127.0.0.1")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    return ElementTree.fromstring(response.content)


def locations(tree):
    return [loc.text for loc in tree.iterfind(".//sm:loc", NS)]


def section_url(section):
    return f"{SITE_URL}{reverse('sitemap_section', kwargs={'section': section})}"


@pytest.fixture
def magazine():
    world = CategoryFactory(slug="world")
    author = AuthorFactory(slug="maya")
    live = ArticleFactory(category=world, authors=[author], tags=["Iraq"])
    hidden_section = CategoryFactory(slug="empty")
    hidden_author = AuthorFactory(slug="ghost")
    draft = DraftFactory(category=hidden_section, authors=[hidden_author], tags=["Secret"])
    scheduled = ArticleFactory(
        category=hidden_section, authors=[hidden_author], published_at=timezone.now() + timedelta(days=1)
    )
    return {"live": live, "draft": draft, "scheduled": scheduled}


def test_sitemap_index_lists_each_sitemap_on_site_url(client, magazine):
    Page.objects.create(title="About", slug="about", body="<p>Us.</p>", is_published=True)
    tree = xml(client, reverse("sitemap"))
    assert tree.tag == f"{{{NS['sm']}}}sitemapindex"
    assert locations(tree) == [
        section_url(name) for name in ["home", "articles", "sections", "tags", "authors", "pages"]
    ]
    assert all(lastmod.text for lastmod in tree.iterfind(".//sm:lastmod", NS))


def test_sitemap_index_links_every_page_of_a_long_sitemap(client, magazine, monkeypatch):
    from articles.sitemaps import ArticleSitemap

    monkeypatch.setattr(ArticleSitemap, "limit", 1)
    ArticleFactory()
    listed = locations(xml(client, reverse("sitemap")))
    assert f"{section_url('articles')}?p=2" in listed
    assert locations(xml(client, section_url("articles"), p=2)) == [f"{SITE_URL}{magazine['live'].get_absolute_url()}"]


def test_article_sitemap_lists_published_articles_with_lastmod(client, magazine):
    tree = xml(client, section_url("articles"))
    assert locations(tree) == [f"{SITE_URL}{magazine['live'].get_absolute_url()}"]
    assert tree.find(".//sm:lastmod", NS).text == magazine["live"].updated_at.date().isoformat()


@pytest.mark.parametrize(
    "section, expected",
    [
        ("home", ["/"]),
        ("sections", ["/category/world/"]),
        ("tags", ["/tag/iraq/"]),
        ("authors", ["/author/maya/"]),
    ],
)
def test_listing_sitemaps_list_only_pages_with_published_articles(client, magazine, section, expected):
    tree = xml(client, section_url(section))
    assert locations(tree) == [f"{SITE_URL}{path}" for path in expected]
    assert tree.find(".//sm:lastmod", NS).text == magazine["live"].updated_at.date().isoformat()


def test_news_sitemap_holds_the_last_48_hours_in_google_news_format(client, magazine):
    ArticleFactory(published_at=timezone.now() - timedelta(hours=49))
    live = magazine["live"]
    tree = xml(client, reverse("news_sitemap"))
    assert locations(tree) == [f"{SITE_URL}{live.get_absolute_url()}"]
    news = tree.find("sm:url/news:news", NS)
    assert news.findtext("news:publication/news:name", namespaces=NS) == "Trill! Mag"
    assert news.findtext("news:publication/news:language", namespaces=NS) == "en"
    assert news.findtext("news:title", namespaces=NS) == live.title
    published = news.findtext("news:publication_date", namespaces=NS)
    assert published == timezone.localtime(live.published_at).isoformat()


def test_news_sitemap_escapes_titles(client):
    ArticleFactory(title="Salt & <pepper> \"shakers\"")
    tree = xml(client, reverse("news_sitemap"))
    assert tree.findtext(".//news:title", namespaces=NS) == "Salt & <pepper> \"shakers\""


def test_empty_news_sitemap_is_still_valid(client):
    assert locations(xml(client, reverse("news_sitemap"))) == []


@pytest.mark.parametrize("url", ["/sitemap-nope.xml", "/sitemap-articles.xml?p=9", "/sitemap-articles.xml?p=x"])
def test_unknown_sitemap_or_page_is_404(client, url):
    assert client.get(url).status_code == 404


def query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries)


def test_sitemaps_make_the_same_queries_for_few_and_many_articles(client):
    urls = [reverse("sitemap"), reverse("news_sitemap")] + [
        section_url(name) for name in ["home", "articles", "sections", "tags", "authors", "pages"]
    ]
    ArticleFactory.create_batch(2, tags=["One"])
    few = [query_count(client, url) for url in urls]
    ArticleFactory.create_batch(6, tags=["Two", "Three"])
    assert [query_count(client, url) for url in urls] == few


def test_robots_txt_names_the_sitemaps_and_keeps_admin_and_search_out(client):
    response = client.get("/robots.txt")
    lines = response.content.decode().splitlines()
    assert "Disallow: /admin/" in lines
    assert "Disallow: /search/" in lines
    assert f"Sitemap: {SITE_URL}/sitemap.xml" in lines
    assert f"Sitemap: {SITE_URL}/news-sitemap.xml" in lines
