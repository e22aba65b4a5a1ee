"""The anonymous page cache: served from the cache, fresh at once after any content
change, never shared with or poisoned by a visitor who has something personal."""
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import User
from django.core.cache import cache as django_cache
from django.db import OperationalError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from harness.servers import hidden_value
from trillmag import pagecache
from trillmag.pagecache import middleware, schedules, versions

from .comment_helpers import post_comment
from .factories import ArticleFactory, CommentFactory, ImageFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


@pytest.fixture
def story():
    return ArticleFactory(title="Harbour bridge reopens", tags=["transport"])


def test_second_anonymous_view_is_served_from_the_cache(client, story):
    first = client.get("/")
    second = client.get("/")
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_cache_hit_runs_no_query(client, story, django_assert_num_queries):
    client.get(story.get_absolute_url())
    with django_assert_num_queries(0):
        assert client.get(story.get_absolute_url())["X-Page-Cache"] == "hit"


def test_a_hit_carries_the_headers_of_a_miss_without_loading_the_session(client, story, monkeypatch):
    miss = client.get(story.get_absolute_url())
    monkeypatch.setattr("django.contrib.sessions.middleware.SessionMiddleware.process_request", None)
    hit = client.get(story.get_absolute_url())
    assert hit["X-Page-Cache"] == "hit"
    assert set(hit.headers) == set(miss.headers)
    for name in ("X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy", "Cache-Control", "Vary"):
        assert hit[name] == miss[name]


def test_anonymous_pages_are_the_same_bytes_for_every_reader_and_public(story):
    first, second = Client().get(story.get_absolute_url()), Client().get(story.get_absolute_url())
    assert second["X-Page-Cache"] == "hit" and first.content == second.content
    assert not first.cookies and not second.cookies
    control = {part.strip() for part in second["Cache-Control"].split(",")}
    assert {"public", "max-age=0", "s-maxage=60"} <= control
    assert second["X-Cache-Tags"].split() == [f"article:{story.pk}", "articles", "site"]


def test_page_cache_off_renders_every_page(client, story, settings):
    settings.PAGE_CACHE = False
    client.get("/")
    response = client.get("/")
    assert "X-Page-Cache" not in response
    assert "ETag" not in response


# --- invalidation: every change listed in the issue makes pages fresh at once ---


def test_publishing_an_article_shows_it_on_cached_pages(client, story, commit):
    client.get("/")
    commit(ArticleFactory, title="Council votes on budget")
    assert b"Council votes on budget" in client.get("/").content


def test_editing_an_article_refreshes_its_page_and_listings(client, story, commit):
    client.get("/")
    client.get(story.get_absolute_url())
    story.title = "Harbour bridge reopens after repairs"
    commit(story.save)
    assert b"after repairs" in client.get("/").content
    assert b"after repairs" in client.get(story.get_absolute_url()).content


def test_unpublishing_an_article_removes_it_at_once(client, story, commit):
    url = story.get_absolute_url()
    assert client.get(url).status_code == 200
    story.status = story.Status.DRAFT
    commit(story.save)
    assert client.get(url).status_code == 404
    assert b"Harbour bridge" not in client.get("/").content


def test_deleting_an_article_removes_it_at_once(client, story, commit):
    client.get("/")
    commit(story.delete)
    assert b"Harbour bridge" not in client.get("/").content


def test_scheduled_article_appears_on_time_on_a_cached_page(client, story, commit):
    due = timezone.now() + timedelta(minutes=30)
    commit(ArticleFactory, title="Midnight budget statement", published_at=due)
    assert b"Midnight budget" not in client.get("/").content
    assert client.get("/")["X-Page-Cache"] == "hit"
    with time_machine.travel(due + timedelta(seconds=1)):
        assert b"Midnight budget" in client.get("/").content


def test_cdn_lifetime_stops_at_the_next_scheduled_article(client, story, commit, settings):
    settings.PAGE_CACHE_CDN_SECONDS = 600
    commit(ArticleFactory, published_at=timezone.now() + timedelta(seconds=90))
    control = client.get("/")["Cache-Control"]
    max_age = int(control.split("s-maxage=")[1].split(",")[0])
    assert 0 < max_age <= 90


def test_renaming_the_author_refreshes_the_article_page(client, story, commit):
    client.get(story.get_absolute_url())
    [author] = story.authors_in_order
    author.name = "Ada Okafor"
    commit(author.save)
    assert b"Ada Okafor" in client.get(story.get_absolute_url()).content


def test_renaming_a_section_refreshes_the_front_page(client, story, commit):
    client.get("/")
    story.category.name = "City Hall"
    commit(story.category.save)
    assert b"City Hall" in client.get("/").content


