"""Staff sign-in that resists theft: wrong passwords are throttled per account
and per address, editors and superusers need a second factor, idle sessions
end, and every sign-in, failure and lockout is audited."""
import logging
import re
from base64 import b32decode
from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from staffauth.models import SignInEvent
from staffauth.policy import two_factor_on
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password-42"
ADMIN = "/admin/"
LOGIN = f"/admin/login/?next={ADMIN}"


def staff(role="Editor", **kwargs):
    user = StaffFactory(role=role, **kwargs)
    user.set_password(PASSWORD)
    user.save()
    return user


def sign_in(client, username, password=PASSWORD, address="127.0.0.1"):
    """The sign-in's first step, as the form posts it."""
    return client.post(
        LOGIN,
        {"login_view-current_step": "auth", "auth-username": username, "auth-password": password},
        REMOTE_ADDR=address,
    )


def second_step(client, step, code):
    return client.post(LOGIN, {"login_view-current_step": step, f"{step}-otp_token": code})


def authenticator(user):
    return TOTPDevice.objects.create(user=user, name="default", confirmed=True)


def kinds():
    return list(SignInEvent.objects.order_by("pk").values_list("kind", flat=True))


@pytest.fixture
def two_factor(settings):
    settings.STAFF_REQUIRE_TWO_FACTOR = True
    return settings


@pytest.fixture
def limit_3(settings):
    settings.STAFF_LOGIN_FAILURE_LIMIT = 3
    settings.STAFF_LOGIN_COOL_OFF = 15 * 60


# --- Throttling -------------------------------------------------------------------------------


def test_a_right_password_signs_in(client):
    staff(username="maya", role="Author")
    assert sign_in(client, "maya")["Location"] == ADMIN
    assert client.get(ADMIN).status_code == 200


def test_wrong_passwords_lock_the_account_with_a_429_that_says_when_to_retry(client, limit_3):
    staff(username="maya")
    assert sign_in(client, "maya", "wrong-1").status_code == 200  # the form again, with its error
    assert sign_in(client, "maya", "wrong-2").status_code == 200
    locked = sign_in(client, "maya", "wrong-3")
    assert locked.status_code == 429
    assert locked["Retry-After"] == "900"
    text = locked.content.decode()
    assert "Too many failed sign-ins" in text and "Try again in 15 minutes" in text
    assert 'class="site-name"' in text  # the site's chrome

    # The right password changes nothing while the lock lasts, from any address.
    assert sign_in(client, "maya", address="10.0.0.9").status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_lifts_after_the_cool_off(client, limit_3):
    staff(username="maya")
    for n in range(3):
        sign_in(client, "maya", f"wrong-{n}")
    with time_machine.travel(timezone.now() + timedelta(minutes=16)):
        assert sign_in(client, "maya")["Location"] == ADMIN


def test_a_failed_password_is_never_stored(client, limit_3):
    sign_in(client, "maya", "hunter2-but-longer")
    attempt = AccessAttempt.objects.get()
    assert attempt.failures_since_start == 1
    assert "hunter2" not in attempt.post_data and "auth-password=****" in attempt.post_data


def test_a_right_password_clears_the_count(client, limit_3):
    staff(username="maya")
    for n in range(2):
        sign_in(client, "maya", f"typo-{n}")
    sign_in(client, "maya")
    client.post(reverse("admin:logout"))
    assert [sign_in(client, "maya", f"typo-{n}").status_code for n in range(2)] == [200, 200]
    assert sign_in(client, "maya")["Location"] == ADMIN


def test_an_address_trying_many_accounts_is_locked_too(client, limit_3):
    staff(username="maya")
    for name in ["ana", "ben", "cal"]:
        sign_in(client, name, "guess", address="203.0.113.5")
    assert sign_in(client, "maya", address="203.0.113.5").status_code == 429
    assert sign_in(client, "maya", address="198.51.100.7")["Location"] == ADMIN


def test_a_lockout_never_tells_whether_the_account_exists(client, limit_3):
    staff(username="maya")
    answers = {}
    # The page says when to retry, to the minute: the clock stands still so both say the same.
    with time_machine.travel(timezone.now(), tick=False):
        for name, address in [("maya", "203.0.113.1"), ("nobody-here", "203.0.113.2")]:
            answers[name] = [sign_in(client, name, f"wrong-{n}", address=address) for n in range(4)]

    def text(response):
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode()).replace(
            "nobody-here", "maya"
        )

    for real, made_up in zip(answers["maya"], answers["nobody-here"]):
        assert real.status_code == made_up.status_code
        assert text(real) == text(made_up)
    assert [r.status_code for r in answers["maya"]] == [200, 200, 429, 429]


