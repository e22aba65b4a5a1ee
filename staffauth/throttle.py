"""What django-axes counts failed sign-ins by, and for how long it locks.

Axes reads these through its settings (trillmag/settings.py points its
AXES_FAILURE_LIMIT, AXES_COOLOFF_TIME and AXES_CLIENT_IP_CALLABLE here), on
every attempt, so the knobs can change without a restart and tests can change
them with the `settings` fixture.
"""
import ipaddress
from datetime import timedelta

from .conf import conf


def failure_limit(request, credentials):
    return conf.STAFF_LOGIN_FAILURE_LIMIT


def cool_off(request=None):
    return timedelta(seconds=conf.STAFF_LOGIN_COOL_OFF)


def client_ip(request):
    """The client's address; behind a proxy, the last hop it added (the one a
    client cannot forge). None when unreadable: axes counts all of those as one
    address, so a garbled header buys no fresh allowance."""
    value = request.META.get(conf.STAFF_LOGIN_IP_HEADER) or request.META.get("REMOTE_ADDR") or ""
    try:
        return str(ipaddress.ip_address(value.split(",")[-1].strip()))
    except ValueError:
        return None
