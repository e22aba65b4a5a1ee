from datetime import timedelta

import pytest
from articles.conf import conf
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import SITE_URL
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, DraftFactory, ImageFactory
from tests.page_head import Head, head

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_url")]


@pytest.fixture
def article():
    return ArticleFactory(
        title="Blinken visits Baghdad",
        standfirst="The Secretary of State arrived unannounced.",
        featured_image=ImageFactory(alt_text="A plane on the tarmac"),
        authors=[AuthorFactory(name="Maya Okafor", slug="maya")],
        category=CategoryFactory(name="World", slug="world"),
        tags=["Iraq", "Diplomacy"],
    )


def public_pages(article):
    return [
        reverse("articles:home"),
        article.get_absolute_url(),
        reverse("articles:category", args=["world"]),
        reverse("articles:tag", args=["iraq"]),
        reverse("articles:author", args=["maya"]),
        reverse("articles:search") + "?q=baghdad",
    ]


def test_article_json_ld_is_a_complete_news_article(client, article):
    page = head(client, article.get_absolute_url())
    data = page.ld("NewsArticle")
    url = f"{SITE_URL}{article.get_absolute_url()}"
    assert data["@context"] == "https://schema.org"
    assert data["headline"] == "Blinken visits Baghdad"
    assert data["description"] == article.standfirst
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert data["image"] == [f"{SITE_URL}{article.featured_image.rendition(1200)['url']}"]
    assert "/renditions/" in data["image"][0]
    assert data["author"] == [{"@type": "Person", "name": "Maya Okafor", "url": f"{SITE_URL}/author/maya/"}]
    assert data["publisher"]["@type"] == "Organization"
    assert data["publisher"]["name"] == "Trill! Mag"
    assert data["publisher"]["logo"]["url"] == f"{SITE_URL}/static/img/logo.png"
    assert data["datePublished"] == article.published_at.replace(microsecond=0).isoformat()
    assert data["dateModified"] == article.updated_at.replace(microsecond=0).isoformat()
    assert data["articleSection"] == "World"
    assert sorted(data["keywords"]) == ["Diplomacy", "Iraq"]


def test_article_breadcrumbs_run_home_section_article(client, article):
    crumbs = head(client, article.get_absolute_url()).ld("BreadcrumbList")["itemListElement"]
    assert [(crumb["position"], crumb["name"], crumb["item"]) for crumb in crumbs] == [
        (1, "Trill! Mag", f"{SITE_URL}/"),
        (2, "World", f"{SITE_URL}/category/world/"),
        (3, "Blinken visits Baghdad", f"{SITE_URL}{article.get_absolute_url()}"),
    ]


@pytest.mark.parametrize("path, name", [("/category/world/", "World"), ("/author/maya/", "Maya Okafor")])
def test_listing_pages_have_breadcrumbs(client, article, path, name):
    crumbs = head(client, path).ld("BreadcrumbList")["itemListElement"]
    assert [crumb["name"] for crumb in crumbs] == ["Trill! Mag", name]


def test_front_page_declares_the_website_and_its_search(client, article):
    data = head(client, "/").ld("WebSite")
    assert data["url"] == f"{SITE_URL}/"
    action = data["potentialAction"]
    assert action["@type"] == "SearchAction"
    assert action["target"]["urlTemplate"] == f"{SITE_URL}/search/?q={{search_term_string}}"
    assert action["query-input"] == "required name=search_term_string"
    assert data["publisher"]["logo"]["width"] == 512


