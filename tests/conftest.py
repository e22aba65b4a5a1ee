import contextlib
import os
from contextlib import contextmanager

import pytest
import redis

from harness.seaweedfs import Unavailable, seaweedfs


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, a test database in a file rather than in memory: with memory,
    Django hands the live server's thread the test's own connection, and a page
    still talking to the server (the editor's heartbeat) while the test writes
    races on it ("on_commit() cannot be used in manual transaction management")."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("database") / "test.sqlite3")


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


# Where the tests of absolute links put the site (feeds, sitemaps, structured data).
SITE_URL = "https://mag.example"


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = SITE_URL
    return SITE_URL


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
    (trillmag/pagecache) only run where a test asks for its on-commit hooks.
    Each test gets its own table of versions."""
    settings.PAGE_CACHE = False
    settings.PAGE_CACHE_VERSION_FILE = str(tmp_path / "page-cache-versions")


@pytest.fixture
def page_cache_on(settings, page_cache_off):
    """For the page cache's own tests: `pytest.mark.usefixtures("page_cache_on")`."""
    settings.PAGE_CACHE = True


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run a change and its on-commit hooks, as a real request's commit would."""

    def run(change, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return change(*args, **kwargs)

    return run


@pytest.fixture
def run_jobs(db):
    """Runs every job that is due, here and now, as a worker would once the
    test's changes were committed; returns how many ran. Jobs run in the test's
    transaction, so they see what it wrote."""
    from django_tasks_db.models import DBTaskResult

    from jobs.worker import make_worker

    worker = make_worker("tests")

    def run():
        ran = 0
        while (job := DBTaskResult.objects.ready().first()) is not None:
            job.claim(worker.worker_id)
            worker.run_task(job)
            ran += 1
        return ran

    return run


@pytest.fixture
def committed(django_capture_on_commit_callbacks, run_jobs):
    """`with committed():` runs what is done inside it as if committed: its
    on-commit callbacks, then the jobs it queued (search vectors, emails)."""

    @contextmanager
    def block():
        with django_capture_on_commit_callbacks(execute=True):
            yield
        run_jobs()

    return block
