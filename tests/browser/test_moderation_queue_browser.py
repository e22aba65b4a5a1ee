"""A moderator clears the queue in a real browser: one click or one key per
comment, no reload, the counts following."""
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from comments.models import Comment
from tests.factories import ArticleFactory, CommentFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def waiting(article, names):
    """Pending comments, the first named the oldest."""
    comments = []
    for age, name in zip(range(len(names), 0, -1), names):
        with time_machine.travel(timezone.now() - timedelta(minutes=age)):
            comments.append(CommentFactory(article=article, name=name, status=Comment.Status.PENDING))
    return comments


def status_of(comment):
    return Comment.objects.get(pk=comment.pk).status


def open_queue(staff_page, live_server):
    page = staff_page(StaffFactory(role="Moderator"))
    page.goto(f"{live_server.url}/admin/comments/comment/")
    page.evaluate("window.sameDocument = true")  # gone if the page reloads
    return page


def row(page, comment):
    return page.locator(f"#comment-{comment.pk}")


def test_one_click_decisions_update_the_row_and_the_counts_without_a_reload(staff_page, live_server):
    ada, bo, cy = waiting(ArticleFactory(), ["Ada", "Bo", "Cy"])
    page = open_queue(staff_page, live_server)
    expect(page.locator("[data-queue-count=pending]")).to_have_text("3")

    row(page, ada).get_by_role("button", name="Approve").click()
    expect(row(page, ada)).to_have_attribute("data-status", "approved")
    expect(row(page, ada).locator(".queue-message")).to_have_text("Comment by Ada approved.")
    expect(page.locator("[data-queue-count=pending]")).to_have_text("2")

    row(page, bo).get_by_role("button", name="Spam").click()
    expect(row(page, bo)).to_have_attribute("data-status", "spam")
    expect(page.locator("[data-queue-count=spam]")).to_have_text("1")

    row(page, cy).get_by_role("button", name="Remove").click()
    expect(row(page, cy)).to_have_attribute("data-status", "removed")
    expect(page.locator("[data-queue-count=pending]")).to_have_text("0")

    assert [status_of(c) for c in (ada, bo, cy)] == ["approved", "spam", "removed"]
    assert page.evaluate("window.sameDocument") is True


def test_ban_from_the_row_without_a_reload(staff_page, live_server):
    [troll] = waiting(ArticleFactory(), ["Troll"])
    page = open_queue(staff_page, live_server)
    row(page, troll).get_by_role("button", name="Ban").click()
    expect(row(page, troll)).to_have_attribute("data-status", "spam")
    expect(page.locator(f"#comment-{troll.pk}").locator("xpath=ancestor::tr//li[contains(., 'Email banned')]")).to_be_visible()
    assert page.evaluate("window.sameDocument") is True


def test_keyboard_shortcuts_move_decide_and_reply(staff_page, live_server):
    ada, bo, cy, di, ed = waiting(ArticleFactory(), ["Ada", "Bo", "Cy", "Di", "Ed"])
    page = open_queue(staff_page, live_server)
    expect(page.locator("#queue-keys")).to_contain_text("a approve")

    page.keyboard.press("j")  # the first (oldest) comment
    expect(page.locator("tr.queue-current")).to_contain_text("Ada")
    page.keyboard.press("a")
    expect(row(page, ada)).to_have_attribute("data-status", "approved")
    expect(page.locator("tr.queue-current")).to_contain_text("Bo")  # on to the next by itself
    page.keyboard.press("s")
    expect(row(page, bo)).to_have_attribute("data-status", "spam")
    page.keyboard.press("d")
    expect(row(page, cy)).to_have_attribute("data-status", "removed")
    page.keyboard.press("k")
    expect(page.locator("tr.queue-current")).to_contain_text("Cy")
    page.keyboard.press("j")
    expect(page.locator("tr.queue-current")).to_contain_text("Di")

    page.keyboard.press("r")
    reply = row(page, di).locator("textarea")
    expect(reply).to_be_focused()
    page.keyboard.type("Thanks, Di: we have corrected the date.")
    page.keyboard.press("Control+Enter")
    expect(row(page, di)).to_have_attribute("data-status", "approved")
    expect(row(page, di).locator(".queue-message")).to_have_text("Your reply to Di is published.")
    expect(page.locator("tr.queue-current")).to_contain_text("Ed")
    expect(page.locator("[data-queue-count=pending]")).to_have_text("1")

    assert Comment.objects.get(parent=di).body == "Thanks, Di: we have corrected the date."
    assert [status_of(c) for c in (ada, bo, cy, di, ed)] == ["approved", "spam", "removed", "approved", "pending"]
    assert page.evaluate("window.sameDocument") is True


def test_keys_typed_into_a_reply_are_text_not_decisions(staff_page, live_server):
    [ada] = waiting(ArticleFactory(), ["Ada"])
    page = open_queue(staff_page, live_server)
    row(page, ada).get_by_role("link", name="Reply").click()
    page.keyboard.type("a sad story")
    page.keyboard.press("Escape")
    expect(row(page, ada).locator("textarea")).to_have_count(0)
    assert status_of(ada) == "pending" and not Comment.objects.filter(parent=ada).exists()
