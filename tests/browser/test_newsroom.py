"""An author writes, an editor publishes, a reader reads: the newsroom in a real browser."""
import pytest
from playwright.sync_api import expect

from articles.models import Article
from tests.browser.admin_helpers import choose_autocomplete, log_in, type_tags, write_body_with_photo
from tests.browser.conftest import new_page
from tests.factories import AuthorFactory, CategoryFactory, ImageFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password-42"


def author_writes_a_draft(page, live_server, photo):
    log_in(page, live_server.url, "writer", PASSWORD)
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.fill("#id_title", "Cranes return to the old harbour")
    page.fill("#id_standfirst", "The port is busy again after a long, quiet winter.")
    write_body_with_photo(page, photo)
    choose_autocomplete(page, "id_category", "Port")
    choose_autocomplete(page, "id_featured_image", "Harbour cranes")
    assert page.locator("img[data-thumbnail-url]").get_attribute("src").endswith(f"/{photo.pk}/thumbnail/")
    type_tags(page, "Shipping,Harbour,")
    page.get_by_role("button", name="Save draft").last.click()
    expect(page.locator(".messagelist .success")).to_have_text("Saved as a draft.")


def test_author_writes_editor_publishes_reader_sees_the_credit(page, live_server, staff_page, csp_violations):
    writer = StaffFactory(username="writer", role="Author")
    writer.set_password(PASSWORD)
    writer.save()
    AuthorFactory(user=writer, name="Wren Writer")
    CategoryFactory(name="Port life")
    photo = ImageFactory(alt_text="Harbour cranes at dawn", caption="", credit="Ana Ruiz/Wire")

    author_writes_a_draft(page, live_server, photo)
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT and article.author_names == "Wren Writer"
    assert "<strong>Work starts at dawn.</strong>" in article.body
    assert sorted(article.tags.names()) == ["Harbour", "Shipping"]
    assert article.featured_image == photo and "Ana Ruiz/Wire" in article.body_html

    with page.expect_popup() as preview:
        page.get_by_role("link", name="Preview").first.click()
    assert "readers cannot see it yet" in preview.value.locator(".preview-banner").inner_text()
    assert preview.value.locator("h1").inner_text() == "Cranes return to the old harbour"

    desk = staff_page(StaffFactory(role="Editor"))
    desk.goto(f"{live_server.url}/admin/articles/article/")
    desk.check(f"input[name=_selected_action][value='{article.pk}']")
    desk.select_option("select[name=action]", "publish_now")
    desk.click("button[name=index]")
    desk.wait_for_selector(".messagelist .success")

    reader = new_page(page.context.browser, csp_violations)
    reader.goto(live_server.url + Article.objects.get().get_absolute_url())
    assert reader.locator(".featured-image .credit").inner_text() == "Ana Ruiz/Wire"
    assert reader.locator(".article-body .body-photo .credit").inner_text() == "Ana Ruiz/Wire"
    featured = reader.locator(".featured-image picture")
    assert featured.locator("source[type='image/webp']").count() == 1
    assert featured.locator("img").get_attribute("width") == str(photo.width)
    reader.context.close()
