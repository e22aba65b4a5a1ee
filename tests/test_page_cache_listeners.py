"""The page cache's side of caches in front (trillmag/cache.py): every page a
shared cache may keep names its keys in X-Cache-Tags, and after each commit
the invalidation listeners hear which keys went stale. trillmag/frontcache.py
listens (tests/test_frontcache.py)."""
import pytest

from trillmag import cache as page_cache
from trillmag import frontcache

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    """The key sets the page cache's listeners are told, in order."""
    calls = []
    page_cache.add_invalidation_listener(calls.append)
    yield calls
    page_cache._invalidation_listeners.remove(calls.append)


def test_a_committed_change_tells_the_listeners_which_keys_went_stale(heard, committed):
    with committed():
        ArticleFactory()
    # Once per row saved (the article, its section, its byline...): frontcache coalesces them.
    assert heard and all(keys == {page_cache.SITE_KEY} for keys in heard)


def test_a_change_rolled_back_tells_no_listener(heard, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        ArticleFactory()
    assert heard == []


def test_pages_a_shared_cache_may_keep_name_their_keys_and_personal_ones_do_not(client, settings, admin_user):
    settings.PAGE_CACHE = True
    ArticleFactory()
    shared = client.get("/")
    assert "public" in shared["Cache-Control"]
    keys = shared["X-Cache-Tags"].split()
    assert keys and all(frontcache.KEY.fullmatch(key) for key in keys)
    client.force_login(admin_user)
    personal = client.get("/")
    assert "X-Cache-Tags" not in personal and "private" in personal["Cache-Control"]
