"""A shared HTTP cache in front is told what went stale: the page cache names
the keys of every shareable page (X-Cache-Tags) and tells its listeners the
stale keys after each commit; trillmag/frontcache.py turns that into one BAN
job per change, retried until every cache in front took it. The same with a
real Varnish: tests/test_varnish.py."""
import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from harness.servers import free_port
from harness.varnish import BanRecorder
from tests.admin_helpers import article_form_data
from trillmag import cache as page_cache
from trillmag import frontcache

from .factories import ArticleFactory, AuthorFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorder():
    server = BanRecorder()
    yield server
    server.close()


@pytest.fixture
def heard():
    """The key sets the page cache's listeners are told, in order."""
    calls = []
    page_cache.add_invalidation_listener(calls.append)
    yield calls
    page_cache._invalidation_listeners.remove(calls.append)


def ban_jobs():
    return list(DBTaskResult.objects.filter(task_path="trillmag.frontcache.ban"))


def test_a_committed_change_tells_the_listeners_which_keys_went_stale(heard, committed):
    with committed():
        ArticleFactory()
    # Once per row saved (the article, its section, its byline...): the BAN job coalesces them.
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


def test_each_change_sends_every_cache_in_front_one_ban_with_the_stale_keys(settings, recorder, committed):
    other = BanRecorder()
    settings.FRONT_CACHE_URLS = [recorder.url, other.url]
    try:
        with committed():
            ArticleFactory()
    finally:
        other.close()
    assert recorder.bans == other.bans == [page_cache.SITE_KEY]
    assert [job.status for job in ban_jobs()] == ["SUCCESSFUL", "SUCCESSFUL"]


def test_changes_committed_while_a_ban_waits_in_the_queue_ride_on_it(
    settings, recorder, django_capture_on_commit_callbacks, run_jobs
):
    settings.FRONT_CACHE_URLS = [recorder.url]
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            ArticleFactory()
    run_jobs()
    assert recorder.bans == [page_cache.SITE_KEY]
    # Once a BAN was sent, the next change needs a new one.
    with django_capture_on_commit_callbacks(execute=True):
        ArticleFactory()
    run_jobs()
    assert recorder.bans == [page_cache.SITE_KEY] * 2


def test_without_caches_in_front_no_ban_job_is_queued(settings, committed):
    settings.FRONT_CACHE_URLS = []
    with committed():
        ArticleFactory()
    assert ban_jobs() == []


def test_when_everything_is_stale_every_cache_in_front_drops_everything(settings, recorder, run_jobs):
    settings.FRONT_CACHE_URLS = [recorder.url]
    frontcache.keys_changed({frontcache.EVERYTHING, "article:1"})
    run_jobs()
    assert recorder.bans == ["*"]


def test_a_key_that_could_widen_a_ban_is_refused(settings, recorder):
    settings.FRONT_CACHE_URLS = [recorder.url]
    with pytest.raises(ValueError):
        frontcache.keys_changed({"article:1|.*"})
    assert ban_jobs() == []


def test_an_editor_saves_while_the_cache_in_front_is_down_and_the_ban_is_retried(client, settings, committed):
    settings.FRONT_CACHE_URLS = [f"http://127.0.0.1:{free_port()}/"]  # nothing listens there
    editor = StaffFactory(role="Editor")
    AuthorFactory(user=editor)
    article = ArticleFactory()
    client.force_login(editor)
    with committed():
        response = client.post(
            reverse("admin:articles_article_change", args=[article.pk]),
            article_form_data(article, title="Ferry strike called off", status="published"),
        )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Ferry strike called off"
    [job] = ban_jobs()
    # Failed, then put back in the queue for a later try (jobs/retries.py).
    assert (job.status, len(job.worker_ids)) == ("READY", 1)
    assert "BanFailed" in job.traceback


def test_a_cache_in_front_that_is_down_delays_no_other_and_its_bans_do_not_pile_up(
    settings, recorder, django_capture_on_commit_callbacks, run_jobs
):
    down = f"http://127.0.0.1:{free_port()}/"
    settings.FRONT_CACHE_URLS = [down, recorder.url]
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            ArticleFactory()
        run_jobs()
    assert recorder.bans == [page_cache.SITE_KEY] * 2
    # One BAN waits for its next try and covers both changes.
    [waiting] = [job for job in ban_jobs() if job.args_kwargs["args"][0] == down]
    assert waiting.status == "READY"


def test_a_cache_in_front_that_refuses_the_ban_gets_it_again(settings, committed, run_jobs):
    refusing = BanRecorder(status=405)
    settings.FRONT_CACHE_URLS = [refusing.url]
    try:
        with committed():
            ArticleFactory()
    finally:
        refusing.close()
    [job] = ban_jobs()
    assert refusing.bans == [page_cache.SITE_KEY]
    assert job.status == "READY"