def test_a_headline_cannot_break_out_of_the_json_ld_script(client):
    hostile = ArticleFactory(title="</script><script>alert(1)</script> <!-- & more")
    html = client.get(hostile.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html[: html.index("</head>")]
    assert Head(html).ld("NewsArticle")["headline"] == hostile.title


@pytest.mark.parametrize("index", range(6))
def test_every_public_page_has_an_absolute_canonical_and_share_tags(client, article, index):
    url = public_pages(article)[index]
    page = head(client, url)
    [canonical] = page.link("canonical")
    assert canonical["href"].startswith(f"{SITE_URL}/")
    assert page.one("og:url") == canonical["href"]
    assert page.one("og:title")
    assert page.one("og:description") == page.one("description")
    assert page.one("og:image").startswith(f"{SITE_URL}/")
    assert page.one("og:site_name") == "Trill! Mag"
    assert page.one("twitter:card") in {"summary", "summary_large_image"}
    assert page.link("alternate", type="application/rss+xml", href=f"{SITE_URL}/feed/")


def fill_second_pages(article):
    ArticleFactory.create_batch(
        conf.ARTICLES_PER_PAGE + 1, category=article.category, authors=article.authors_in_order, tags=["Iraq"]
    )


def test_titles_and_descriptions_are_unique_across_pages(client, article):
    fill_second_pages(article)
    urls = public_pages(article) + [
        "/?page=2",
        "/category/world/?page=2",
        "/tag/iraq/?page=2",
        "/author/maya/?page=2",
        reverse("articles:search"),
    ]
    heads = [head(client, url) for url in urls]
    titles = [page.title for page in heads]
    descriptions = [page.one("description") for page in heads]
    assert len(set(titles)) == len(urls), titles
    assert len(set(descriptions)) == len(urls), descriptions


def test_paginated_page_is_its_own_canonical(client, article):
    fill_second_pages(article)
    [canonical] = head(client, "/category/world/?page=2&utm_source=x").link("canonical")
    assert canonical["href"] == f"{SITE_URL}/category/world/?page=2"


def test_article_share_tags_use_the_featured_photo(client, article):
    page = head(client, article.get_absolute_url())
    photo = article.featured_image
    assert page.one("og:type") == "article"
    copy = photo.rendition(1200)
    assert "/renditions/" in copy["url"]
    assert page.one("og:image") == f"{SITE_URL}{copy['url']}"
    assert page.one("og:image:width") == str(copy["width"])
    assert page.one("og:image:alt") == "A plane on the tarmac"
    assert page.one("twitter:card") == "summary_large_image"
    assert page.one("twitter:image") == page.one("og:image")
    assert sorted(page.meta["article:tag"]) == ["Diplomacy", "Iraq"]
    assert page.one("article:section") == "World"


def test_seo_overrides_replace_title_and_description(client, article):
    article.seo_title = "Blinken in Baghdad: what we know"
    article.seo_description = "A short summary for search results."
    article.save()
    page = head(client, article.get_absolute_url())
    assert page.title == "Blinken in Baghdad: what we know | Trill! Mag"
    assert page.one("description") == "A short summary for search results."
    assert page.one("og:title") == "Blinken in Baghdad: what we know"
    assert page.ld("NewsArticle")["headline"] == "Blinken in Baghdad: what we know"


def test_long_standfirst_is_cut_for_the_description(client):
    article = ArticleFactory(standfirst="word " * 100)
    assert len(head(client, article.get_absolute_url()).one("description")) <= 160


def test_section_tag_and_author_pages_announce_their_own_feed(client, article):
    assert head(client, "/category/world/").link("alternate", href=f"{SITE_URL}/category/world/feed/")
    assert head(client, "/tag/iraq/").link("alternate", href=f"{SITE_URL}/tag/iraq/feed/")
    assert head(client, "/author/maya/").link("alternate", href=f"{SITE_URL}/author/maya/feed/")


def test_search_results_and_previews_are_kept_out_of_the_index(client, admin_client):
    assert head(client, "/search/?q=x").one("robots") == "noindex, follow"
    draft = DraftFactory()
    response = admin_client.get(draft.get_absolute_url(), HTTP_HOST="127.0.0.1")
    assert Head(response.content.decode()).one("robots") == "noindex"


def test_published_article_is_indexable(client, article):
    assert "robots" not in head(client, article.get_absolute_url()).meta


def test_admin_offers_the_seo_overrides(admin_client):
    html = admin_client.get(reverse("admin:articles_article_add")).content.decode()
    assert 'name="seo_title"' in html
    assert 'name="seo_description"' in html


def page_query_counts(client, urls):
    counts = []
    for url in urls:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    return counts


def test_pages_make_the_same_queries_for_few_and_many_articles(client, article):
    urls = public_pages(article)
    ArticleFactory(category=article.category, authors=article.authors_in_order, tags=["Iraq"])
    few = page_query_counts(client, urls)
    for _ in range(6):
        ArticleFactory(
            title="Baghdad talks",
            category=article.category,
            authors=article.authors_in_order,
            featured_image=ImageFactory(),
            tags=["Iraq", "Diplomacy", "Talks"],
            published_at=timezone.now() - timedelta(minutes=5),
        )
    assert page_query_counts(client, urls) == few
