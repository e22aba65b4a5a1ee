"""Pages (About, privacy policy…) at /<slug>/: never on another URL's address,
in the footer menu in the editors' order, in the sitemap, with metadata."""
import pytest
from django.core.exceptions import ValidationError
from django.urls import resolve, reverse

from pages.models import Page
from pages.reserved import is_reserved, routes
from tests.conftest import SITE_URL
from tests.factories import ArticleFactory, ImageFactory, StaffFactory
from tests.page_head import head

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_url")]


def make_page(**fields):
    defaults = {"title": "About us", "slug": "about", "body": "<p>Who we are.</p>", "is_published": True}
    return Page.objects.create(**{**defaults, **fields})


# -- reserved slugs --------------------------------------------------------------------------

RESERVED = [
    "feed", "search", "admin", "category", "tag", "author", "comments", "media", "static", "sitemap",
    "news-sitemap", "healthz", "robots", "2024", "1999", "Feed", "wp-admin",
]


@pytest.mark.parametrize("slug", RESERVED)
def test_a_page_cannot_take_a_reserved_slug(slug):
    with pytest.raises(ValidationError) as error:
        Page(title="x", slug=slug, body="<p>x</p>").full_clean()
    assert "already part of the site's own addresses" in str(error.value)


@pytest.mark.parametrize("slug", ["about", "privacy-policy", "contact", "20245", "advertise"])
def test_ordinary_slugs_are_free(slug):
    assert not is_reserved(slug)


def test_every_route_of_the_urlconf_reserves_its_first_segment():
    for route in routes():
        segment = route.split("/", 1)[0]
        if segment and "<" not in segment and not segment.startswith("("):
            assert is_reserved(segment.split(".")[0]), route


def test_no_free_slug_is_served_by_another_view():
    for slug in ["about", "privacy-policy", "contact-us"]:
        assert resolve(f"/{slug}/").view_name == "pages:detail"


def test_a_page_titled_like_a_reserved_word_gets_a_free_slug():
    page = Page.objects.create(title="Search", body="<p>How to search.</p>")
    assert page.slug == "search-page"


def test_the_admin_refuses_a_reserved_slug_with_a_clear_message(client):
    client.force_login(StaffFactory(role="Editor"))
    response = client.post(reverse("admin:pages_page_add"), {
        "title": "Feed", "slug": "feed", "body": "<p>x</p>", "footer_position": 0,
    })
    assert "“feed” is already part of the site" in response.content.decode()
    assert not Page.objects.exists()


# -- serving ----------------------------------------------------------------------------------


