import contextlib
import os

import pytest
import redis

from harness.seaweedfs import Unavailable, seaweedfs


@pytest.fixture(scope="session")
def redis_url():
    """The Redis the tests may use (TEST_REDIS_URL), once it answers; else a skip."""
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/4")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip(f"needs Redis at {url} (set TEST_REDIS_URL)")
    return url


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """One S3 server (SeaweedFS, harness/seaweedfs.py) for the whole run; a skip where it cannot start."""
    with contextlib.ExitStack() as stack:
        try:
            server = stack.enter_context(seaweedfs(tmp_path_factory.mktemp("seaweedfs")))
        except Unavailable as reason:
            pytest.skip(f"needs an S3 server: {reason}")
        yield server


@pytest.fixture(autouse=True)
def isolated_media(settings, tmp_path):
    """Uploads go to a throwaway folder; no test writes into the checkout."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def page_cache_off(settings, tmp_path):
    """Pages are rendered fresh unless a test turns the page cache on: a test's
    transaction never commits, so the version bumps that keep cached pages exact
    (trillmag/cache.py) only run where a test asks for its on-commit hooks.
    Each test gets its own content version."""
    settings.PAGE_CACHE = False
    settings.PAGE_CACHE_VERSION_FILE = str(tmp_path / "page-cache-version")
