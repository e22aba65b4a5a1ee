"""Staff in a real browser: signed in without the login form, picking from an autocomplete."""
from django.conf import settings
from django.test import Client


def log_in_with_cookie(context, live_server, user):
    client = Client()
    client.force_login(user)
    context.add_cookies([{
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
    }])


def choose_autocomplete(page, field, text):
    page.click(f"#{field} + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", text)
    page.locator(".select2-results__option", has_text=text).first.click()