def test_renaming_a_tag_refreshes_the_article_page(client, story, commit):
    client.get(story.get_absolute_url())
    tag = Tag.objects.get(name="transport")
    tag.name = "Getting around"
    commit(tag.save)
    assert b"Getting around" in client.get(story.get_absolute_url()).content


def test_tagging_an_article_refreshes_its_page(client, story, commit):
    client.get(story.get_absolute_url())
    commit(story.tags.add, "infrastructure")
    assert b"infrastructure" in client.get(story.get_absolute_url()).content


def test_changing_a_photo_refreshes_pages_that_show_it(client, story, commit):
    story.featured_image = ImageFactory(alt_text="Cranes over the river")
    commit(story.save)
    client.get(story.get_absolute_url())
    story.featured_image.alt_text = "The bridge at dawn"
    commit(story.featured_image.save)
    assert b"The bridge at dawn" in client.get(story.get_absolute_url()).content


def test_change_rolled_back_keeps_the_cache(client, story, django_capture_on_commit_callbacks):
    client.get("/")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ArticleFactory()
    assert len(callbacks) >= 1
    assert client.get("/")["X-Page-Cache"] == "hit"


def test_a_bump_by_another_worker_process_is_seen(client, story, settings):
    client.get("/")
    versions.FileVersions(settings.PAGE_CACHE_VERSION_FILE).bump({"articles"})  # its own mapping of the table
    assert client.get("/")["X-Page-Cache"] == "miss"


def test_a_table_made_afresh_never_matches_older_pages(tmp_path):
    first = versions.FileVersions(tmp_path / "one").read(["articles"])[0]
    assert versions.FileVersions(tmp_path / "two").read(["articles"])[0] != first


@pytest.mark.parametrize("where", ["file", "cache"])
def test_a_bump_changes_the_keys_bumped_and_no_other(settings, where):
    if where == "cache":
        settings.PAGE_CACHE_VERSION_FILE = ""
    store = versions.store()
    before = store.read(["article:1", "article:2", "articles"])[0]
    assert store.read(["article:1", "article:2", "articles"])[0] == before
    store.bump({"article:1"})
    after = store.read(["article:1", "article:2", "articles"])[0]
    assert after["article:1"] != before["article:1"]
    assert after["article:2"] == before["article:2"] and after["articles"] == before["articles"]
    store.bump({versions.EPOCH})
    assert not set(store.read(["article:2", "articles"])[0].values()) & set(after.values())


@pytest.fixture
def shared_cache_reads(settings, monkeypatch):
    """Versions kept in the cache, as with Redis; records the keys each round
    trip asks for (local memory's get_many() calls get() for each key: one trip)."""
    settings.PAGE_CACHE_VERSION_FILE = ""
    monkeypatch.setattr(middleware, "copies", middleware.LocalCopies())
    reads = []
    inside = []

    def recorded(method):
        def read(keys, *args, **kwargs):
            if not inside:
                reads.append(keys)
            inside.append(True)
            try:
                return method(keys, *args, **kwargs)
            finally:
                inside.pop()

        return read

    for name in ("get", "get_many"):
        monkeypatch.setattr(django_cache, name, recorded(getattr(django_cache, name)))
    return reads


def version_names(*keys):
    return [versions.CacheVersions.prefix + key for key in (versions.EPOCH, *keys)]


def test_a_hot_page_from_a_shared_cache_costs_one_read_of_its_versions(client, story, shared_cache_reads):
    assert client.get(story.get_absolute_url())["X-Page-Cache"] == "miss"
    shared_cache_reads.clear()
    hit = client.get(story.get_absolute_url())
    assert hit["X-Page-Cache"] == "hit" and story.title in hit.text
    assert shared_cache_reads == [version_names(f"article:{story.pk}", "articles", "site")]


def test_a_local_copy_is_never_used_after_a_change(client, story, shared_cache_reads, commit):
    client.get(story.get_absolute_url())
    story.title = "Harbour bridge closes again"
    commit(story.save)
    response = client.get(story.get_absolute_url())
    assert response["X-Page-Cache"] == "miss" and "Harbour bridge closes again" in response.text


def test_a_copy_stored_by_another_server_is_fetched_once(client, story, shared_cache_reads):
    client.get(story.get_absolute_url())
    middleware.copies.entries.clear()  # as if another server had stored it
    shared_cache_reads.clear()
    assert client.get(story.get_absolute_url())["X-Page-Cache"] == "hit"
    assert any("pagecache:page:" in str(keys) for keys in shared_cache_reads)
    shared_cache_reads.clear()
    assert client.get(story.get_absolute_url())["X-Page-Cache"] == "hit"
    assert shared_cache_reads == [version_names(f"article:{story.pk}", "articles", "site")]


def test_local_copies_are_bounded(settings):
    settings.PAGE_CACHE_LOCAL_COPIES = 2
    copies = middleware.LocalCopies()
    for key in ("a", "b", "c"):
        copies.put(key, ("v", key))
    assert copies.get("a") is None and copies.get("c") == ("v", "c")