def test_a_superuser_sees_and_clears_a_lockout_in_the_admin(client, admin_client, limit_3):
    staff(username="maya")
    for n in range(3):
        sign_in(client, "maya", f"wrong-{n}")
    attempts = admin_client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "maya" in attempts
    attempt = AccessAttempt.objects.get(username="maya")
    response = admin_client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert sign_in(client, "maya")["Location"] == ADMIN


def test_editors_see_lockouts_but_cannot_clear_them(client):
    client.force_login(staff())
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 200
    AccessAttempt.objects.create(username="maya", ip_address="203.0.113.1", failures_since_start=5)
    attempt = AccessAttempt.objects.get()
    assert client.get(reverse("admin:axes_accessattempt_delete", args=[attempt.pk])).status_code == 403


# --- Two factors ------------------------------------------------------------------------------


def test_the_requirement_is_on_unless_debug_when_not_set(settings):
    settings.STAFF_REQUIRE_TWO_FACTOR = None
    settings.DEBUG = False
    assert two_factor_on()
    settings.DEBUG = True
    assert not two_factor_on()
    settings.STAFF_REQUIRE_TWO_FACTOR = True
    assert two_factor_on()


def test_an_editor_without_a_device_is_sent_to_enrol_not_into_the_admin(client, two_factor):
    staff(username="maya")
    assert sign_in(client, "maya")["Location"] == ADMIN
    for url in [ADMIN, reverse("admin:articles_article_changelist")]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("two_factor:setup")


def test_a_superuser_without_a_device_is_sent_to_enrol(client, two_factor, django_user_model):
    boss = django_user_model.objects.create_superuser("boss", "boss@example.com", PASSWORD)
    client.force_login(boss)
    assert client.get(ADMIN)["Location"] == reverse("two_factor:setup")


def test_an_author_is_not_asked_for_a_second_factor(client, two_factor):
    staff(username="wren", role="Author")
    sign_in(client, "wren")
    assert client.get(ADMIN).status_code == 200


def test_enrolment_with_an_authenticator_app_then_recovery_codes(client, two_factor):
    editor = staff(username="maya")
    client.force_login(editor)
    setup = reverse("two_factor:setup")
    assert "Enable Two-Factor Authentication" in client.get(setup).content.decode()
    client.post(setup, {"setup_view-current_step": "welcome"})
    page = client.post(setup, {"setup_view-current_step": "method", "method-method": "generator"})
    assert reverse("two_factor:qr") in page.content.decode()  # the QR code to scan
    assert "otpauth://totp/Trill%21%20Mag%20newsroom%3A%20maya?secret=" in page.content.decode()
    qr = client.get(reverse("two_factor:qr"))
    assert qr["Content-Type"].startswith("image/svg+xml")
    key = b32decode(client.session["django_two_factor-qr_secret_key"])  # what the QR code holds

    assert client.post(setup, {"setup_view-current_step": "generator", "generator-token": "000000"}).status_code == 200
    done = client.post(setup, {"setup_view-current_step": "generator", "generator-token": f"{totp(key):06d}"})
    assert done["Location"] == reverse("two_factor:setup_complete")
    assert TOTPDevice.objects.get(user=editor).confirmed
    assert "Make recovery codes" in client.get(done["Location"]).content.decode()
    home = client.get(ADMIN)  # verified by enrolling
    assert f'href="{reverse("two_factor:profile")}">Sign-in security' in home.content.decode()

    codes = client.post(reverse("two_factor:backup_tokens"), follow=True).content.decode()
    assert len(re.findall(r"<li><code>\w+</code></li>", codes)) == 10
    assert "You have 10 backup tokens remaining" in client.get(reverse("two_factor:profile")).content.decode()
    assert SignInEvent.objects.filter(kind=SignInEvent.Kind.ENROLLED, username="maya").exists()


def test_sign_in_with_password_and_authenticator_code(client, two_factor):
    editor = staff(username="maya")
    device = authenticator(editor)
    token_step = sign_in(client, "maya")
    assert token_step.status_code == 200 and "_auth_user_id" not in client.session
    assert 'name="token-otp_token"' in token_step.content.decode()
    assert client.get(ADMIN)["Location"].startswith(reverse("admin:login"))  # not in yet

    assert second_step(client, "token", f"{totp(device.bin_key):06d}")["Location"] == ADMIN
    assert client.get(ADMIN).status_code == 200
    assert SignInEvent.objects.get(kind=SignInEvent.Kind.SIGNED_IN).detail == "password and authenticator app"


def test_a_wrong_code_keeps_the_door_shut_and_is_audited(client, two_factor):
    authenticator(staff(username="maya"))
    sign_in(client, "maya")
    refused = second_step(client, "token", "123456")
    assert refused.status_code == 200 and "errornote" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    assert kinds() == [SignInEvent.Kind.SECOND_FACTOR_FAILED]


