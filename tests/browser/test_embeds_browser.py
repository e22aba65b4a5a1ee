"""An embedded video in a real browser: nothing is asked of a third party until
the reader clicks, then the provider's player appears. The provider is played
by a local stand-in (page.route): tests never reach the internet."""
from urllib.parse import urlsplit

import pytest

from articles.models import Article
from tests.browser.admin_helpers import choose_autocomplete
from tests.factories import ArticleFactory, CategoryFactory, ImageFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIDEO = "https://www.youtube.com/watch?v=jNQXAC9IVRw"
PLAYER = "https://www.youtube-nocookie.com/embed/jNQXAC9IVRw?autoplay=1"
STAND_IN = "<!doctype html><title>Player</title><p id='stand-in'>The provider's player</p>"


@pytest.fixture
def requests_seen(page, live_server):
    """Every URL the page asks for. The site's own are served; the provider's
    player gets the stand-in; anything else is refused (and still recorded)."""
    seen = []
    site = urlsplit(live_server.url).netloc

    def handle(route):
        url = route.request.url
        seen.append(url)
        if urlsplit(url).netloc == site:
            route.continue_()
        elif url.startswith("https://www.youtube-nocookie.com/"):
            route.fulfill(status=200, content_type="text/html", body=STAND_IN)
        else:
            route.abort()

    page.context.route("**/*", handle)
    return seen


def test_the_player_loads_only_after_the_click_and_nothing_before_leaves_the_site(page, live_server, requests_seen):
    poster = ImageFactory(alt_text="Elephants at the zoo", source=VIDEO)
    article = ArticleFactory(body=f'<p>Watch it.</p><p><a href="{VIDEO}">Me at the zoo</a></p>')
    page.goto(live_server.url + article.get_absolute_url())
    page.wait_for_load_state("networkidle")

    site = urlsplit(live_server.url).netloc
    assert requests_seen and all(urlsplit(url).netloc == site for url in requests_seen), requests_seen
    facade = page.locator("figure.embed .embed-facade")
    assert "Me at the zoo" in facade.inner_text()
    assert facade.locator("img").evaluate("img => img.complete && img.naturalWidth > 0")
    assert poster.src in facade.locator("img").get_attribute("src")
    assert page.locator("iframe").count() == 0

    facade.click()
    frame = page.locator("figure.embed iframe.embed-frame")
    frame.wait_for()
    assert frame.get_attribute("src") == PLAYER
    assert frame.get_attribute("title") == "Me at the zoo"
    player = page.frame_locator("figure.embed iframe.embed-frame")
    assert player.locator("#stand-in").inner_text() == "The provider's player"
    outside = [url for url in requests_seen if urlsplit(url).netloc != site]
    assert outside == [PLAYER]


def test_without_a_click_a_page_with_every_kind_of_embed_stays_on_the_site(page, live_server, requests_seen):
    body = "".join(
        f"<p>{address}</p>"
        for address in (
            VIDEO,
            "https://vimeo.com/76979871",
            "https://x.com/trillmag/status/1720000000000000000",
            "https://bsky.app/profile/trillmag.bsky.social/post/3kabcdefghijk",
            "https://mastodon.social/@trillmag/111222333444555666",
            "https://www.instagram.com/p/C1a2b3c4d5e/",
            "https://www.openstreetmap.org/#map=12/31.95/35.93",
        )
    )
    article = ArticleFactory(body=body)
    page.goto(live_server.url + article.get_absolute_url())
    page.wait_for_load_state("networkidle")
    assert page.locator("figure.embed").count() == 7
    site = urlsplit(live_server.url).netloc
    assert all(urlsplit(url).netloc == site for url in requests_seen), requests_seen


def test_an_editor_pastes_an_address_on_its_own_line_and_it_is_stored_as_an_embed(live_server, staff_page):
    page = staff_page(StaffFactory(role="Editor", first_name="Dana", last_name="Desk"))
    CategoryFactory(name="Culture")
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.fill("#id_title", "The first video")
    page.fill("#id_standfirst", "Nineteen seconds at the zoo.")
    editor = page.locator("div.ProseMirror[contenteditable=true]")
    editor.click()
    page.keyboard.type("It starts with elephants.")
    page.keyboard.press("Enter")
    page.keyboard.insert_text(VIDEO)
    choose_autocomplete(page, "id_category", "Culture")
    page.get_by_role("button", name="Save draft").first.click()
    page.wait_for_selector(".messagelist .success")

    article = Article.objects.get()
    assert '<p data-embed="youtube">' in article.body
    assert f'data-embed-player="{PLAYER}"' in article.body_html
    assert article.author_names == "Dana Desk"
