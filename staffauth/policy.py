"""Who must sign in with a second factor: one place, read by the middleware."""
from django.conf import settings

from .conf import conf


def two_factor_on():
    """STAFF_REQUIRE_TWO_FACTOR, or when unset: on except in debug runs."""
    required = conf.STAFF_REQUIRE_TWO_FACTOR
    return not settings.DEBUG if required is None else required


def needs_second_factor(user):
    """True for a signed-in superuser or member of a role in
    STAFF_TWO_FACTOR_ROLES who has not verified a second factor this session."""
    if not two_factor_on() or not user.is_authenticated or user.is_verified():
        return False
    if user.is_superuser:
        return True
    in_role = getattr(user, "in_two_factor_role", None)  # read with the user (backends.py)
    return in_role if in_role is not None else user.groups.filter(name__in=conf.STAFF_TWO_FACTOR_ROLES).exists()


def enrolment_note():
    """What `make run` tells a newcomer about signing in (`ensure_admin`)."""
    if not two_factor_on():
        return ""
    return (
        "Superusers and editors sign in with a second factor. After the password, /admin/ shows a QR code:\n"
        "scan it with an authenticator app (Aegis, Google Authenticator, 1Password..., or type the secret shown\n"
        "under it), enter its 6-digit code, then make recovery codes and keep them safe.\n"
        "To look around without it: STAFF_REQUIRE_TWO_FACTOR=off make run"
    )
