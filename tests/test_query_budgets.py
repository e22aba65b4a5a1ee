"""Every public page makes a small, constant number of queries, whatever the size
of the archive, the page, the article's thread, its bylines or the depth of its
section (SPEC "Budgets")."""
import uuid

import pytest
from django.test import Client

from pages.context_processors import site_pages
from pages.models import Page

from .factories import ArticleFactory, AuthorFactory, CategoryFactory, CommentFactory, ImageFactory, StaffFactory

pytestmark = pytest.mark.django_db

TAGS = [f"topic {n}" for n in range(30)]


def build_archive(size):
    """`size` articles across a few sections (nested as deep as there are
    sections) and authors, all with photos, one in three with two authors; the
    newest one (returned) carries 30 tags shared with the others and a thread
    of `size * 5` comments (200 at the larger size), replies nested."""
    sections = [CategoryFactory()]
    for _ in range(min(size, 4) - 1):
        sections.append(CategoryFactory(parent=sections[-1]))
    authors = [AuthorFactory(avatar=ImageFactory()) for _ in range(min(size, 3))]
    articles = [
        ArticleFactory(
            title=f"Budget talks, day {n}",
            category=sections[-1 - n % len(sections)],
            authors=authors[n % len(authors) :][: 1 + (n % 3 == 0)],
            featured_image=ImageFactory(),
            is_featured=n == 0,
            tags=TAGS[: 1 + n % 30] if n else TAGS,
        )
        for n in range(size)
    ]
    for n in range(min(size, 6)):
        Page.objects.create(title=f"Page {n}", slug=f"page-{n}", body="<p>x</p>", is_published=True, in_footer=True)
    add_thread(articles[0], size * 5)
    return articles[0], sections[0]


def add_thread(article, count):
    parents = [None]
    for n in range(count):
        comment = CommentFactory(article=article, parent=parents[n % len(parents)])
        if n % 3 == 0:
            parents.append(comment)


def page_urls(article, top_section):
    return {
        "front": "/",
        "article": article.get_absolute_url(),
        "section": article.category.get_absolute_url(),
        "parent section": top_section.get_absolute_url(),
        "tag": "/tag/topic-0/",
        "author": article.authors_in_order[0].get_absolute_url(),
        "search": "/search/?q=budget",
        "search page 2": "/search/?q=budget&page=2",
        "page": "/page-0/",
    }


# What each page costs. Every page reads the footer's pages (one query, which
# the page cache remembers per content version: these tests run with it off).
# Listings count the page, fetch it, and fetch its articles' bylines with their
# authors in one more query (a prefetch: one query per listing, not per card).
# The front page fetches its page without counting the archive, plus the lead
# story (whose bylines come in the page's prefetch) and the sections' newest
# articles (two queries). The article page is the article, its tags, the
# related articles, the bylines of all of these (one prefetch) and the comment
# thread. A section page finds its subsections' articles in the same query
# whatever their depth (a stored tree path).
BUDGETS = {
    "front": 6,
    "article": 6,
    "section": 5,
    "parent section": 5,
    "tag": 5,
    "author": 5,
    "search": 4,
    "search page 2": 4,
    "page": 2,
}


@pytest.mark.parametrize("size", [12, 40])  # 60 and 200 comments on the article
@pytest.mark.parametrize("page", BUDGETS)
def test_public_pages_make_a_constant_number_of_queries(
    client, page, size, django_assert_num_queries, committed
):
    with committed():  # builds the search vectors
        url = page_urls(*build_archive(size))[page]
    with django_assert_num_queries(BUDGETS[page]):
        response = client.get(url)
    assert response.status_code == 200


def test_bare_article_costs_the_same_as_a_tagged_one_with_related(client, django_assert_num_queries):
    article = ArticleFactory()
    with django_assert_num_queries(BUDGETS["article"]):
        assert client.get(article.get_absolute_url()).status_code == 200


def test_the_footer_costs_no_query_once_remembered(settings, django_assert_num_queries):
    settings.PAGE_CACHE = True
    Page.objects.create(title="About", slug="about", body="<p>x</p>", is_published=True, in_footer=True)
    assert site_pages()["footer"] == [("About", "/about/")]
    with django_assert_num_queries(0):
        assert site_pages()["footer"] == [("About", "/about/")]


# A signed-in staff member's cached page: their user (the admin bar needs it,
# and it must be read fresh, so that a deactivated account stops at once) with
# whether their role needs a second factor (staffauth/backends.py), and their
# session unless a shared cache holds it (trillmag/settings.py, SESSION_ENGINE:
# cached_db with Redis). An author, with second factors required of editors.
STAFF_HIT = {"db": 2, "cached_db": 1}


@pytest.mark.parametrize("engine", STAFF_HIT)
def test_a_staff_members_cached_page_costs_their_user_and_no_session_query_with_redis(
    engine, settings, django_assert_num_queries, request
):
    if engine == "cached_db":
        from trillmag.cache_backends import redis_cache

        url = request.getfixturevalue("redis_url")
        settings.CACHES = {"default": redis_cache(url, key_prefix=f"trillmag-test-{uuid.uuid4().hex[:8]}")}
    settings.SESSION_ENGINE = f"django.contrib.sessions.backends.{engine}"
    settings.PAGE_CACHE = True
    settings.STAFF_REQUIRE_TWO_FACTOR = True
    article = ArticleFactory()
    staff = Client()
    staff.force_login(StaffFactory(role="Author"))
    Client().get(article.get_absolute_url())  # a reader's visit stores the shared page
    staff.get(article.get_absolute_url())
    with django_assert_num_queries(STAFF_HIT[engine]):
        assert staff.get(article.get_absolute_url())["X-Page-Cache"] == "hit"
