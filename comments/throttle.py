"""Flood control: at most N comment posts per IP address per period.

Counters live in the cache (shared across app servers when Redis is
configured), one fixed window per address.
"""
import ipaddress
import time
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from .conf import conf

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
    window = int(time.time()) // rate.seconds
    key = f"comments:rate:{ip}:{window}"
    cache.add(key, 0, timeout=rate.seconds + 1)
    try:
        posts = cache.incr(key)
    except ValueError:  # the key expired between add() and incr()
        cache.set(key, 1, timeout=rate.seconds + 1)
        posts = 1
    if posts <= rate.count:
        return 0
    return rate.seconds - int(time.time()) % rate.seconds
