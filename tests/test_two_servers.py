"""Two gunicorn app servers on one PostgreSQL and one Redis behave as one site:
content changed through either is fresh on both at once, a session made on
one works on the other, and with the photos in a bucket (a SeaweedFS S3
server) each serves every photo uploaded through the other. Runs when
DATABASE_URL is PostgreSQL and Redis answers at TEST_REDIS_URL (default
redis://127.0.0.1:6379/4)."""
import io
import re
import urllib.request
import uuid

import pytest
import redis
from django.conf import settings as django_settings
from django.contrib.auth.models import User

from PIL import Image as PILImage

from articles import images
from articles.models import Image
from harness.servers import Browser, comment_form_secrets, gunicorn, hidden_value, manage, server_env

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
        {
            "login_view-current_step": "auth",  # the sign-in's first step (staffauth.views.LoginView)
            "auth-username": username,
            "auth-password": password,
            "csrfmiddlewaretoken": browser.cookie("csrftoken"),
        },
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
    assert b"Trill! Mag newsroom" in body

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
    secrets = comment_form_secrets(reader, two_servers[0], page)
    statuses = []
    for n in range(4):
        base = two_servers[n % 2]
        status, _, _ = reader.post(
            f"{base}/comments/post/{story.pk}/",
            {"body": f"Fares went up again, remark {n}", "name": "Ferry User", "email": f"rider{n}@example.com", **secrets},
        )
        statuses.append(status)
    assert statuses == [302, 302, 302, 429]
    assert story.comments.count() == 3


# -- photos in a bucket --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def servers_on_a_bucket(shared_backends, static_root, s3_server, tmp_path_factory):
    """Two servers, each with a media folder of its own (two machines), sharing the bucket."""
    roots = [tmp_path_factory.mktemp("media-a"), tmp_path_factory.mktemp("media-b")]
    envs = [server_env(static_root, **shared_backends, **s3_server.environment(), MEDIA_ROOT=str(root)) for root in roots]
    with gunicorn(envs[0]) as first, gunicorn(envs[1]) as second:
        yield (first, second), roots


def photo_bytes(color):
    buffer = io.BytesIO()
    PILImage.new("RGB", (1000, 600), color).save(buffer, "JPEG")
    return buffer.getvalue()


def upload_photo(browser, base, filename, content):
    _, _, form = browser.get(base + "/admin/articles/image/add/")
    fields = {
        "csrfmiddlewaretoken": hidden_value(form, "csrfmiddlewaretoken"),
        "alt_text": f"A photo uploaded as {filename}",
        "focal_x": "50",
        "focal_y": "50",
    }
    status, _, body = browser.post(base + "/admin/articles/image/add/", fields, files={"file": (filename, content)})
    assert status == 302, body[:2000]
    return Image.objects.order_by("-pk").first()


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read()


def test_a_photo_uploaded_through_one_server_is_served_with_all_its_renditions_by_the_other(
    servers_on_a_bucket, s3_server
):
    (first, second), roots = servers_on_a_bucket
    User.objects.create_superuser("photos", "photos@example.com", "a-long-test-password-2")
    editor = Browser(HOST)
    log_in(editor, first, "photos", "a-long-test-password-2")
    photo = upload_photo(editor, first, "photo1.jpg", photo_bytes((200, 40, 40)))
    story = ArticleFactory(title="Harbour at dawn", featured_image=photo)

    pages = [Browser(HOST).get(base + story.get_absolute_url())[2].decode() for base in (second, first)]
    shown = set(re.findall(re.escape(s3_server.public_url) + r"[^\s\"]+", pages[0]))
    assert shown == {s3_server.public_url + item["name"] for item in photo.renditions["items"]}
    assert set(re.findall(re.escape(s3_server.public_url) + r"[^\s\"]+", pages[1])) == shown
    for name in images.stored_names(photo.renditions):
        assert fetch(s3_server.public_url + name)[0] == 200
    assert [path for root in roots for path in root.rglob("*") if path.is_file()] == []

    # The same file name through the other server: another path, another picture.
    log_in(editor, second, "photos", "a-long-test-password-2")
    other = upload_photo(editor, second, "photo1.jpg", photo_bytes((40, 40, 200)))
    assert other.file.name != photo.file.name
    assert not set(images.stored_names(other.renditions)) & set(images.stored_names(photo.renditions))
    red, blue = (PILImage.open(io.BytesIO(fetch(s3_server.public_url + p.file.name)[1])) for p in (photo, other))
    assert red.getpixel((10, 10))[0] > 150 and blue.getpixel((10, 10))[2] > 150
