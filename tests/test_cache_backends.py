"""Django's Redis cache with its client kept (trillmag/cache_backends.py)."""
import uuid

import pytest
import redis

from trillmag.cache_backends import RedisCache


def backend(location):
    return RedisCache(location, {"KEY_PREFIX": f"trillmag-test-{uuid.uuid4().hex[:8]}"})


def test_every_call_shares_one_client_per_server():
    cache = backend("redis://127.0.0.1:6379/4,redis://127.0.0.1:6379/5")  # pools connect lazily
    client = cache._cache
    assert client.get_client(write=True) is client.get_client(write=True)
    assert client.get_client(write=True) is not client.get_client(write=False)  # reads go to the replica


@pytest.fixture
def live(redis_url):
    client = redis.Redis.from_url(redis_url)
    cache = backend(redis_url)
    yield cache
    for key in client.scan_iter(match=f"{cache.key_prefix}:*"):
        client.delete(key)


def test_it_is_still_a_working_django_cache(live):
    live.set("page", ("v1", b"<html>"), 60)
    assert live.get("page") == ("v1", b"<html>")
    assert live.add("page", "other") is False
    assert live.get_many(["page", "missing"]) == {"page": ("v1", b"<html>")}
    live.set("hits", 1)
    assert live.incr("hits") == 2
    live.delete("page")
    assert live.get("page") is None
