import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_goes_from_the_front_page_to_a_story_with_credit_and_related(live_server, page):
    call_command("load_demo", verbosity=0)
    page.goto(live_server.url + "/")
    lead = page.locator("#lead-title a")
    assert "Blinken" in lead.inner_text()
    lead.click()
    page.wait_for_url("**/antony-blinken-makes-secret-visit-to-iraq/")

    assert page.locator("h1").inner_text().startswith("Antony Blinken Makes Secret Visit")
    assert page.locator("figure.featured-image .credit").inner_text() == "Alexandros Michailidis/Shutterstock"
    photo = page.locator("figure.featured-image img")
    assert photo.evaluate("img => img.complete && img.naturalWidth > 0")
    related = page.locator("section.related")
    assert related.locator("h2").inner_text() == "You May Also Like"
    assert related.locator("article.card").count() == 4
    related.locator("article.card h3 a").first.click()
    assert page.locator("h1.headline").count() == 1


def test_search_box_takes_the_reader_to_results(live_server, page):
    call_command("load_demo", verbosity=0)
    page.goto(live_server.url + "/")
    page.fill("#site-search", "Baghdad")
    page.press("#site-search", "Enter")
    page.wait_for_url("**/search/?q=Baghdad")
    assert "Blinken" in page.locator("main").inner_text()
    assert page.input_value("#site-search") == "Baghdad"
