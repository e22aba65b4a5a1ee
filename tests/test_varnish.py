"""deploy/varnish/trillmag.vcl works as shipped: a real varnishd in front of a
real gunicorn and job worker keeps anonymous pages, drops exactly the pages a
change made stale (the app's BAN, sent by a job after the commit), and lets
everything personal through to the app."""
import http.client
import json
import shutil
import sqlite3
import subprocess
import sys
import time
from urllib.parse import urlsplit

import pytest
from django_tasks_db.models import DBTaskResult

from harness.servers import ROOT, free_port, gunicorn, manage, server_env
from harness.services import job_worker, seed_story, wait_until
from harness.varnish import BanRecorder, available, varnish, vcl_for

pytestmark = pytest.mark.skipif(
    not available(), reason="needs varnishd (Debian: apt-get install varnish; .ci/run installs it)"
)

SEED = """
import json
import shutil
import sqlite3
from datetime import timedelta
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from articles.models import Article, Author, Byline, Category
from comments.models import Comment
author = Author.objects.create(slug="desk", name="The Desk")
section = Category.objects.create(slug="news", name="News")
def story(slug, title, status="published"):
    # Comments closed: today's page cache keeps an open comment form's secrets
    # per reader, which makes the page private; these pages are public already.
    article = Article.objects.create(
        slug=slug, title=title, standfirst="What happened.", body="<p>It happened.</p>", category=section,
        status=status, published_at=timezone.now() - timedelta(hours=1), comments_enabled=False)
    Byline.objects.create(article=article, author=author)
    return article
a, b = story("harbour-bridge", "Harbour bridge reopens"), story("tram-strike", "Tram strike ends")
draft = story("ferry-timetable", "New ferry timetable", status="draft")
pending = Comment.objects.create(article=a, name="Ines", email="ines@example.com",
                                 body="A remark waiting for a moderator.", status="pending")
staff = User.objects.create_user("editor", "editor@example.com", "pw", is_staff=True, is_superuser=True)
session = SessionStore()
session.update({"_auth_user_id": str(staff.pk), "_auth_user_backend": "staffauth.backends.StaffModelBackend",
                "_auth_user_hash": staff.get_session_auth_hash()})
session.create()
print(json.dumps({"a": a.get_absolute_url(), "b": b.get_absolute_url(), "a_pk": a.pk, "b_pk": b.pk,
                  "draft_pk": draft.pk, "pending_pk": pending.pk, "session": session.session_key}))
"""


class Site:
    def __init__(self, env, backend, front, recorder, facts):
        self.env, self.backend, self.front, self.recorder, self.facts = env, backend, front, recorder, facts
        self.database = env["DATABASE_URL"].removeprefix("sqlite:///")

    def change(self, code):
        """Run `code` in a process of its own, as an editor's request would:
        its commit queues the BAN."""
        subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=self.env, check=True,
            capture_output=True, timeout=60,
        )


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    folder = tmp_path_factory.mktemp("static")
    manage(server_env(folder), "collectstatic", "--noinput", "--verbosity", "0")
    return folder


def site_env(folder, static_root, **extra):
    return server_env(
        static_root, DATABASE_URL=f"sqlite:///{folder}/db.sqlite3", MEDIA_ROOT=str(folder / "media"),
        PAGE_CACHE_VERSION_FILE=str(folder / "page-cache-version"), **extra,
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory, static_root):
    folder = tmp_path_factory.mktemp("varnish")
    recorder = BanRecorder()
    front_port = free_port()
    # Seeded without caches in front: no BAN from the seed may reach a test.
    # Pages live an hour in Varnish: only a BAN ends them within a test.
    seed_env = site_env(folder, static_root, PAGE_CACHE_CDN_SECONDS="3600")
    manage(seed_env, "migrate", "--noinput", "--verbosity", "0")
    facts = json.loads(manage(seed_env, "shell", "-c", SEED).strip().splitlines()[-1])
    env = {**seed_env, "FRONT_CACHE_URLS": f"http://127.0.0.1:{front_port}/,{recorder.url}"}
    try:
        with gunicorn(env) as backend, varnish(urlsplit(backend).port, folder, port=front_port) as front:
            with job_worker(env, interval="0.1"):
                yield Site(env, backend, front, recorder, facts)
    finally:
        recorder.close()


def fetch(base, path, method="GET", headers=None, body=None, source=None):
    """(status, headers, body) of one request, without cookies or redirects."""
    url = urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=20, source_address=source)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def x_cache(site, path, **kwargs):
    return fetch(site.front, path, **kwargs)[1]["X-Cache"]


