"""Redis as a cache, never a dependency (trillmag/cache_backends.py): any error
is a miss, and after one Redis is left alone for a moment."""
import socket
import uuid

import pytest
import redis
from django_redis.cache import RedisCache

from harness.services import wait_until
from trillmag import cache_backends
from trillmag.cache_backends import redis_cache


def backend(location, **options):
    entry = redis_cache(location, key_prefix=f"trillmag-test-{uuid.uuid4().hex[:8]}", **options)
    return RedisCache(entry["LOCATION"], entry)


@pytest.fixture(autouse=True)
def fresh_breakers(monkeypatch):
    monkeypatch.setattr(cache_backends.FailFastRedis, "breakers", {})


@pytest.fixture
def live(redis_url):
    client = redis.Redis.from_url(redis_url)
    cache = backend(redis_url)
    yield cache
    for key in client.scan_iter(match=f"{cache.key_prefix}:*"):
        client.delete(key)


def test_it_is_a_working_django_cache(live):
    live.set("page", ("v1", b"<html>"), 60)
    assert live.get("page") == ("v1", b"<html>")
    assert live.add("page", "other") is False
    assert live.get_many(["page", "missing"]) == {"page": ("v1", b"<html>")}
    live.set("hits", 1)
    assert live.incr("hits") == 2
    live.delete("page")
    assert live.get("page") is None


def test_every_call_of_a_thread_shares_one_client(live):
    assert live.client.get_client() is live.client.get_client()


@pytest.fixture
def nobody_listening():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


def test_an_unreachable_redis_is_a_miss_and_writes_are_skipped(nobody_listening):
    cache = backend(nobody_listening)
    assert cache.get("page") is None
    assert cache.get_many(["page", "version"]) == {}
    cache.set("page", "x")
    assert cache.add("page", "x") in (None, False)


@pytest.fixture
def silent_server():
    """A server that accepts connections and never answers, like a stopped Redis."""
    listener = socket.create_server(("127.0.0.1", 0))
    yield f"redis://127.0.0.1:{listener.getsockname()[1]}/0"
    listener.close()


def test_after_a_timeout_redis_is_left_alone_while_the_breaker_is_open(silent_server, monkeypatch):
    cache = backend(silent_server, timeout=0.05, breaker_seconds=60)
    assert cache.get("page") is None  # times out
    [breaker] = cache_backends.FailFastRedis.breakers.values()
    assert breaker.is_open and not breaker.allows()
    sent = []
    monkeypatch.setattr(redis.Redis, "execute_command", lambda self, *args, **kwargs: sent.append(args))
    assert cache.get_many(["page", "version"]) == {}
    cache.set("page", "x")
    assert sent == []  # nothing reached the network


@pytest.fixture
def made_up(redis_url):
    """A cache with a value written before an outage, and a `redis_recovered`
    receiver that makes up for a write lost during it."""
    cache = backend(redis_url, breaker_seconds=0)
    cache.set("version", "before the outage")
    made = []

    def bump(**kwargs):
        cache.set("version", "made up for the outage")
        made.append(True)

    cache_backends.redis_recovered.connect(bump, weak=False, dispatch_uid="test-bump")
    yield cache, made
    cache_backends.redis_recovered.disconnect(dispatch_uid="test-bump")


def lose_a_write(cache):
    [breaker] = cache_backends.FailFastRedis.breakers.values()
    breaker.failed(redis.ConnectionError("gone"), cache.client.get_client().ping)
    return breaker


def test_when_redis_answers_again_the_recovery_runs_before_any_other_command(made_up):
    cache, _ = made_up
    breaker = lose_a_write(cache)
    assert cache.get("version") == "made up for the outage"  # never the value from before
    assert not breaker.is_open


def test_a_process_that_lost_writes_makes_up_for_them_without_waiting_for_a_request(made_up):
    cache, made = made_up
    breaker = lose_a_write(cache)
    assert wait_until(lambda: made and not breaker.is_open, 5)
    assert cache.get("version") == "made up for the outage"


def test_a_recovery_that_fails_leaves_the_breaker_open_and_it_tries_again(silent_server):
    cache = backend(silent_server, timeout=0.05, breaker_seconds=0.1)
    assert cache.get("page") is None
    [breaker] = cache_backends.FailFastRedis.breakers.values()
    assert wait_until(lambda: breaker.failures >= 2, 5)  # the watcher's ping timed out too
    assert breaker.is_open and not breaker.allows()
