"""Outages that lose nothing, on real servers (gunicorn, a job worker, a Redis
and SMTP servers of the test's own): the quick versions of the drills in
bench/drill.py. Each runs on a SQLite file of its own."""
import json
import socket
import sqlite3
import time

import pytest

from harness.servers import Browser, gunicorn, manage, server_env
from harness.services import (
    REGULAR, RedisServer, SmtpServer, StalledSmtp, job_worker, post_comment, seed_story, sqlite_env, wait_until,
)


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    manage(server_env(root), "collectstatic", "--noinput", "--verbosity", "0")
    return root


@pytest.fixture
def site(static_root, tmp_path):
    """A migrated database with a story, and the environment of its servers."""
    env = sqlite_env(server_env(static_root, COMMENTS_MIN_SUBMIT_SECONDS="0"), tmp_path)
    return env, seed_story(env), tmp_path / "db.sqlite3"


def rows(database, sql):
    with sqlite3.connect(database) as connection:
        return connection.execute(sql).fetchall()


def email_jobs(database):
    return rows(database, "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult "
                          "WHERE task_path = 'comments.tasks.send_notification'")


@pytest.mark.parametrize("outage", [None, StalledSmtp], ids=["refusing", "stalled"])
def test_an_email_waits_out_an_smtp_outage_and_goes_out_once_when_smtp_answers(site, outage):
    env, story, database = site
    smtp = SmtpServer()
    env = {
        **env, "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}", "EMAIL_TIMEOUT": "1",
        "COMMENTS_MODERATOR_EMAILS": "desk@example.com", "JOBS_RETRY_DELAY": "1", "JOBS_RETRY_MAX_DELAY": "1",
    }
    down = outage(smtp.port) if outage else None  # nothing listening refuses connections
    if down:
        down.start()
    try:
        with gunicorn(env) as base, job_worker(env):
            status, _, _ = post_comment(Browser(), base, story, "Held for a moderator", "new@example.com")
            assert status == 302
            assert wait_until(lambda: any(len(json.loads(ids)) >= 2 for _, ids in email_jobs(database)), 30)
            assert smtp.messages == []
            if down:
                down.stop()
            smtp.start()
            assert wait_until(lambda: smtp.messages, 30)
            assert wait_until(lambda: email_jobs(database)[0][0] == "SUCCESSFUL", 10)
    finally:
        smtp.stop()
    [(_, envelope)] = smtp.messages
    assert envelope.rcpt_tos == ["desk@example.com"]
    assert b"Held for a moderator" in envelope.content
    assert rows(database, "SELECT count(*) FROM comments_notification WHERE sent_at IS NOT NULL") == [(1,)]


@pytest.fixture
def redis_server():
    if not RedisServer.available():
        pytest.skip("needs redis-server (Debian: apt-get install redis-server)")
    server = RedisServer()
    server.start()
    yield server
    server.stop()


def cached_state(reader, url):
    status, headers, body = reader.get(url)
    assert status == 200
    return headers["X-Page-Cache"], body


@pytest.mark.parametrize("outage", ["killed", "frozen"])
def test_without_redis_pages_are_served_comments_post_and_cached_service_returns_fresh(site, redis_server, outage):
    env, story, _ = site
    env = {**env, "REDIS_URL": redis_server.url, "REDIS_TIMEOUT": "0.1", "REDIS_RETRY_AFTER": "0.5"}
    with gunicorn(env) as base:
        reader, article = Browser(), base + story["url"]
        assert cached_state(reader, article)[0] == "miss"
        assert cached_state(reader, article)[0] == "hit"
        redis_server.kill() if outage == "killed" else redis_server.freeze()

        for url in (article, base + "/", base + "/search/?q=drill"):
            assert cached_state(reader, url)[0] == "bypass"
        status, _, _ = post_comment(Browser(), base, story, "Posted while Redis was away", REGULAR)
        assert status == 302
        status, _, health = reader.get(base + "/healthz")
        assert status == 200
        assert b"degraded" in health and b"cache: Redis unavailable" in health

        redis_server.start() if outage == "killed" else redis_server.thaw()
        # The worker that lost the comment's bump makes up for it within a rest
        # (0.5 s) and a timeout of Redis answering, with no request to prompt
        # it; the other workers never saw the outage and read Redis as before.
        # So after a few rests every read, whichever worker answers, is fresh.
        time.sleep(3)
        states = [cached_state(reader, article) for _ in range(20)]
        assert all(b"Posted while Redis was away" in body for _, body in states)
        assert states[-1][0] == "hit"
        assert reader.get(base + "/healthz")[2].startswith(b"ok\n")


def test_the_comment_rate_limit_counts_across_the_workers_of_one_box(site):
    env, story, database = site
    env = {**env, "WEB_CONCURRENCY": "3", "COMMENTS_RATE_LIMIT": "5/h"}
    with gunicorn(env) as base:
        commenter = Browser()
        statuses = [post_comment(commenter, base, story, f"Remark {n}", f"c{n}@example.com")[0] for n in range(7)]
    assert statuses == [302] * 5 + [429] * 2
    assert rows(database, "SELECT count(*) FROM comments_comment WHERE body LIKE 'Remark %'") == [(5,)]


def test_idle_connections_do_not_keep_a_reader_waiting(site):
    env, story, _ = site
    with gunicorn({**env, "WEB_CONCURRENCY": "2"}) as base:
        port = int(base.rsplit(":", 1)[1])
        for _ in range(4):
            Browser().get(base + story["url"])  # warm both workers up
        silent = [socket.create_connection(("127.0.0.1", port)) for _ in range(3)]
        kept_alive = []
        for _ in range(10):
            sock = socket.create_connection(("127.0.0.1", port))
            sock.sendall(b"GET /robots.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            sock.recv(65536)
            kept_alive.append(sock)
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as reader:
                reader.sendall(f"GET {story['url']} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
                assert reader.recv(64).startswith(b"HTTP/1.1 200")
        finally:
            for sock in silent + kept_alive:
                sock.close()