def kept(site, path):
    """Load `path` through Varnish until it is a hit (the first load may be a miss); its body."""
    return kept_at(site.front, path)


def kept_at(front, path):
    for _ in range(3):
        status, headers, body = fetch(front, path)
        assert status == 200, body[:300]
        if headers["X-Cache"] == "HIT":
            return body
    raise AssertionError(f"{path} is never a Varnish hit: {headers}")


def tags(site, path):
    """The keys the app gives the page, asked of the app itself (Varnish keeps them to itself)."""
    return set(fetch(site.backend, path)[1]["X-Cache-Tags"].split())


def jobs_waiting(site):
    """Jobs the worker has not finished (the site's database is SQLite)."""
    with sqlite3.connect(site.database) as db:
        return db.execute(
            f"SELECT COUNT(*) FROM {DBTaskResult._meta.db_table} WHERE status IN ('READY', 'RUNNING')"
        ).fetchone()[0]


def banned_after(site, change):
    """Run `change`, wait until its BANs reached Varnish and the recorder, and
    return the keys they banned."""
    site.recorder.bans.clear()
    site.change(change)
    assert wait_until(lambda: not jobs_waiting(site), 20), "the BAN jobs did not run"
    assert site.recorder.bans, "no BAN was sent"
    return set(" ".join(site.recorder.bans).split())


def test_an_anonymous_article_page_is_served_by_varnish_byte_for_byte(site):
    status, headers, first = fetch(site.front, site.facts["a"])
    assert status == 200 and "public" in headers["Cache-Control"]
    status, headers, second = fetch(site.front, site.facts["a"])
    assert (status, headers["X-Cache"]) == (200, "HIT")
    assert second == first
    # The keys are the cache's business; caches further out still vary on cookies.
    assert "X-Cache-Tags" not in headers and "Cookie" in headers["Vary"]


def test_a_reader_with_only_the_csrf_cookie_gets_the_shared_copy(site):
    body = kept(site, site.facts["a"])
    status, headers, shared = fetch(site.front, site.facts["a"], headers={"Cookie": "csrftoken=abcdef0123456789"})
    assert (status, headers["X-Cache"], shared) == (200, "HIT", body)


def test_approving_a_comment_purges_its_article_and_only_what_its_keys_name(site):
    a, b = site.facts["a"], site.facts["b"]
    kept(site, a), kept(site, b)
    a_tags, b_tags = tags(site, a), tags(site, b)
    banned = banned_after(site, f"""
from comments.models import Comment
comment = Comment.objects.get(pk={site.facts['pending_pk']})
comment.status = "approved"
comment.save()
""")
    assert a_tags & banned
    assert wait_until(lambda: b"A remark waiting for a moderator." in fetch(site.front, a)[2], 10)
    # Checked against X-Cache-Tags: with one site-wide key every page goes;
    # with a key per article, the other article stays a hit.
    assert (x_cache(site, b) == "HIT") == (not b_tags & banned)


def test_publishing_an_article_refreshes_the_front_page(site):
    front_page = kept(site, "/")
    assert b"New ferry timetable" not in front_page
    banned_after(site, f"""
from articles.models import Article
article = Article.objects.get(pk={site.facts['draft_pk']})
article.status = "published"
article.save()
""")
    assert wait_until(lambda: b"New ferry timetable" in fetch(site.front, "/")[2], 10)


def test_editing_an_article_refreshes_its_page(site):
    kept(site, site.facts["b"])
    banned_after(site, f"""
from articles.models import Article
article = Article.objects.get(pk={site.facts['b_pk']})
article.title = "Tram strike called off"
article.save()
""")
    assert wait_until(lambda: b"Tram strike called off" in fetch(site.front, site.facts["b"])[2], 10)


@pytest.mark.parametrize("cookie", [
    "sessionid={session}",  # a logged-in staff member
    "csrftoken=abcdef0123456789; sessionid={session}",
    "comment_author=signed-details",  # a commenter who saved their details
    "comments_mine=signed-ids",  # a commenter with a comment awaiting moderation
])
def test_visitors_with_a_personal_cookie_go_through_to_the_app(site, cookie):
    kept(site, site.facts["a"])
    cookie = cookie.format(session=site.facts["session"])
    status, headers, _ = fetch(site.front, site.facts["a"], headers={"Cookie": cookie})
    assert (status, headers["X-Cache"]) == (200, "PASS")
    assert "private" in headers["Cache-Control"]


