"""Driving the admin's widgets in a real browser."""
from playwright.sync_api import expect


def choose_autocomplete(page, field, text):
    """Pick `text` in the select2 box that replaces the select `field`."""
    page.click(f"#{field} + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", text)
    page.locator(".select2-results__option", has_text=text).first.click()


def type_tags(page, text):
    """Type into the tag picker; a comma ends each tag."""
    page.click(".field-tags .select2-selection")
    page.keyboard.type(text)


def choose_photo(picker, photo):
    """The picker closes itself on a click, which Playwright's own click would
    report as an error while it waits after the click: click from the page."""
    picker.locator(f"[data-photo-id='{photo.pk}']").wait_for()
    picker.wait_for_load_state()  # the picker's script is deferred
    with picker.expect_event("close"):
        picker.evaluate("id => setTimeout(() => document.querySelector(`[data-photo-id='${id}']`).click())", photo.pk)


def log_in(page, base_url, username, password):
    """Sign in through the admin's sign-in page (its first step: the password)."""
    page.goto(f"{base_url}/admin/login/")
    page.fill("#id_auth-username", username)
    page.fill("#id_auth-password", password)
    page.click("input[type=submit]")


def write_body_with_photo(page, photo):
    """Type a paragraph with bold words into the rich-text editor, then put
    `photo` in the body through the photo picker."""
    page.locator("div.ProseMirror[contenteditable=true]").click()
    page.keyboard.type("Ships are back. ")
    page.keyboard.press("Control+b")
    page.keyboard.type("Work starts at dawn.")
    page.keyboard.press("Control+b")
    page.click("button[data-name=figure]")
    with page.expect_popup() as picker:
        page.get_by_role("button", name="Browse...").click()
    choose_photo(picker.value, photo)
    expect(page.locator("dialog input[name=altText]")).to_have_value(photo.alt_text)
    page.locator("dialog button[type=submit]").click()
