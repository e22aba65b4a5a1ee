"""The article form in a real browser: counts of what search engines show,
tags picked from those that exist, the Publish button saying Schedule."""
import pytest
from django.utils import timezone
from playwright.sync_api import expect
from taggit.models import Tag

from articles.models import Article
from tests.browser.admin_helpers import choose_autocomplete, type_tags
from tests.factories import AuthorFactory, CategoryFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def form(staff_page, live_server):
    editor = StaffFactory(role="Editor")
    AuthorFactory(user=editor, name="Edna Editor")
    CategoryFactory(name="Port life")
    page = staff_page(editor)
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    return page


def test_headline_and_standfirst_count_what_search_engines_show(form):
    title, standfirst = form.locator("#id_title_count"), form.locator("#id_standfirst_count")
    expect(title).to_have_text("0 / 60")
    expect(standfirst).to_have_text("0 / 160")
    form.fill("#id_title", "Cranes return to the old harbour")
    expect(title).to_have_text("32 / 60")
    form.fill("#id_title", "A headline that runs on and on, well past what search results show")
    expect(title).to_have_text("66 / 60: search results cut it short")
    expect(title).to_have_class("char-count over")
    form.fill("#id_standfirst", "The port is busy again.")
    expect(standfirst).to_have_text("23 / 160")
    # As wide as the body.
    widths = [form.locator(selector).bounding_box()["width"] for selector in ["#id_title", "#id_standfirst", ".field-body .prose-editor"]]
    assert widths[0] == widths[1] == widths[2]


def test_tags_are_picked_from_existing_ones_and_new_ones_still_allowed(form, live_server):
    for name in ["Budget", "Budapest", "Shipping"]:
        Tag.objects.create(name=name)
    form.fill("#id_title", "Budget talks at the port")
    form.fill("#id_standfirst", "Money for the cranes.")
    form.locator("div.ProseMirror[contenteditable=true]").click()
    form.keyboard.type("The port wants new cranes.")
    choose_autocomplete(form, "id_category", "Port")

    type_tags(form, "bud")
    offered = form.locator(".select2-container--open .select2-results__option")
    expect(offered.filter(has_text="Budget")).to_have_count(1)
    expect(offered.filter(has_text="Budapest")).to_have_count(1)
    expect(offered.filter(has_text="Shipping")).to_have_count(0)
    offered.filter(has_text="Budget").click()
    type_tags(form, "Harbour news,")
    expect(form.locator("#id_tags")).to_have_value('"Budget", "Harbour news"')

    form.get_by_role("button", name="Save draft").last.click()
    expect(form.locator(".messagelist .success")).to_have_text("Saved as a draft.")
    article = Article.objects.get(title="Budget talks at the port")
    assert sorted(article.tags.names()) == ["Budget", "Harbour news"]
    assert Tag.objects.filter(name="Budget").count() == 1
    # Opened again, the picker shows the article's tags.
    expect(form.locator(".field-tags .select2-selection__choice")).to_have_count(2)


def test_publish_says_schedule_for_a_date_in_the_future(form):
    publish = form.locator(".submit-row").last.get_by_role("button", name="Publish")
    expect(publish).to_be_visible()
    tomorrow = timezone.localtime() + timezone.timedelta(days=1)
    form.fill("#id_published_at_0", tomorrow.strftime("%Y-%m-%d"))
    form.fill("#id_published_at_1", tomorrow.strftime("%H:%M:%S"))
    expect(form.locator(".submit-row").last.locator("button[value=publish]")).to_have_text("Schedule")
    form.fill("#id_published_at_0", (tomorrow - timezone.timedelta(days=3)).strftime("%Y-%m-%d"))
    expect(form.locator(".submit-row").last.locator("button[value=publish]")).to_have_text("Publish")