def test_a_published_page_is_served_with_the_site_chrome_and_its_body(client):
    photo = ImageFactory(alt_text="The newsroom", credit="Staff/Trill! Mag")
    make_page(body="<p>We are <strong>independent</strong>.</p><script>alert(1)</script>", photo=photo)
    response = client.get("/about/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1 id=\"page-title\" class=\"headline\">About us</h1>" in page
    assert "<strong>independent</strong>" in page and "<script>alert" not in page
    assert "Connect with us" in page and "Staff/Trill! Mag" in page


def test_a_page_body_shows_library_photos_like_an_article(client):
    photo = ImageFactory(credit="Ana Ruiz/Wire")
    page = make_page(body=f'<figure><img src="x" alt="Desk" data-file="{photo.pk}"></figure>')
    assert "Ana Ruiz/Wire" in page.body_html and "<picture>" in page.body_html
    assert list(page.body_photos.all()) == [photo]


def test_unpublished_pages_are_404_to_readers_and_a_preview_for_editors(client):
    make_page(is_published=False)
    assert client.get("/about/").status_code == 404
    client.force_login(StaffFactory(role="Editor"))
    response = client.get("/about/")
    assert response.status_code == 200 and "no-cache" in response["Cache-Control"]


def test_page_metadata_canonical_open_graph_and_web_page_json_ld(client):
    make_page(summary="The people behind the magazine.", photo=ImageFactory(alt_text="Our office"))
    page = head(client, "/about/")
    assert page.link("canonical", href=f"{SITE_URL}/about/")
    assert page.one("og:title") == "About us" and page.one("og:url") == f"{SITE_URL}/about/"
    assert page.one("og:description") == "The people behind the magazine."
    assert page.one("og:image:alt") == "Our office"
    data = page.ld("WebPage")
    assert (data["name"], data["url"], data["description"]) == (
        "About us", f"{SITE_URL}/about/", "The people behind the magazine."
    )
    assert page.title == "About us | Trill! Mag"


def test_a_page_without_a_summary_is_described_by_its_opening_words(client):
    make_page(body="<p>We report the news without fear.</p><p>More.</p>")
    assert head(client, "/about/").one("description").startswith("We report the news without fear.")


# -- the footer menu and the privacy note ----------------------------------------------------------


def footer(html):
    return html[html.index('aria-label="Footer"') :]


def test_the_footer_lists_pages_in_the_editors_order_on_every_page(client):
    article = ArticleFactory()
    make_page(title="Privacy policy", slug="privacy-policy", in_footer=True, footer_position=2)
    make_page(title="About us", slug="about", in_footer=True, footer_position=1)
    make_page(title="Hidden", slug="hidden", in_footer=False)
    make_page(title="Draft", slug="draft", in_footer=True, is_published=False)
    for url in ("/", article.get_absolute_url(), "/about/", "/search/?q=x"):
        menu = footer(client.get(url).content.decode())
        assert menu.index('href="/about/"') < menu.index('href="/privacy-policy/"'), url
        assert "Hidden" not in menu and "Draft" not in menu


def test_editors_reorder_the_footer_from_the_page_list(client):
    about = make_page(title="About us", slug="about", in_footer=True, footer_position=1)
    privacy = make_page(title="Privacy policy", slug="privacy-policy", in_footer=True, footer_position=2)
    client.force_login(StaffFactory(role="Editor"))
    response = client.post(reverse("admin:pages_page_changelist"), {
        "form-TOTAL_FORMS": "2", "form-INITIAL_FORMS": "2", "_save": "Save",
        "form-0-id": privacy.pk, "form-0-is_published": "on", "form-0-in_footer": "on", "form-0-footer_position": "0",
        "form-1-id": about.pk, "form-1-is_published": "on", "form-1-in_footer": "on", "form-1-footer_position": "5",
    })
    assert response.status_code == 302
    menu = footer(client.get("/").content.decode())
    assert menu.index('href="/privacy-policy/"') < menu.index('href="/about/"')


def test_authors_cannot_change_pages(client):
    client.force_login(StaffFactory(role="Author"))
    assert client.get(reverse("admin:pages_page_add")).status_code == 403


def test_the_comment_forms_privacy_note_links_to_the_privacy_policy(client, settings):
    article = ArticleFactory()
    assert "privacy policy" not in client.get(article.get_absolute_url()).content.decode()
    make_page(title="Privacy policy", slug="privacy-policy")
    note = client.get(article.get_absolute_url()).content.decode()
    assert '<a href="/privacy-policy/">our privacy policy</a>' in note
    settings.PAGES_PRIVACY_POLICY = "about"
    make_page(title="About", slug="about")
    assert '<a href="/about/">our privacy policy</a>' in client.get(article.get_absolute_url()).content.decode()


def test_published_pages_are_in_the_sitemap(client):
    make_page()
    make_page(slug="unpublished", is_published=False)
    xml = client.get(reverse("sitemap_section", args=["pages"])).content.decode()
    assert f"<loc>{SITE_URL}/about/</loc>" in xml and "unpublished" not in xml
    index = client.get(reverse("sitemap")).content.decode()
    assert f"{SITE_URL}/sitemap-pages.xml" in index


def test_editing_a_page_refreshes_cached_pages(client, settings, django_capture_on_commit_callbacks):
    settings.PAGE_CACHE = True
    with django_capture_on_commit_callbacks(execute=True):
        page = make_page(in_footer=True)
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    page.title = "Who we are"
    with django_capture_on_commit_callbacks(execute=True):
        page.save()
    response = client.get("/")
    assert response["X-Page-Cache"] == "miss" and b"Who we are" in response.content
