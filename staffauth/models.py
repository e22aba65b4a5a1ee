from django.db import models
from django.utils import timezone


class SignInEvent(models.Model):
    """One line of the staff sign-in audit: who tried, from where, what happened.
    Written by staffauth.audit from Django's, axes' and django-otp's signals;
    read-only in the admin."""

    class Kind(models.TextChoices):
        SIGNED_IN = "signed_in", "Signed in"
        FAILED = "failed", "Wrong username or password"
        LOCKED_OUT = "locked_out", "Locked out"
        SECOND_FACTOR_FAILED = "second_factor_failed", "Wrong second-factor code"
        ENROLLED = "enrolled", "Set up two-factor sign-in"
        SIGNED_OUT = "signed_out", "Signed out"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    # As typed for failures (the account may not exist), the account's otherwise.
    username = models.CharField(max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=255, blank=True)
    detail = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["kind", "-at"]), models.Index(fields=["username", "-at"])]
        verbose_name = "sign-in event"
        # Editors read it (staffauth/roles.py); nobody writes it by hand.
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.get_kind_display()}: {self.username or '?'} ({self.at:%Y-%m-%d %H:%M})"
