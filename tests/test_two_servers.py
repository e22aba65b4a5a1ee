"""Two gunicorn app servers on one PostgreSQL and one Redis behave as one site:
content changed through either is fresh on both at once, and a session made on
one works on the other. Runs when DATABASE_URL is PostgreSQL and Redis answers
at TEST_REDIS_URL (default redis://127.0.0.1:6379/4)."""
import uuid

import pytest
import redis
from django.conf import settings as django_settings
from django.contrib.auth.models import User

from harness.servers import Browser, gunicorn, hidden_value, manage, server_env

from .factories import ArticleFactory
from trillmag.cache_backends import redis_cache

# Both servers answer for one site name, as behind a load balancer.
HOST = "127.0.0.1"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def static_root(tmp_path_factory, request):
    if django_settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL): SQLite is one file on one machine")
    request.getfixturevalue("redis_url")
    root = tmp_path_factory.mktemp("static")
    manage(server_env(root), "collectstatic", "--noinput", "--verbosity", "0")
    return root


@pytest.fixture(scope="module")
def shared_backends(static_root, django_db_setup, redis_url):
    """Both servers use the test database and one Redis, under a key prefix of
    their own that is removed afterwards."""
    database = django_settings.DATABASES["default"]
    prefix = f"trillmag-test-{uuid.uuid4().hex[:8]}"
    port = f":{database['PORT']}" if database["PORT"] else ""
    yield {
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}{port}/{database['NAME']}",
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": prefix,
    }
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(match=f"{prefix}:*"):
        client.delete(key)


@pytest.fixture(autouse=True)
def same_cache_as_the_servers(settings, shared_backends):
    """Changes made by this test process bump the version the servers read."""
    settings.CACHES = {"default": redis_cache(shared_backends["REDIS_URL"], shared_backends["CACHE_KEY_PREFIX"])}
    settings.PAGE_CACHE = True
    settings.PAGE_CACHE_VERSION_FILE = ""


@pytest.fixture(scope="module")
def two_servers(shared_backends, static_root):
    # An hourly window, so that the rate-limit test never straddles two.
    limits = {"COMMENTS_RATE_LIMIT": "3/h", "COMMENTS_MIN_SUBMIT_SECONDS": "0"}
    env = server_env(static_root, **shared_backends, **limits)
    with gunicorn(env) as first, gunicorn(env) as second:
        yield first, second


def log_in(browser, base, username, password):
    browser.get(base + "/admin/login/")
    status, _, _ = browser.post(
        base + "/admin/login/",
        {"username": username, "password": password, "csrfmiddlewaretoken": browser.cookie("csrftoken")},
    )
    assert status == 302


def test_a_page_cached_by_one_server_is_served_by_the_other(two_servers):
    first, second = two_servers
    ArticleFactory(title="Ferry timetable changes")
    reader = Browser(HOST)
    status, headers, body = reader.get(first + "/")
    assert (status, headers["X-Page-Cache"]) == (200, "miss")
    status, headers, again = reader.get(second + "/")
    assert (status, headers["X-Page-Cache"]) == (200, "hit")
    assert again == body


def test_an_article_published_elsewhere_is_fresh_on_both_servers(two_servers):
    first, second = two_servers
    ArticleFactory(title="Ferry timetable changes")
    for base in two_servers:
        Browser(HOST).get(base + "/")
    ArticleFactory(title="Harbour wall repaired")
    for base in (second, first):
        status, _, body = Browser(HOST).get(base + "/")
        assert b"Harbour wall repaired" in body


def test_a_session_from_one_server_works_on_the_other_and_deletes_fresh_everywhere(two_servers):
    first, second = two_servers
    User.objects.create_superuser("editor", "editor@example.com", "a-long-test-password-1")
    story = ArticleFactory(title="Storm closes the bridge")
    Browser(HOST).get(second + "/")

    editor = Browser(HOST)
    log_in(editor, first, "editor", "a-long-test-password-1")
    status, _, body = editor.get(second + "/admin/")
    assert status == 200
    assert b"Site administration" in body

    delete_url = f"/admin/articles/article/{story.pk}/delete/"
    _, _, form = editor.get(second + delete_url)
    token = hidden_value(form, "csrfmiddlewaretoken")
    status, _, _ = editor.post(second + delete_url, {"post": "yes", "csrfmiddlewaretoken": token})
    assert status == 302
    for base in (first, second):
        assert b"Storm closes the bridge" not in Browser(HOST).get(base + "/")[2]


def test_the_comment_rate_limit_counts_posts_to_both_servers(two_servers):
    story = ArticleFactory(title="Ferry fares rise")
    reader = Browser(HOST)
    _, _, page = reader.get(two_servers[0] + story.get_absolute_url())
    statuses = []
    for n in range(4):
        base = two_servers[n % 2]
        status, _, _ = reader.post(
            f"{base}/comments/post/{story.pk}/",
            {
                "body": f"Fares went up again, remark {n}",
                "name": "Ferry User",
                "email": f"rider{n}@example.com",
                "csrfmiddlewaretoken": hidden_value(page, "csrfmiddlewaretoken"),
                "token": hidden_value(page, "token"),
            },
        )
        statuses.append(status)
    assert statuses == [302, 302, 302, 429]
    assert story.comments.count() == 3
