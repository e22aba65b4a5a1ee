"""Django's built-in Redis cache, keeping one client per connection pool.

Django's RedisCacheClient makes a new `redis.Redis` for every cache call, and
redis-py 8 fills some 170 response callbacks into each one: about 55 µs a call
here, more than a page-cache hit spends on everything else but the round trip.
A `redis.Redis` is safe to share between threads (it takes a connection from
its pool for each command), so one per pool is kept. Everything else, the
serializer, pools and options included, is Django's.
"""
from django.core.cache.backends import redis


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients.setdefault(pool, self._client(connection_pool=pool))
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
