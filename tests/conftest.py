import pytest


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
