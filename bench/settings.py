"""The production settings, plus the benchmark's trivial view (bench/urls.py) and
a client address taken from X-Forwarded-For, so that the comment burst can come
from many readers (as it would behind a proxy) rather than one rate-limited IP.
BENCH_CACHE_BACKEND swaps the Redis cache backend (bench/cache_backend.py)."""
import os

from trillmag.settings import *  # noqa: F403 (the settings module is the point)

if os.environ.get("BENCH_CACHE_BACKEND") and REDIS_URL:  # noqa: F405
    CACHES["default"] = {  # noqa: F405
        "BACKEND": os.environ["BENCH_CACHE_BACKEND"],
        "LOCATION": REDIS_URL,  # noqa: F405
        "KEY_PREFIX": CACHES["default"]["KEY_PREFIX"],  # noqa: F405
    }

ROOT_URLCONF = "bench.urls"
COMMENTS_IP_HEADER = "HTTP_X_FORWARDED_FOR"
