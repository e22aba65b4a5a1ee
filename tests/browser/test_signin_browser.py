"""Signing in to the admin in a real browser: password, then the code of an
authenticator app; and a passkey set up and used through Chromium's virtual
authenticator (the WebAuthn API a real security key or phone answers)."""
import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser.admin_helpers import log_in
from tests.factories import StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-test-password-42"


@pytest.fixture
def editor(settings):
    settings.STAFF_REQUIRE_TWO_FACTOR = True
    user = StaffFactory(username="maya", role="Editor")
    user.set_password(PASSWORD)
    user.save()
    return user


def test_an_editor_signs_in_with_an_authenticator_code(page, live_server, editor):
    device = TOTPDevice.objects.create(user=editor, name="default", confirmed=True)
    log_in(page, live_server.url, "maya", PASSWORD)
    expect(page.locator("#id_token-otp_token")).to_be_focused()
    page.fill("#id_token-otp_token", f"{totp(device.bin_key):06d}")
    page.click("input[type=submit]")
    expect(page.locator("#site-name")).to_have_text("Trill! Mag newsroom")
    assert page.url == f"{live_server.url}/admin/"
    assert page.title().startswith("Today")


def test_an_editor_sets_up_a_passkey_and_signs_in_with_it(page, live_server, editor):
    from two_factor.plugins.webauthn.models import WebauthnDevice

    # Chromium's own WebAuthn test support: a platform authenticator that always says yes.
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send("WebAuthn.addVirtualAuthenticator", {"options": {
        "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
        "hasUserVerification": True, "isUserVerified": True, "automaticPresenceSimulation": True,
    }})

    log_in(page, live_server.url, "maya", PASSWORD)
    assert page.url == f"{live_server.url}/admin/two-factor/setup/"  # sent to enrol, not into the admin
    page.get_by_role("button", name="Next").click()
    page.check("input[value=webauthn]")
    page.get_by_role("button", name="Next").click()
    expect(page.locator("h1")).to_have_text("Two-factor sign-in is on")  # the page's script asked the key
    assert WebauthnDevice.objects.filter(user=editor).count() == 1

    page.context.clear_cookies()
    log_in(page, live_server.url, "maya", PASSWORD)
    page.wait_for_url(f"{live_server.url}/admin/")  # the token step's script asked the key again
    expect(page.locator("#site-name")).to_have_text("Trill! Mag newsroom")
