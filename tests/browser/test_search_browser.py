import pytest

from tests.factories import ArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_searches_from_the_site_chrome_and_sees_the_word_marked(live_server, page, run_jobs):
    ArticleFactory(title="Secret visit to Baghdad", body="<p>Talks in Baghdad ran late.</p>")
    ArticleFactory(title="Harbour news")
    run_jobs()  # the search vectors, as a worker would build them
    page.goto(live_server.url)
    page.get_by_placeholder("Hi, what are you looking for?").fill("baghdad")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=baghdad")
    results = page.locator(".search-result")
    assert results.count() == 1
    assert results.locator("h2 mark").first.inner_text() == "Baghdad"
    assert page.locator("#search-page-q").input_value() == "baghdad"
