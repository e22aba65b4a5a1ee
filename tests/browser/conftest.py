"""Browser tests: Playwright for Python driving Debian's chromium (never a downloaded browser)."""
import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are
# still synchronous, so Django's async-safety guard would refuse them without this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM) or shutil.which("chromium"):
        return
    skip = pytest.mark.skip(
        reason=f"no Chromium at {CHROMIUM}: install Debian's package (apt-get install chromium) "
        "or set CHROMIUM_PATH to enable browser tests"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Every Content-Security-Policy violation in a page (and its popups) is handed to the test.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolation(`${event.disposition} ${event.effectiveDirective}: ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || event.documentURI}:${event.lineNumber} (${event.sample})`);
});
"""
# What Chromium writes to the console about a policy it refused or could not read.
POLICY_MESSAGES = ("Content Security Policy", "Content-Security-Policy", "Permissions-Policy", "Permissions policy")


class Violations(list):
    """What a test's pages reported: each browser context is watched by `watch()`."""

    def watch(self, context):
        context.expose_function("cspViolation", lambda report: self.append(report))
        context.add_init_script(REPORT_VIOLATIONS)
        context.on("console", self.console)
        return context

    def console(self, message):
        if any(words in message.text for words in POLICY_MESSAGES):
            self.append(f"console {message.type}: {message.text}")


@pytest.fixture(autouse=True)
def csp_violations():
    """Every browser test fails on a Content-Security-Policy violation, or on a
    console message about a policy, in any page it opens (autouse, so that no
    test can forget it); a test may also check the list at any step."""
    violations = Violations()
    yield violations
    assert violations == [], "\n".join(["the page broke its Content-Security-Policy:", *violations])


def new_page(browser, violations):
    context = violations.watch(browser.new_context(viewport={"width": 1280, "height": 900}))
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


@pytest.fixture
def page(browser, csp_violations):
    page = new_page(browser, csp_violations)
    yield page
    page.context.close()


@pytest.fixture
def staff_page(browser, live_server, csp_violations):
    """`staff_page(user)`: a page of its own, signed in as `user` through a
    session cookie (no login form)."""
    from django.conf import settings
    from django.test import Client

    pages = []

    def signed_in(user):
        client = Client()
        client.force_login(user)
        page = new_page(browser, csp_violations)
        page.context.add_cookies([{
            "name": settings.SESSION_COOKIE_NAME,
            "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "url": live_server.url,
        }])
        pages.append(page)
        return page

    yield signed_in
    for page in pages:
        page.context.close()
