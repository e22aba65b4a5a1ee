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
def isolated_page_cache_version(settings, tmp_path):
    """Each test starts with its own content version (see trillmag/cache.py)."""
    settings.PAGE_CACHE_VERSION_FILE = str(tmp_path / "page-cache-version")
