"""Serving: gunicorn sized from the machine, WhiteNoise's static files, and the
styled 503 while the database is unreachable, recovering by itself."""
import os
import runpy

import pytest

from harness.servers import Browser, TcpProxy, gunicorn, hashed_static_url, manage, server_env
from tests.database_errors import LOST, REFUSED, front_page_raising

ROOT_CONF = os.path.join(os.path.dirname(os.path.dirname(__file__)), "gunicorn.conf.py")


def gunicorn_settings(monkeypatch, **env):
    for name in ("WEB_CONCURRENCY", "GUNICORN_THREADS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(ROOT_CONF)


def test_gunicorn_sizes_workers_from_the_cpu_count(monkeypatch):
    monkeypatch.setattr(os, "cpu_count", lambda: 3)
    assert gunicorn_settings(monkeypatch)["workers"] == 7


def test_gunicorn_workers_can_be_set(monkeypatch):
    assert gunicorn_settings(monkeypatch, WEB_CONCURRENCY="3")["workers"] == 3


def test_gunicorn_access_log_is_readable(monkeypatch):
    log_format = gunicorn_settings(monkeypatch)["access_log_format"]
    assert all(field in log_format for field in ("%(t)s", '"%(r)s"', "%(s)s", "%(M)s"))


def test_gunicorn_lets_long_search_urls_reach_django(monkeypatch):
    # Django cuts an over-long query; gunicorn's default would refuse it with a bare 414.
    assert gunicorn_settings(monkeypatch)["limit_request_line"] >= 8000


# --- a real server whose database is not there ------------------------------------


@pytest.fixture(scope="module")
def static_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    manage(server_env(root), "collectstatic", "--noinput", "--verbosity", "0")
    return root


@pytest.fixture(scope="module")
def database_gone(tmp_path_factory):
    return tmp_path_factory.mktemp("db") / "not-created-yet" / "db.sqlite3"


@pytest.fixture(scope="module")
def server(static_root, database_gone):
    with gunicorn(server_env(static_root, DATABASE_URL=f"sqlite:///{database_gone}")) as base:
        yield base


def test_static_files_are_hashed_compressed_and_cached_for_a_year(server, static_root):
    url = server + hashed_static_url(static_root, "css/site.css")
    status, headers, _ = Browser().get(url, {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "max-age=31536000" in headers["Cache-Control"]
    assert "immutable" in headers["Cache-Control"]


def test_health_check_answers_503_without_the_database(server):
    status, headers, body = Browser().get(server + "/healthz")
    assert status == 503
    assert body.decode().splitlines()[:2] == ["unavailable", "database: unavailable"]
    assert headers["Retry-After"]


@pytest.mark.parametrize("path", ["/", "/category/news/", "/search/?q=rain"])
def test_every_page_is_a_styled_503_without_the_database(server, static_root, path):
    status, headers, body = Browser().get(server + path)
    assert status == 503
    assert "We’ll be right back".encode() in body
    assert hashed_static_url(static_root, "css/site.css").encode() in body
    assert headers["Retry-After"]
    assert "no-store" in headers["Cache-Control"]


def test_the_site_recovers_by_itself_when_the_database_returns(static_root, tmp_path):
    database = tmp_path / "later" / "db.sqlite3"
    env = server_env(static_root, DATABASE_URL=f"sqlite:///{database}")
    with gunicorn(env) as base:
        assert Browser().get(base + "/")[0] == 503
        database.parent.mkdir()
        manage(env, "migrate", "--noinput", "--verbosity", "0")
        assert Browser().get(base + "/healthz")[0] == 200
        assert Browser().get(base + "/")[0] == 200


@pytest.fixture
def postgresql_behind_a_proxy(settings):
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL) to drop and restore a live connection")
    proxy = TcpProxy((database["HOST"] or "127.0.0.1", int(database["PORT"] or 5432)))
    proxy.start()
    yield proxy, f"postgres://{database['USER']}@127.0.0.1:{proxy.port}/{database['NAME']}"
    proxy.cut()


@pytest.mark.django_db(transaction=True)
def test_a_postgresql_server_recovers_after_its_database_comes_back(static_root, postgresql_behind_a_proxy):
    proxy, url = postgresql_behind_a_proxy
    with gunicorn(server_env(static_root, DATABASE_URL=url, WEB_CONCURRENCY="1")) as base:
        browser = Browser()
        assert browser.get(base + "/")[0] == 200
        proxy.cut()
        assert browser.get(base + "/healthz")[0] == 503
        assert browser.get(base + "/search/?q=rain")[0] == 503
        # Nothing can change while the database is away, so a page already in
        # the cache is still true and is still served.
        assert browser.get(base + "/")[0] == 200
        proxy.start()
        assert browser.get(base + "/healthz")[0] == 200
        assert browser.get(base + "/search/?q=rain")[0] == 200


@pytest.mark.parametrize("driver_error", LOST.values(), ids=LOST.keys())
def test_a_page_that_loses_the_database_mid_request_gets_the_503_page(client, monkeypatch, db, driver_error):
    response = front_page_raising(client, monkeypatch, driver_error)
    assert response.status_code == 503
    assert "We’ll be right back" in response.content.decode()
    assert response["Retry-After"]


@pytest.mark.parametrize("driver_error", REFUSED.values(), ids=REFUSED.keys())
def test_a_query_the_database_refuses_is_an_ordinary_500(client, monkeypatch, db, driver_error):
    response = front_page_raising(client, monkeypatch, driver_error)
    assert response.status_code == 500
    assert not response.has_header("Retry-After")