def test_a_recovery_code_signs_in_once(client, two_factor):
    editor = staff(username="maya")
    authenticator(editor)
    recovery = StaticDevice.objects.create(user=editor, name="backup")
    recovery.token_set.create(token="lostphone1")

    sign_in(client, "maya")
    backup_step = client.post(LOGIN, {"wizard_goto_step": "backup"})
    assert "recovery codes" in backup_step.content.decode()
    assert second_step(client, "backup", "lostphone1")["Location"] == ADMIN
    assert client.get(ADMIN).status_code == 200
    assert SignInEvent.objects.get(kind=SignInEvent.Kind.SIGNED_IN).detail == "password and recovery code"

    client.post(reverse("admin:logout"))
    sign_in(client, "maya")
    client.post(LOGIN, {"wizard_goto_step": "backup"})
    assert second_step(client, "backup", "lostphone1").status_code == 200  # used up
    assert "_auth_user_id" not in client.session


def test_a_session_signed_in_without_the_second_factor_is_refused(client, two_factor):
    editor = staff()
    authenticator(editor)
    client.force_login(editor)  # a password alone, as a stolen one would give
    response = client.get(reverse("admin:articles_article_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two_factor:login") + "?next=")


# --- Idle sessions ----------------------------------------------------------------------------


def test_an_idle_session_ends(client, settings):
    settings.STAFF_SESSION_IDLE_SECONDS = 600
    client.force_login(staff())
    assert client.get(ADMIN).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        assert client.get(ADMIN)["Location"].startswith(reverse("admin:login"))


def test_activity_keeps_a_session_alive(client, settings):
    settings.STAFF_SESSION_IDLE_SECONDS = 600
    client.force_login(staff())
    start = timezone.now()
    for minutes in range(5, 35, 5):
        with time_machine.travel(start + timedelta(minutes=minutes)):
            assert client.get(ADMIN).status_code == 200, minutes


# --- The audit --------------------------------------------------------------------------------


def test_sign_ins_failures_and_lockouts_are_audited_and_logged(client, limit_3, caplog):
    staff(username="maya")
    caplog.set_level(logging.INFO, logger="staffauth")
    sign_in(client, "maya")
    client.post(reverse("admin:logout"))
    for n in range(4):
        sign_in(client, "maya", f"wrong-{n}", address="203.0.113.1")
    Kind = SignInEvent.Kind
    assert kinds() == [Kind.SIGNED_IN, Kind.SIGNED_OUT, Kind.FAILED, Kind.FAILED, Kind.LOCKED_OUT, Kind.LOCKED_OUT]
    latest = SignInEvent.objects.first()
    assert (latest.username, latest.ip_address) == ("maya", "203.0.113.1")
    logged = [record.getMessage() for record in caplog.records if record.name == "staffauth"]
    assert logged[0] == "Signed in: 'maya' from 127.0.0.1 (password)"
    assert logged[-1].startswith("Locked out: 'maya' from 203.0.113.1")
    assert [r.levelno for r in caplog.records if r.name == "staffauth"][2:] == [logging.WARNING] * 4


def test_editors_read_the_audit_and_nobody_edits_it(client):
    event = SignInEvent.objects.create(kind=SignInEvent.Kind.FAILED, username="<script>maya</script>")
    changelist = reverse("admin:staffauth_signinevent_changelist")
    client.force_login(staff())
    page = client.get(changelist).content.decode()
    assert "&lt;script&gt;maya&lt;/script&gt;" in page and "<script>maya" not in page
    assert client.get(reverse("admin:staffauth_signinevent_change", args=[event.pk])).status_code == 200  # read-only
    assert client.post(reverse("admin:staffauth_signinevent_delete", args=[event.pk])).status_code == 403

    client.force_login(staff(role="Author"))
    assert client.get(changelist).status_code == 403


@pytest.mark.parametrize("events", [3, 30])
def test_the_audit_list_costs_the_same_queries_however_many_events(client, django_assert_num_queries, events):
    client.force_login(staff())
    SignInEvent.objects.bulk_create(
        SignInEvent(kind=SignInEvent.Kind.FAILED, username=f"guess{n}", ip_address="203.0.113.1") for n in range(events)
    )
    with django_assert_num_queries(6):
        assert client.get(reverse("admin:staffauth_signinevent_changelist")).status_code == 200


def test_make_run_tells_the_demo_admin_how_to_enrol(two_factor, capsys):
    call_command("ensure_admin")
    out = capsys.readouterr().out
    assert "Password:" in out and "authenticator app" in out and "STAFF_REQUIRE_TWO_FACTOR=off" in out
    two_factor.STAFF_REQUIRE_TWO_FACTOR = False
    call_command("ensure_admin")
    assert "authenticator" not in capsys.readouterr().out
