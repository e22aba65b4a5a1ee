import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.test import RequestFactory
from django.utils import timezone

from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, DraftFactory, ImageFactory
from trillmag.views import server_error

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(committed):
    # Committed, so its jobs (the search vector) run as they would for real.
    with committed():
        photo = ImageFactory(
            alt_text="Antony Blinken steps off a plane", caption="Blinken arrives in Baghdad.",
            credit="Alexandros Michailidis/Shutterstock",
        )
        author = AuthorFactory(name="Maya Okafor", slug="maya-okafor", bio="Covers the State Department.")
        article = ArticleFactory(
            title="Blinken Makes Secret Visit to Iraq", slug="blinken-iraq", featured_image=photo, authors=[author],
            standfirst="The Secretary of State flew into Baghdad unannounced.",
            body="<p>He met the prime minister.</p><h2>Attacks on US forces</h2><p>Drones were stopped.</p>",
            tags=["Iraq", "Middle East"], category=CategoryFactory(name="World", slug="world"), is_featured=True,
        )
        ArticleFactory.create_batch(5, tags=["Iraq"])
    return article


def text(response):
    return response.content.decode()


def assert_site_chrome(page):
    assert "Trill! Mag" in page
    assert "Connect with us" in page
    assert 'placeholder="Hi, what are you looking for?"' in page
    assert f"Copyright &copy; {timezone.localdate().year} Trill! Mag" in page
    for landmark in ("<header", "<main", "<footer", 'role="search"'):
        assert landmark in page


def test_front_page_leads_with_the_featured_story(client, story):
    response = client.get("/")
    page = text(response)
    assert response.status_code == 200
    assert_site_chrome(page)
    assert response.context["lead"] == story
    assert 'id="lead-title"' in page and story.title in page
    assert "Latest" in page and "Sections" in page
    assert len(response.context["articles"]) == 5


def test_article_page_has_everything_a_reader_expects(client, story):
    response = client.get(story.get_absolute_url())
    page = text(response)
    assert response.status_code == 200
    assert_site_chrome(page)
    assert '<h1 id="article-title" class="headline">Blinken Makes Secret Visit to Iraq</h1>' in page
    assert "The Secretary of State flew into Baghdad unannounced." in page
    assert 'alt="Antony Blinken steps off a plane"' in page
    assert "Blinken arrives in Baghdad." in page
    assert '<span class="credit">Alexandros Michailidis/Shutterstock</span>' in page
    assert "<h2>Attacks on US forces</h2>" in page
    assert 'href="/tag/iraq/" rel="tag">Iraq</a>' in page
    assert "Written By" in page and 'href="/author/maya-okafor/"' in page
    assert "Covers the State Department." in page
    assert "You May Also Like" in page
    assert len(response.context["related"]) == 4


@pytest.mark.parametrize("factory_kwargs", [
    {"status": "draft", "published_at": None},
    {"published_at": timezone.now() + timedelta(days=1)},
])
def test_unpublished_articles_are_404_to_readers(client, factory_kwargs):
    article = ArticleFactory(**factory_kwargs)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 404
    assert "We couldn’t find that page" in text(response)


def test_staff_who_edit_articles_can_preview_a_draft_uncached(client, django_user_model):
    draft = DraftFactory(title="Embargoed scoop")
    editor = django_user_model.objects.create_user("ed", password="pw", is_staff=True)
    editor.user_permissions.add(*Permission.objects.filter(codename__in=["change_article", "edit_any_article"]))
    client.force_login(editor)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Preview." in text(response)
    assert "no-cache" in response["Cache-Control"]


def test_staff_without_article_rights_cannot_preview(client, django_user_model):
    draft = DraftFactory()
    client.force_login(django_user_model.objects.create_user("mod", password="pw", is_staff=True))
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_wrong_date_in_the_url_redirects_to_the_canonical_address(client, story):
    response = client.get(f"/1999/01/01/{story.slug}/")
    assert response.status_code == 301
    assert response["Location"] == story.get_absolute_url()


def test_unknown_slug_is_404(client, story):
    assert client.get("/2023/11/05/no-such-story/").status_code == 404


def test_category_page_lists_its_articles(client, story):
    other = ArticleFactory(title="Elsewhere entirely")
    response = client.get("/category/world/")
    assert response.status_code == 200
    assert "<h1>World</h1>" in text(response)
    assert list(response.context["articles"]) == [story]
    assert other.title not in text(response)


def test_tag_page_lists_tagged_articles(client, story):
    response = client.get("/tag/middle-east/")
    assert response.status_code == 200
    assert list(response.context["articles"]) == [story]


def test_author_page_shows_bio_and_articles(client, story):
    response = client.get("/author/maya-okafor/")
    assert response.status_code == 200
    assert "Covers the State Department." in text(response)
    assert list(response.context["articles"]) == [story]


@pytest.mark.parametrize("url", ["/category/nope/", "/tag/nope/", "/author/nope/", "/no/such/page/"])
def test_unknown_pages_get_the_styled_404(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert_site_chrome(text(response))


def test_drafts_never_appear_in_listings(client, story):
    DraftFactory(title="Secret draft", category=story.category, tags=["Iraq"], authors=story.authors_in_order)
    for url in ("/", "/category/world/", "/tag/iraq/", "/author/maya-okafor/", "/search/?q=secret"):
        assert "Secret draft" not in text(client.get(url)), url


def test_search_finds_published_articles_and_keeps_the_query(client, story):
    response = client.get("/search/?q=baghdad")
    assert response.status_code == 200
    assert list(response.context["articles"]) == [story]
    assert 'value="baghdad"' in text(response)


def test_server_error_page_renders_without_the_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0):
        response = server_error(request)
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_health_check_answers_ok_with_each_dependency(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\ndatabase: ok\ncache: ok (local memory)\njobs: ok\n"


def test_health_check_tells_when_no_worker_takes_the_jobs(client):
    ArticleFactory()  # queues its search-vector job
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        response = client.get("/healthz", {"format": "json"})
    assert response.status_code == 200
    assert response.json() == {
        "status": "degraded",
        "checks": {"database": "ok", "cache": "ok (local memory)", "jobs": "1 due for over a minute: is a worker running?"},
    }


def test_robots_txt_points_at_the_sitemap(client, settings):
    settings.SITE_URL = "https://trillmag.example"
    body = text(client.get("/robots.txt"))
    assert "Sitemap: https://trillmag.example/sitemap.xml" in body
    assert "Disallow: /admin/" in body


def test_machine_readable_dates_are_valid_html(client, story):
    """HTML's datetime attribute takes at most three digits of a second's fraction."""
    for url in ("/", story.get_absolute_url()):
        stamps = re.findall(r'datetime="([^"]+)"', text(client.get(url)))
        assert stamps
        for stamp in stamps:
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4}", stamp), stamp
