"""Editing an article in a real browser: two people in two browser sessions
(the second save refused, both texts kept; each told the other is editing),
the warning before leaving with unsaved changes, restoring in two clicks."""
import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.factories import ArticleFactory, staff_with_byline

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def editor(first, last):
    return staff_with_byline("Editor", first, last)


@pytest.fixture
def article():
    return ArticleFactory(title="Cranes return to the harbour", standfirst="The port is busy again.")


@pytest.fixture
def form_of(staff_page, live_server, article):
    """`form_of(user)`: the article's change form, open in a browser session of `user`'s own."""

    def open_form(user):
        page = staff_page(user)
        page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
        return page

    return open_form


def update(page):
    page.locator(".submit-row").last.get_by_role("button", name="Update").click()


def test_two_people_editing_one_article_never_lose_a_word(form_of, article, settings):
    settings.EDITING_LOCK_SECONDS = 8  # a heartbeat every 2 s
    maya = form_of(editor("Maya", "Okafor"))
    daniel = form_of(editor("Daniel", "Reyes"))
    expect(daniel.locator(".editing-presence")).to_have_text("Maya Okafor is editing this article.")
    maya.locator("#id_title").click()  # working in the form: her heartbeat tells her who came
    expect(maya.locator(".editing-presence")).to_have_text("Daniel Reyes is editing this article.", timeout=10_000)

    maya.fill("#id_title", "Cranes are back in the harbour")
    update(maya)
    expect(maya.locator(".messagelist .success")).to_have_text("Saved.")

    daniel.fill("#id_title", "Harbour cranes return")
    daniel.fill("#id_standfirst", "Busy again, and loud.")
    update(daniel)
    expect(daniel.locator(".errornote")).to_be_visible()
    expect(daniel.locator(".errorlist.nonfield")).to_contain_text("Maya Okafor saved this article at")
    expect(daniel.locator(".errorlist.nonfield")).to_contain_text("Changed headline.")
    expect(daniel.locator("#id_title")).to_have_value("Harbour cranes return")
    expect(daniel.locator("#id_standfirst")).to_have_value("Busy again, and loud.")
    expect(daniel.locator(".edit-conflict .part-title ins")).to_have_text(["are", "back", "in"])
    assert Article.objects.get(pk=article.pk).title == "Cranes are back in the harbour"

    update(daniel)  # having seen Maya's change, Daniel keeps his
    expect(daniel.locator(".messagelist .success")).to_have_text("Saved.")
    assert Article.objects.get(pk=article.pk).title == "Harbour cranes return"


def test_leaving_with_unsaved_changes_asks_first_and_saving_does_not(form_of, article):
    page = form_of(editor("Maya", "Okafor"))
    asked = []

    def answer(dialog):
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", answer)
    history = page.locator(".object-tools .historylink")
    history.click()  # nothing changed: no question
    expect(page).to_have_url(f"{page.url.split('/admin/')[0]}/admin/articles/article/{article.pk}/history/")
    assert asked == []

    page.go_back()
    page.locator("#id_title").click()
    page.keyboard.type(" at last")
    page.locator(".object-tools .historylink").click()
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    expect(page.locator("#id_title")).to_have_value("Cranes return to the harbour at last")  # stayed, text kept

    update(page)
    expect(page.locator(".messagelist .success")).to_have_text("Saved.")
    assert asked == ["beforeunload"]  # saving asks nothing
    assert Article.objects.get(pk=article.pk).title == "Cranes return to the harbour at last"

    page.locator("div.ProseMirror[contenteditable=true]").click()
    page.keyboard.type(" More words.")  # the body editor's changes count too
    page.locator(".object-tools .historylink").click()
    page.wait_for_timeout(500)
    assert asked == ["beforeunload", "beforeunload"]


def test_an_earlier_version_is_back_in_two_clicks(form_of, article, live_server):
    page = form_of(editor("Maya", "Okafor"))
    page.fill("#id_title", "A worse headline")
    update(page)
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/history/")
    expect(page.locator(".editing-revisions tbody tr")).to_have_count(2)
    page.get_by_role("link", name="Restore this version").click()
    expect(page.locator(".editing-compare .part-title del")).to_have_text(["A", "worse", "headline"])
    page.get_by_role("button", name="Restore this version").click()
    expect(page.locator("#id_title")).to_have_value("Cranes return to the harbour")
    expect(page.locator(".messagelist .success")).to_contain_text("Restored the version of")
