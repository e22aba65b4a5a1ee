"""A shared HTTP cache in front is told what went stale: the page cache tells
its listeners the stale keys after each commit (tests/test_page_cache_listeners.py)
and trillmag/frontcache.py turns them into a BAN job per cache in front,
coalesced with any still waiting and retried until the cache takes it. The
same with a real Varnish: tests/test_varnish.py."""
import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from harness.servers import free_port
from harness.varnish import BanRecorder
from tests.admin_helpers import article_form_data
from trillmag import frontcache

from .factories import ArticleFactory, AuthorFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorder():
    server = BanRecorder()
    yield server
    server.close()


def ban_jobs():
    return list(DBTaskResult.objects.filter(task_path="trillmag.frontcache.ban"))


def page_keys(client, settings, url):
    """The keys a shared cache keeps the page at `url` under."""
    settings.PAGE_CACHE = True
    return set(client.get(url)["X-Cache-Tags"].split())


def banned(ban):
    return set(ban.split())


def test_each_change_sends_every_cache_in_front_a_ban_of_the_stale_keys(client, settings, recorder, committed):
    ArticleFactory()
    front_page = page_keys(client, settings, "/")
    other = BanRecorder()
    settings.FRONT_CACHE_URLS = [recorder.url, other.url]
    try:
        with committed():
            ArticleFactory()  # a new story on the front page
    finally:
        other.close()
    assert recorder.bans == other.bans
    assert any(banned(ban) & front_page for ban in recorder.bans)
    assert {job.status for job in ban_jobs()} == {"SUCCESSFUL"}


def test_changes_committed_while_a_ban_waits_in_the_queue_ride_on_it(
    settings, recorder, django_capture_on_commit_callbacks, run_jobs
):
    article = ArticleFactory()
    settings.FRONT_CACHE_URLS = [recorder.url]
    for title in ("Ferry strike called", "Ferry strike called off", "Ferry strike over"):
        with django_capture_on_commit_callbacks(execute=True):
            article.title = title
            article.save()
    run_jobs()
    assert len(recorder.bans) == 1
    # Once a BAN was sent, the next change needs a new one.
    with django_capture_on_commit_callbacks(execute=True):
        article.save()
    run_jobs()
    assert len(recorder.bans) == 2 and recorder.bans[0] == recorder.bans[1]


@pytest.mark.parametrize("waiting, then, jobs", [
    ({"article:1", "articles"}, {"articles"}, 1),  # covered by the waiting BAN
    ({"*"}, {"article:2"}, 1),
    ({"article:1"}, {"article:1", "articles"}, 2),  # needs a BAN of its own
])
def test_a_waiting_ban_covers_changes_of_the_same_keys_or_fewer(settings, recorder, waiting, then, jobs):
    settings.FRONT_CACHE_URLS = [recorder.url]
    frontcache.keys_changed(waiting)
    frontcache.keys_changed(then)
    assert len(ban_jobs()) == jobs


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
    jobs = ban_jobs()
    # Failed, then put back in the queue for a later try (jobs/retries.py).
    assert jobs and all(job.status == "READY" and "BanFailed" in job.traceback for job in jobs)


def test_a_cache_in_front_that_is_down_delays_no_other_and_its_bans_do_not_pile_up(
    settings, recorder, django_capture_on_commit_callbacks, run_jobs
):
    article = ArticleFactory()
    down = f"http://127.0.0.1:{free_port()}/"
    settings.FRONT_CACHE_URLS = [down, recorder.url]
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            article.save()
        run_jobs()
    assert len(recorder.bans) == 2
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
    assert refusing.bans
    assert {job.status for job in ban_jobs()} == {"READY"}
