"""The staff sign-in audit: every sign-in, failure and lockout, to the log and
to SignInEvent (read in the admin). Fed by signals, so it sees the admin's
login, a password reset's automatic login and anything else that signs in."""
import logging

from .models import SignInEvent
from .throttle import client_ip

logger = logging.getLogger("staffauth")

# What a line of the log says, by kind; failures are warnings.
LOG_LEVELS = {
    SignInEvent.Kind.FAILED: logging.WARNING,
    SignInEvent.Kind.LOCKED_OUT: logging.WARNING,
    SignInEvent.Kind.SECOND_FACTOR_FAILED: logging.WARNING,
}


def record(kind, request, username, detail=""):
    address = client_ip(request) if request is not None else None
    agent = request.META.get("HTTP_USER_AGENT", "")[:255] if request is not None else ""
    logger.log(
        LOG_LEVELS.get(kind, logging.INFO), "%s: %r from %s%s",
        SignInEvent.Kind(kind).label, username, address or "an unknown address", f" ({detail})" if detail else "",
    )
    return SignInEvent.objects.create(
        kind=kind, username=username[:150], ip_address=address, user_agent=agent, detail=detail[:255]
    )


def device_name(device):
    """How a second factor is named in the audit: the kind of device, never its secret."""
    return {"totpdevice": "authenticator app", "staticdevice": "recovery code", "webauthndevice": "passkey"}.get(
        type(device).__name__.lower(), type(device).__name__
    )


def signed_in(sender, request, user, **kwargs):
    # django-otp has put the device that was just verified on the user, if any.
    device = getattr(user, "otp_device", None)
    detail = f"password and {device_name(device)}" if device else "password"
    record(SignInEvent.Kind.SIGNED_IN, request, user.get_username(), detail)


def signed_out(sender, request, user, **kwargs):
    if user is not None:
        record(SignInEvent.Kind.SIGNED_OUT, request, user.get_username())


def sign_in_failed(sender, credentials, request=None, **kwargs):
    """user_login_failed, after axes has counted it (axes is installed before
    staffauth, so its receiver runs first and marks a refused request)."""
    username = str(credentials.get("username", ""))
    if getattr(request, "axes_locked_out", False):
        failures = getattr(request, "axes_failures_since_start", None)
        record(SignInEvent.Kind.LOCKED_OUT, request, username, f"{failures} failures" if failures else "")
    else:
        record(SignInEvent.Kind.FAILED, request, username)


def second_factor_failed(request, user, device):
    record(SignInEvent.Kind.SECOND_FACTOR_FAILED, request, user.get_username(), device_name(device) if device else "")


def enrolled(request, user, device):
    record(SignInEvent.Kind.ENROLLED, request, user.get_username(), device_name(device))
