"""Flood control: at most N comment posts per IP address per period.

Counters live in the database, one fixed window per address: every worker of
a box and every app server counts into the same row, and there is no Redis to
lose (the database is needed to store the comment anyway). The row is locked
while it changes, so concurrent posts count exactly.
"""
import ipaddress
import time
from dataclasses import dataclass
from datetime import datetime, timezone

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from .conf import conf
from .models import RateCounter

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text):
        """"5/m" or "5/minute" -> Rate(5, 60); empty or "off" -> None (no limit)."""
        text = (text or "").strip().lower()
        if text in ("", "off"):
            return None
        count, _, period = text.partition("/")
        seconds = PERIODS.get(period[:1])
        if not count.isdigit() or seconds is None:
            raise ImproperlyConfigured(f'COMMENTS_RATE_LIMIT must look like "5/m", not {text!r}')
        return cls(int(count), seconds)


def client_ip(request):
    """The client's address; behind a proxy, the last hop it added."""
    value = request.META.get(conf.COMMENTS_IP_HEADER) or request.META.get("REMOTE_ADDR") or ""
    try:
        return str(ipaddress.ip_address(value.split(",")[-1].strip()))
    except ValueError:
        return None


def hit(ip):
    """Count one post from `ip`. Returns 0 when it is allowed, otherwise the
    number of seconds until the address may post again."""
    rate = Rate.parse(conf.COMMENTS_RATE_LIMIT)
    if rate is None or not ip:
        return 0
    now = int(time.time())
    window = now // rate.seconds
    ends = (window + 1) * rate.seconds
    posts = count(f"comment:{ip}:{window}", datetime.fromtimestamp(ends, timezone.utc))
    return 0 if posts <= rate.count else ends - now


def count(key, expires_at):
    """Add one to the counter `key` and return its new value."""
    with transaction.atomic():
        RateCounter.objects.filter(expires_at__lte=datetime.now(timezone.utc)).delete()
        counter, _ = RateCounter.objects.select_for_update().get_or_create(key=key, defaults={"expires_at": expires_at})
        counter.count += 1
        counter.save(update_fields=["count"])
    return counter.count
