"""Redis as a cache, never a dependency.

The cache backend is django-redis, configured in settings.py with
IGNORE_EXCEPTIONS (any Redis error or timeout is a miss, a write that fails is
skipped), socket and connect timeouts well under a second, and this client
class. django-redis keeps one client per server, where Django's own RedisCache
builds a new one, with redis-py's ~170 callbacks, for every call.

The client adds a circuit breaker, so that a Redis that hangs (stopped, or a
network that drops packets) costs one timeout every few seconds per process
rather than one per call: after an error every command fails at once, as a
miss, for REDIS_RETRY_AFTER seconds. Then one thread pings Redis; if it
answers, `redis_recovered` is sent before any other command goes through:
writes made meanwhile (the page cache's version bumps) were lost, so its
receivers make up for them before anything stale can be read.

Only the process that lost a write knows it was lost, and the other processes
read Redis as if nothing happened; so that process does not wait for a request
to try again: a thread of its own pings once each rest is over, and the lost
writes are made up within REDIS_RETRY_AFTER (plus one timeout) of Redis
answering, whatever the traffic.
"""
import logging
import threading
import time

import redis
from django.dispatch import Signal

logger = logging.getLogger(__name__)
redis_recovered = Signal()


class Breaker:
    """Open (failing fast) for `rest` seconds after an error, then closed again
    by the first thread whose ping gets an answer."""

    def __init__(self, rest):
        self.rest = rest
        self.open_until = None
        self.failures = 0
        self.lock = threading.Lock()
        self.recovering = threading.local()
        self.watcher = None

    @property
    def is_open(self):
        return self.open_until is not None

    def allows(self):
        """Whether this thread may send a command now."""
        return self.open_until is None or getattr(self.recovering, "active", False)

    def failed(self, error, ping):
        with self.lock:
            if self.open_until is None:
                logger.warning("Redis unavailable (%s): serving uncached for a while", error)
            self.open_until = time.monotonic() + self.rest
            self.failures += 1
            if self.watcher is None:
                self.watcher = threading.Thread(target=self.watch, args=(ping,), name="redis-breaker", daemon=True)
                self.watcher.start()

    def watch(self, ping):
        """Tries to recover each time a rest is over, until the breaker closes."""
        while True:
            with self.lock:
                if self.open_until is None:
                    self.watcher = None
                    return
                wait = self.open_until - time.monotonic()
            time.sleep(max(wait, 0.01))
            try:
                self.try_to_recover(ping)
            except Exception:  # a receiver's bug must not end the watch: it tries again after a rest
                logger.exception("Making up for a Redis outage failed")

    def try_to_recover(self, ping):
        """Once the rest is over, one thread pings Redis and, if it answers,
        runs the `redis_recovered` receivers while every other thread still
        fails fast. True when the breaker is closed."""
        with self.lock:
            if self.open_until is None:
                return True
            if time.monotonic() < self.open_until:
                return False
            self.open_until = time.monotonic() + self.rest  # the others wait for this try
            failures = self.failures
        self.recovering.active = True
        try:
            ping()
            redis_recovered.send(sender=Breaker)
        except (redis.ConnectionError, redis.TimeoutError):
            pass  # counted by FailFastRedis.execute_command, which failed
        finally:
            self.recovering.active = False
        with self.lock:
            if self.failures != failures:
                return False
            self.open_until = None
        logger.warning("Redis answers again: cached service resumes")
        return True


class FailFastRedis(redis.Redis):
    """redis-py's client behind a Breaker (django-redis's REDIS_CLIENT_CLASS);
    REDIS_CLIENT_KWARGS gives it `breaker_seconds`."""

    breakers = {}

    def __init__(self, *args, breaker_seconds=2.0, **kwargs):
        super().__init__(*args, **kwargs)
        # One breaker per server for the whole process: Django makes a cache
        # backend, and so a client, per thread. Public APIs only: redis-py's
        # documented pool settings, django-redis's REDIS_CLIENT_CLASS option;
        # nothing of Django's cache internals.
        where = self.connection_pool.connection_kwargs
        key = (where.get("host"), where.get("port"), where.get("path"))
        self.breaker = self.breakers.setdefault(key, Breaker(breaker_seconds))

    def execute_command(self, *args, **options):
        if not self.breaker.allows() and not self.breaker.try_to_recover(self.ping):
            raise redis.ConnectionError("Redis is left alone for a moment after an error")
        try:
            return super().execute_command(*args, **options)
        except (redis.ConnectionError, redis.TimeoutError) as error:
            self.breaker.failed(error, self.ping)
            raise


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
