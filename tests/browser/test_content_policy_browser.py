"""The Content-Security-Policy enforced by a real browser on the pages that run
the most script: the article page (cached, with an embed played), the comment
form, the admin's article editor with its photo picker, the moderation queue.
Every browser test fails on a violation (the `csp_violations` fixture,
tests/browser/conftest.py); these also check that the policy was enforced at all."""
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from articles.models import Article
from comments.models import Comment
from tests.browser.admin_helpers import choose_autocomplete, write_body_with_photo
from tests.factories import ArticleFactory, CategoryFactory, CommentFactory, ImageFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIDEO = "https://www.youtube.com/watch?v=jNQXAC9IVRw"
PLAYER = "https://www.youtube-nocookie.com/embed/jNQXAC9IVRw?autoplay=1"


def enforced(response):
    """The policy the browser was given, {directive: sources}: without one, no
    violation would prove anything."""
    header = response.headers["content-security-policy"]
    directives = {name: sources for name, *sources in (part.split() for part in header.split(";"))}
    assert directives["script-src"][0] == "'self'" and "'unsafe-inline'" not in directives["script-src"]
    assert directives["style-src"][0] == "'self'" and "'unsafe-inline'" not in directives["style-src"]
    return directives


def test_a_cached_article_plays_its_embed_within_the_policy(page, live_server, settings, csp_violations):
    settings.PAGE_CACHE = True
    ImageFactory(alt_text="Elephants at the zoo", source=VIDEO)
    article = ArticleFactory(featured_image=ImageFactory(), body=f'<p>Watch.</p><p><a href="{VIDEO}">Me at the zoo</a></p>')
    CommentFactory(article=article, name="Ada Reader")
    site = urlsplit(live_server.url).netloc

    def stand_in_for_the_provider(route):
        # Tests never reach the internet: the player's origin answers locally.
        if urlsplit(route.request.url).netloc == site:
            route.continue_()
        elif route.request.url == PLAYER:
            route.fulfill(status=200, content_type="text/html", body="<p id='stand-in'>The player</p>")
        else:
            route.abort()

    page.context.route("**/*", stand_in_for_the_provider)
    miss = page.goto(live_server.url + article.get_absolute_url())
    hit = page.reload()
    assert (miss.headers["x-page-cache"], hit.headers["x-page-cache"]) == ("miss", "hit")
    assert enforced(hit) == enforced(miss)
    assert "https://www.youtube-nocookie.com" in enforced(hit)["frame-src"]
    assert csp_violations == []

    page.locator("figure.embed .embed-facade").click()
    frame = page.locator("figure.embed iframe.embed-frame")
    frame.wait_for()
    assert frame.get_attribute("src") == PLAYER
    # Loaded, so frame-src let it in.
    assert page.frame_locator("iframe.embed-frame").locator("#stand-in").inner_text() == "The player"
    assert csp_violations == []


def test_a_reader_replies_through_the_comment_form_within_the_policy(page, live_server, settings, csp_violations):
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0
    settings.COMMENTS_RATE_LIMIT = ""
    article = ArticleFactory()
    bea = CommentFactory(article=article, name="Bea", body="Interesting angle.")
    enforced(page.goto(live_server.url + article.get_absolute_url()))
    page.locator(f"#comment-{bea.pk} button.comment-reply-link").click()  # comments.js moves the form
    page.fill("#id_body", "A reply within the policy.")
    page.fill("#id_name", "Ada Reader")
    page.fill("#id_email", "ada@example.com")
    with page.expect_navigation() as posted:
        page.click("#submit")
    enforced(posted.value)
    expect(page.locator(".messages")).to_have_text("Your comment is awaiting moderation.")
    assert Comment.objects.get(body="A reply within the policy.").parent_id == bea.pk
    assert csp_violations == []


def test_the_article_editor_and_its_photo_picker_work_within_the_policy(staff_page, live_server, csp_violations):
    page = staff_page(StaffFactory(role="Editor", first_name="Dana", last_name="Desk"))
    CategoryFactory(name="Port life")
    photo = ImageFactory(alt_text="Harbour cranes at dawn", credit="Ana Ruiz/Wire")
    form = page.goto(f"{live_server.url}/admin/articles/article/add/")
    assert any(source.startswith("'nonce-") for source in enforced(form)["script-src"])
    page.fill("#id_title", "Cranes return to the old harbour")
    page.fill("#id_standfirst", "The port is busy again.")
    write_body_with_photo(page, photo)  # the editor ran: its import map was allowed
    choose_autocomplete(page, "id_category", "Port life")
    choose_autocomplete(page, "id_featured_image", "Harbour cranes")
    page.get_by_role("button", name="Save draft").last.click()
    expect(page.locator(".messagelist .success")).to_have_text("Saved as a draft.")
    article = Article.objects.get()
    assert "<strong>Work starts at dawn.</strong>" in article.body and "Ana Ruiz/Wire" in article.body_html
    assert csp_violations == []


def test_the_moderation_queue_approves_from_the_keyboard_within_the_policy(staff_page, live_server, csp_violations):
    held = CommentFactory(article=ArticleFactory(), name="Di", status=Comment.Status.PENDING)
    page = staff_page(StaffFactory(role="Moderator"))
    enforced(page.goto(f"{live_server.url}/admin/comments/comment/"))
    page.keyboard.press("j")
    page.keyboard.press("a")
    expect(page.locator(f"#comment-{held.pk}")).to_have_attribute("data-status", "approved")
    assert Comment.objects.get(pk=held.pk).status == Comment.Status.APPROVED
    assert csp_violations == []


def test_an_injected_event_handler_is_blocked_and_reported(page, live_server, csp_violations):
    enforced(page.goto(live_server.url + "/"))
    title = page.title()
    page.evaluate("""document.body.insertAdjacentHTML("beforeend", '<img src="/x.png" onerror="document.title = 1">')""")
    page.wait_for_function("() => document.querySelector('img[src=\"/x.png\"]').complete")
    page.wait_for_timeout(200)  # the report reaches the test through Playwright's event loop
    assert page.title() == title
    assert any("script-src-attr" in violation for violation in csp_violations), csp_violations
    csp_violations.clear()  # seen and expected
