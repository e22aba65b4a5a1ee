"""Query budgets: a page costs the same number of queries whatever it shows."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, ImageFactory

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_article_page_queries_do_not_grow_with_tags_or_related(client):
    bare = ArticleFactory()
    rich = ArticleFactory(featured_image=ImageFactory(), author=AuthorFactory(avatar=ImageFactory()),
                          tags=[f"tag {n}" for n in range(30)])
    for n in range(30):
        ArticleFactory(featured_image=ImageFactory(), category=rich.category, tags=[f"tag {n}"])
    assert count_queries(client, bare.get_absolute_url()) == count_queries(client, rich.get_absolute_url())
    assert count_queries(client, rich.get_absolute_url()) <= 10


@pytest.mark.parametrize("url", ["/", "/category/world/", "/tag/news/", "/author/writer/", "/search/?q=headline"])
def test_listing_queries_do_not_grow_with_the_page(client, url, committed):
    section, author = CategoryFactory(slug="world"), AuthorFactory(slug="writer")
    with committed():  # builds the search vector
        ArticleFactory.create_batch(2, category=section, author=author, tags=["news"])
    small = count_queries(client, url)
    with committed():
        for _ in range(12):
            ArticleFactory(category=section, author=author, tags=["news", "more"], featured_image=ImageFactory())
    CategoryFactory.create_batch(3)
    response = client.get(url)
    assert len(response.context["articles"]) >= 10
    assert count_queries(client, url) == small