def test_database_down_means_no_cache_rather_than_an_error(client, story, monkeypatch):
    def unreachable():
        raise OperationalError("connection refused")

    client.get("/")
    [schedule] = [s for s in schedules._schedules if "articles" in s.keys]
    monkeypatch.setattr(schedule, "next_change", unreachable)
    monkeypatch.setattr(schedule, "seen", (None, None))
    with pytest.raises(schedules.DueTimeUnknown):
        schedules.check(versions.current_reading(), ["articles"])


# --- conditional GETs and headers for a CDN -------------------------------------


def test_responses_carry_validators_and_cdn_friendly_cache_control(client, story):
    response = client.get("/")
    assert response["ETag"].startswith('W/"')
    assert "Last-Modified" in response
    control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=0", "s-maxage=60"} <= control
    assert "Cookie" in response["Vary"]


def test_conditional_get_with_etag_gets_304(client, story):
    etag = client.get("/")["ETag"]
    response = client.get("/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""


def test_etag_survives_the_cache_being_emptied(client, story):
    etag = client.get("/")["ETag"]
    django_cache.clear()
    response = client.get("/", HTTP_IF_NONE_MATCH=etag)
    assert response["X-Page-Cache"] == "miss"
    assert response.status_code == 304


def test_conditional_get_with_last_modified_gets_304(client, story):
    last_modified = client.get("/")["Last-Modified"]
    assert client.get("/", HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304


def test_stale_etag_gets_the_new_page(client, story, commit):
    etag = client.get("/")["ETag"]
    commit(ArticleFactory, title="Late result")
    response = client.get("/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert b"Late result" in response.content


# --- who never gets, and never makes, a shared page -----------------------------


@pytest.fixture
def editor_client(db):
    user = User.objects.create_superuser("editor", "editor@example.com", "pw-editor-123")
    client = Client()
    client.force_login(user)
    return client


def test_staff_get_the_cached_page_with_their_own_name_in_the_form(client, editor_client, story):
    client.get(story.get_absolute_url())
    response = editor_client.get(story.get_absolute_url())
    assert response["X-Page-Cache"] == "hit"
    assert "private" in response["Cache-Control"]
    assert 'value="editor@example.com"' in response.text
    assert "You are signed in" in response.text
    assert "You are signed in" not in client.get(story.get_absolute_url()).text


def test_staff_pages_are_never_stored_for_others(client, editor_client):
    draft = ArticleFactory(status="draft", published_at=None, title="Embargoed draft")
    assert editor_client.get(draft.get_absolute_url()).status_code == 200
    editor_client.get("/")
    assert client.get("/")["X-Page-Cache"] == "miss"
    assert client.get(draft.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("cookie", ["sessionid", "messages", "comment_author", "comments_mine"])
def test_visitors_with_personal_cookies_get_the_shared_page_privately(client, story, cookie):
    client.get("/")
    client.cookies[cookie] = "something personal"
    response = client.get("/")
    assert response["X-Page-Cache"] == "hit"
    assert "private" in response["Cache-Control"]


def test_a_page_rendered_for_a_personal_visitor_is_never_stored(client, story):
    client.cookies["comment_author"] = "something personal"
    assert client.get("/")["X-Page-Cache"] == "bypass"
    assert Client().get("/")["X-Page-Cache"] == "miss"


def test_the_csrf_cookie_alone_keeps_the_shared_page(client, story):
    client.get("/")
    client.cookies["csrftoken"] = "a" * 32
    assert client.get("/")["X-Page-Cache"] == "hit"


def test_shareable_cookies_can_be_configured(client, story, settings):
    settings.PAGE_CACHE_SHAREABLE_COOKIES = ["consent"]
    client.get("/")
    client.cookies["consent"] = "yes"
    assert client.get("/")["X-Page-Cache"] == "hit"


def test_post_requests_are_never_cached(client, story):
    assert client.post(reverse("articles:search"))["X-Page-Cache"] == "bypass"


def test_not_found_pages_are_not_stored(client):
    client.get("/tag/nothing-here/")
    assert client.get("/tag/nothing-here/").status_code == 404
    assert client.get("/tag/nothing-here/")["X-Page-Cache"] == "bypass"


# --- holes: the form's per-visitor token on a shared page -------------------------


@pytest.fixture
def form_url(settings):
    settings.ROOT_URLCONF = "tests.holes_urls"
    return "/form/"


def test_cached_form_gives_each_visitor_a_token_that_works(form_url):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    assert first.get(form_url)["X-Page-Cache"] == "miss"
    page = second.get(form_url)
    assert page["X-Page-Cache"] == "hit"
    assert "csrftoken" in page.cookies
    response = second.post(form_url, {"csrfmiddlewaretoken": hidden_value(page.content, "csrfmiddlewaretoken")})
    assert response.status_code == 200
    assert response.content == b"accepted"


def test_a_token_from_the_cached_page_is_not_valid_for_another_visitor(form_url):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    token = hidden_value(first.get(form_url).content, "csrfmiddlewaretoken")
    second.get(form_url)
    assert second.post(form_url, {"csrfmiddlewaretoken": token}).status_code == 403


def test_the_stored_page_keeps_the_hole_open(form_url):
    client = Client()
    client.get(form_url)
    stored = client.get(form_url).wsgi_request.cached_page
    assert b"csrf" in stored.pieces[1::4]
    assert not any(b"csrfmiddlewaretoken" in text for text in stored.pieces[::4])


def test_pages_with_holes_are_private_to_a_cdn(form_url):
    control = Client().get(form_url)["Cache-Control"]
    assert "private" in control
    assert "public" not in control


def test_a_page_with_a_baked_in_csrf_token_is_never_stored(form_url):
    Client().get("/baked/")
    assert Client().get("/baked/")["X-Page-Cache"] == "bypass"


def test_a_page_with_a_script_nonce_is_never_stored(form_url):
    first, second = Client().get("/nonced/"), Client().get("/nonced/")
    assert second["X-Page-Cache"] == "bypass"
    nonces = [response.wsgi_request.csp_nonce for response in (first, second)]
    assert nonces[0] != nonces[1]
    assert f"'nonce-{nonces[1]}'" in second["Content-Security-Policy"]
    assert f'nonce="{nonces[1]}"'.encode() in second.content


def test_unknown_hole_names_fail_loudly():
    with pytest.raises(KeyError):
        pagecache.hole_marker("no-such-hole")


# --- comments on cached article pages -----------------------------------------


def test_approving_a_comment_shows_it_on_the_cached_page(client, story, commit):
    comment = commit(CommentFactory, article=story, status="pending", body="Held for a moment")
    assert b"Held for a moment" not in client.get(story.get_absolute_url()).content
    comment.status = "approved"
    commit(comment.save)
    assert b"Held for a moment" in client.get(story.get_absolute_url()).content


def test_removing_a_comment_takes_it_off_the_cached_page(client, story, commit):
    comment = commit(CommentFactory, article=story, body="Regrettable words")
    assert b"Regrettable words" in client.get(story.get_absolute_url()).content
    comment.status = "removed"
    commit(comment.save)
    assert b"Regrettable words" not in client.get(story.get_absolute_url()).content


def test_a_comment_held_for_moderation_keeps_the_cache(client, story, commit):
    client.get(story.get_absolute_url())
    commit(CommentFactory, article=story, status="pending")
    assert client.get(story.get_absolute_url())["X-Page-Cache"] == "hit"


def test_a_pending_comment_is_seen_by_its_writer_only(story, settings):
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0
    writer = Client()
    writer.get(story.get_absolute_url())
    post_comment(writer, story, body="Only I should see this for now", email="new@example.com")
    mine = writer.get(story.get_absolute_url())
    assert mine["X-Page-Cache"] == "hit"
    assert b"Only I should see this for now" in mine.content
    others = Client().get(story.get_absolute_url())
    assert b"Only I should see this for now" not in others.content


def test_saved_commenter_details_are_never_shown_to_others(story, settings):
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0
    writer = Client()
    post_comment(writer, story, save_details="on", name="Zanele Private", email="zanele@example.com")
    assert b"Zanele Private" in writer.get(story.get_absolute_url()).content
    for _ in range(2):
        assert b"zanele@example.com" not in Client().get(story.get_absolute_url()).content


def test_public_responses_that_are_not_stored_stay_cacheable_by_a_cdn(client, story):
    wrong_date = story.get_absolute_url().replace(f"/{story.published_at.year}/", "/1999/")
    response = client.get(wrong_date)
    assert response.status_code == 301
    assert "private" not in response.get("Cache-Control", "")


def test_a_cached_search_finds_a_new_article_as_soon_as_its_search_job_ran(client, story, commit, run_jobs):
    assert b"keeper retires" not in client.get("/search/?q=lighthouse").content
    commit(ArticleFactory, title="Lighthouse keeper retires")
    commit(run_jobs)  # a worker builds its search vector, and the job makes cached pages stale
    assert b"keeper retires" in client.get("/search/?q=lighthouse").content


def test_feeds_and_sitemaps_are_cached_and_refreshed_too(client, story, commit):
    for url in ("/feed/", "/sitemap.xml"):
        client.get(url)
        assert client.get(url)["X-Page-Cache"] == "hit"
    commit(ArticleFactory, title="Tram line extended")
    assert b"Tram line extended" in client.get("/feed/").content
