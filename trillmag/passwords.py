"""Staff passwords: a new account's random one, shown once, and the reset link
a forgotten one is replaced through."""
import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm


def new_password():
    return secrets.token_urlsafe(12)


def shown_once(account, username, password):
    """The message that hands a new password over: `account` says what was made ("superuser")."""
    return (
        f"Created {account} for /admin/. Username: {username}  Password: {password}\n"
        "This password is shown only once: note it down (change it with "
        f"'.venv/bin/python manage.py changepassword {username}')."
    )


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, its email sent by a job (trillmag.tasks) so that a slow
    or refusing mail server never holds up the request, with its link on
    SITE_URL rather than on whatever host the request named."""

    def save(self, **kwargs):
        from .tasks import send_password_reset

        site = urlsplit(settings.SITE_URL)
        send_password_reset.enqueue(self.cleaned_data["email"], site.netloc, site.scheme == "https")
