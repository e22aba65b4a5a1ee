"""A reader comments and replies with JavaScript on; a moderator approves; everyone sees the thread."""
import pytest
from django.contrib.auth.models import User

from comments.models import Comment
from tests.browser.admin_helpers import log_in
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.browser


def fill_details(page):
    page.fill("#id_name", "Ada Reader")
    page.fill("#id_email", "ada@example.com")


def test_comment_reply_approve_and_read_the_nested_thread(live_server, page, settings):
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0
    settings.COMMENTS_RATE_LIMIT = ""
    article = ArticleFactory()
    bea = CommentFactory(article=article, name="Bea", body="Interesting angle.")
    User.objects.create_superuser("boss", "boss@example.com", "correct-horse-battery")
    article_url = live_server.url + article.get_absolute_url()

    page.goto(article_url)
    page.fill("#id_body", "My first comment.")
    fill_details(page)
    page.click("#submit")
    assert page.locator(".messages").inner_text().strip() == "Your comment is awaiting moderation."
    assert page.locator(".comment-awaiting").count() == 1

    reply = page.locator(f"#comment-{bea.pk} button.comment-reply-link")
    assert reply.get_attribute("aria-expanded") == "false"
    assert reply.get_attribute("aria-controls") == "respond"
    reply.click()
    assert reply.get_attribute("aria-expanded") == "true"
    assert page.locator(f"#comment-{bea.pk} #commentform").count() == 1
    assert page.locator(".reply-title-text").inner_text() == "Reply to Bea"
    page.click("#cancel-comment-reply-link")
    assert page.locator(f"#comment-{bea.pk} #commentform").count() == 0
    assert page.locator(".reply-title-text").inner_text() == "Leave a Reply"
    reply.click()
    page.fill("#id_body", "A reply through the moved form.")
    fill_details(page)
    page.click("#submit")
    assert page.locator(".messages").inner_text().strip() == "Your comment is awaiting moderation."
    assert Comment.objects.get(body="A reply through the moved form.").parent_id == bea.pk

    log_in(page, live_server.url, "boss", "correct-horse-battery")
    page.goto(live_server.url + "/admin/comments/comment/?status__exact=pending")
    page.check("#action-toggle")
    page.select_option("select[name=action]", "approve")
    page.click("button[name=index]")
    assert "2 comments approved." in page.locator(".messagelist").inner_text()

    page.context.clear_cookies()
    page.goto(article_url)
    nested = page.locator(f"#comment-{bea.pk} ol.children > li")
    assert nested.count() == 1
    assert "A reply through the moved form." in nested.inner_text()
    assert "in reply to Bea" in nested.inner_text()
    assert page.locator("#comments-title").inner_text() == "3 Comments"
    assert page.locator(".comment-awaiting").count() == 0


@pytest.mark.parametrize("javascript", [True, False], ids=["script", "no-script"])
def test_a_comment_from_a_page_every_reader_shares(live_server, browser, settings, javascript):
    """The article page is stored once and served to every reader as the same
    bytes; the form gets its secrets from the script, or, without one, comes
    back once with everything kept and is sent with one more click."""
    settings.PAGE_CACHE = True
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0
    settings.COMMENTS_RATE_LIMIT = ""
    article = ArticleFactory()
    article_url = live_server.url + article.get_absolute_url()
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(article_url)
        response = page.goto(article_url)
        assert response.headers["x-page-cache"] == "hit" and "public" in response.headers["cache-control"]
        page.fill("#id_body", "Sent from a shared page.")
        fill_details(page)
        page.click("#submit")
        if not javascript:
            assert "please send it again" in page.locator(".form-errors").inner_text()
            assert page.input_value("#id_body") == "Sent from a shared page."
            page.click("#submit")
        assert page.locator(".messages").inner_text().strip() == "Your comment is awaiting moderation."
        assert Comment.objects.get().body == "Sent from a shared page."
    finally:
        context.close()
