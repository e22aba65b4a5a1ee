"""Redis as a cache, never a dependency.

The cache backend is django-redis, configured in settings.py with
IGNORE_EXCEPTIONS (any Redis error or timeout is a miss, a write that fails is
skipped), socket and connect timeouts well under a second, and this client
class. django-redis keeps one client per server, where Django's own RedisCache
builds a new one, with redis-py's ~170 callbacks, for every call.

The client adds a circuit breaker, so that a Redis that hangs (stopped, or a
network that drops packets) costs one timeout every few seconds per process
rather than one per call: after an error every command fails at once, as a
miss, for REDIS_RETRY_AFTER seconds; then the next command tries Redis again.
When Redis answers again, `redis_recovered` is sent: writes made meanwhile
(the page cache's version bumps) were lost, so receivers make up for them.
"""
import logging
import threading
import time

import redis
from django.dispatch import Signal

logger = logging.getLogger(__name__)
redis_recovered = Signal()


class Breaker:
    """Open (failing fast) for `rest` seconds after an error; closed again at
    the first command that gets an answer."""

    def __init__(self, rest):
        self.rest = rest
        self.open_until = None
        self.lock = threading.Lock()

    @property
    def is_open(self):
        return self.open_until is not None

    def allows(self):
        return self.open_until is None or time.monotonic() >= self.open_until

    def failed(self, error):
        with self.lock:
            if self.open_until is None:
                logger.warning("Redis unavailable (%s): serving uncached for a while", error)
            self.open_until = time.monotonic() + self.rest

    def succeeded(self):
        if self.open_until is None:
            return
        with self.lock:
            recovered, self.open_until = self.open_until is not None, None
        if recovered:
            logger.warning("Redis answers again: cached service resumes")
            redis_recovered.send(sender=Breaker)


class FailFastRedis(redis.Redis):
    """redis-py's client behind a Breaker (django-redis's REDIS_CLIENT_CLASS);
    REDIS_CLIENT_KWARGS gives it `breaker_seconds`."""

    breakers = {}

    def __init__(self, *args, breaker_seconds=2.0, **kwargs):
        super().__init__(*args, **kwargs)
        # One breaker per server for the whole process: Django makes a cache
        # backend, and so a client, per thread.
        where = self.connection_pool.connection_kwargs
        key = (where.get("host"), where.get("port"), where.get("path"))
        self.breaker = self.breakers.setdefault(key, Breaker(breaker_seconds))

    def execute_command(self, *args, **options):
        if not self.breaker.allows():
            raise redis.ConnectionError("Redis is left alone for a moment after an error")
        try:
            result = super().execute_command(*args, **options)
        except (redis.ConnectionError, redis.TimeoutError) as error:
            self.breaker.failed(error)
            raise
        self.breaker.succeeded()
        return result


def redis_cache(location, key_prefix, timeout=0.25, breaker_seconds=2.0):
    """The CACHES entry of a Redis cache that is never a dependency."""
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": location,
        "KEY_PREFIX": key_prefix,
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": timeout,
            "SOCKET_TIMEOUT": timeout,
            "REDIS_CLIENT_CLASS": "trillmag.cache_backends.FailFastRedis",
            "REDIS_CLIENT_KWARGS": {"breaker_seconds": breaker_seconds},
        },
    }
