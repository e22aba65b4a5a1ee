import pytest

from tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def section(settings, committed):
    settings.ARTICLES_PER_PAGE = 10
    with committed():  # builds the search vector
        section = CategoryFactory(slug="world")
        ArticleFactory.create_batch(25, category=section, tags=["news"])
    return section


LISTINGS = ["/", "/category/world/", "/tag/news/", "/search/?q=headline"]


@pytest.mark.parametrize("url", LISTINGS)
def test_second_page_lists_older_articles(client, section, url):
    joiner = "&" if "?" in url else "?"
    response = client.get(f"{url}{joiner}page=2")
    assert response.status_code == 200
    assert response.context["page_obj"].number == 2
    assert b'rel="prev"' in response.content


@pytest.mark.parametrize("url", LISTINGS)
@pytest.mark.parametrize("page", ["0", "-1", "99", "abc", "1.5", "%00", "9" * 20, "1e9"])
def test_impossible_pages_are_404_never_500(client, section, url, page):
    joiner = "&" if "?" in url else "?"
    response = client.get(f"{url}{joiner}page={page}")
    assert response.status_code == 404
    assert b"couldn" in response.content  # the styled 404 page


def test_search_pagination_keeps_the_query(client, section):
    response = client.get("/search/?q=headline")
    assert b"?q=headline&amp;page=2" in response.content


def test_the_front_page_pages_without_counting_the_archive(client, section):
    first = client.get("/")
    assert b"Page 1</span>" in first.content and b'rel="next"' in first.content
    # 25 articles: the lead, then 10 a page: the third page is the last.
    last = client.get("/?page=3")
    assert b'rel="prev"' in last.content and b'rel="next"' not in last.content
    assert len(last.context["articles"]) == 4
    assert client.get("/?page=4").status_code == 404
    assert client.get("/?page=last").status_code == 404


def test_other_listings_say_how_many_pages_there_are(client, section):
    assert b"Page 1 of 3" in client.get("/category/world/").content
