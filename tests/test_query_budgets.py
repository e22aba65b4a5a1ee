"""Every public page makes a small, constant number of queries, whatever the size
of the archive, the page or the article's thread (SPEC "Budgets")."""
import pytest

from .factories import ArticleFactory, AuthorFactory, CategoryFactory, CommentFactory, ImageFactory

pytestmark = pytest.mark.django_db

TAGS = [f"topic {n}" for n in range(30)]


def build_archive(size):
    """`size` articles across a few sections and authors, all with photos; the
    newest one (returned) carries 30 tags shared with the others and a thread
    of `size * 5` comments (200 at the larger size), replies nested."""
    sections = [CategoryFactory() for _ in range(min(size, 4))]
    authors = [AuthorFactory(avatar=ImageFactory()) for _ in range(min(size, 3))]
    articles = [
        ArticleFactory(
            title=f"Budget talks, day {n}",
            category=sections[n % len(sections)],
            author=authors[n % len(authors)],
            featured_image=ImageFactory(),
            is_featured=n == 0,
            tags=TAGS[: 1 + n % 30] if n else TAGS,
        )
        for n in range(size)
    ]
    add_thread(articles[0], size * 5)
    return articles[0]


def add_thread(article, count):
    parents = [None]
    for n in range(count):
        comment = CommentFactory(article=article, parent=parents[n % len(parents)])
        if n % 3 == 0:
            parents.append(comment)


# What each page costs. Listing pages count the page and fetch it; the front
# page fetches its page without counting the archive, plus the lead story and
# the sections' newest articles; the article page
# is the article, its tags, the related articles and the comment thread.
def page_urls(article):
    return {
        "front": "/",
        "article": article.get_absolute_url(),
        "section": article.category.get_absolute_url(),
        "tag": "/tag/topic-0/",
        "author": article.author.get_absolute_url(),
        "search": "/search/?q=budget",
        "search page 2": "/search/?q=budget&page=2",
    }


BUDGETS = {
    "front": 4,
    "article": 4,
    "section": 3,
    "tag": 3,
    "author": 3,
    "search": 2,
    "search page 2": 2,
}


@pytest.mark.parametrize("size", [12, 40])  # 60 and 200 comments on the article
@pytest.mark.parametrize("page", BUDGETS)
def test_public_pages_make_a_constant_number_of_queries(
    client, page, size, django_assert_num_queries, committed
):
    with committed():  # builds the search vectors
        url = page_urls(build_archive(size))[page]
    with django_assert_num_queries(BUDGETS[page]):
        response = client.get(url)
    assert response.status_code == 200


def test_bare_article_costs_the_same_as_a_tagged_one_with_related(client, django_assert_num_queries):
    article = ArticleFactory()
    with django_assert_num_queries(BUDGETS["article"]):
        assert client.get(article.get_absolute_url()).status_code == 200