def test_the_staff_member_gets_their_own_page(site):
    cookie = f"sessionid={site.facts['session']}"
    status, headers, body = fetch(site.front, "/admin/", headers={"Cookie": cookie})
    assert (status, headers["X-Cache"]) == (200, "PASS")
    assert b"editor" in body


@pytest.mark.parametrize("path", ["/admin/login/", "/healthz"])
def test_the_admin_and_the_health_check_always_reach_the_app(site, path):
    for _ in range(2):
        assert x_cache(site, path) == "PASS"


def test_a_post_goes_through_to_the_app(site):
    status, headers, body = fetch(
        site.front, f"/comments/post/{site.facts['a_pk']}/", method="POST", body=b"body=hi",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    # Passed, and refused by Django for want of a CSRF token (a 403, or the
    # form back with fresh secrets): it reached the app.
    assert headers["X-Cache"] == "PASS" and status in (400, 403)
    assert headers["X-Content-Type-Options"] == "nosniff"  # Django's SecurityMiddleware


def test_a_ban_from_outside_the_app_servers_is_refused(site):
    kept(site, site.facts["a"])
    status, _, _ = fetch(site.front, "/", method="BAN", headers={"X-Cache-Tags": "site"}, source=("127.0.0.2", 0))
    assert status == 405
    assert x_cache(site, site.facts["a"]) == "HIT"


def test_a_ban_of_everything_drops_every_page(site):
    kept(site, site.facts["a"]), kept(site, "/")
    assert fetch(site.front, "/", method="BAN", headers={"X-Cache-Tags": "*"})[0] == 200
    assert x_cache(site, site.facts["a"]) == x_cache(site, "/") == "MISS"


@pytest.mark.parametrize("keys", ["", "site|.*", "article:1 .*", "* site", "**"])
def test_a_ban_that_is_not_a_list_of_keys_is_refused(site, keys):
    kept(site, site.facts["a"])
    status, _, _ = fetch(site.front, "/", method="BAN", headers={"X-Cache-Tags": keys})
    assert status == 400
    assert x_cache(site, site.facts["a"]) == "HIT"


def test_a_ban_drops_whole_keys_only(site):
    kept(site, site.facts["a"])
    status, _, _ = fetch(site.front, "/", method="BAN", headers={"X-Cache-Tags": "sit ite site-2"})
    assert status == 200
    assert x_cache(site, site.facts["a"]) == "HIT"


def test_while_the_app_is_down_varnish_serves_the_pages_it_had_and_only_then_stale_ones(tmp_path, static_root):
    env = site_env(tmp_path, static_root, PAGE_CACHE_CDN_SECONDS="1")
    url = seed_story(env)["url"]
    manage(env, "shell", "-c", "from articles.models import Article; Article.objects.update(comments_enabled=False)")
    backend_port = free_port()
    with varnish(backend_port, tmp_path / "varnish") as front:
        with gunicorn(env, port=backend_port):
            # Varnish probed the app while it was starting: wait for it to count as up.
            assert wait_until(lambda: fetch(front, "/healthz")[0] == 200, 15)
            kept_at(front, url)
            time.sleep(1.5)  # past the page's s-maxage
            # The app is up: an expired page is fetched again, never served stale.
            assert fetch(front, url)[1]["X-Cache"] == "MISS"
            body = kept_at(front, url)
        # Once the health check sees the app gone (a few seconds), the page it had is served.
        assert wait_until(lambda: fetch(front, url)[0] == 200, 15)
        status, headers, stale = fetch(front, url)
        assert (status, headers["X-Cache"], stale) == (200, "HIT", body)


def test_the_systemd_unit_is_valid_and_runs_the_shipped_vcl(tmp_path):
    if not shutil.which("systemd-analyze"):
        pytest.skip("needs systemd-analyze to check the unit")
    unit = (ROOT / "deploy" / "systemd" / "trillmag-varnish.service").read_text()
    assert "-j unix,user=vcache" in unit  # Debian's unprivileged user for the cache process
    (tmp_path / "trillmag.vcl").write_text(vcl_for(8000))
    rendered = unit.replace("/etc/varnish/trillmag.vcl", str(tmp_path / "trillmag.vcl"))
    assert rendered != unit, "the unit no longer loads /etc/varnish/trillmag.vcl: update this test"
    (tmp_path / "trillmag-varnish.service").write_text(rendered)
    result = subprocess.run(
        ["systemd-analyze", "verify", str(tmp_path / "trillmag-varnish.service")], capture_output=True, text=True
    )
    assert (result.returncode, result.stderr.strip()) == (0, "")
