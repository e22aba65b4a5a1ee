"""The files in deploy/ work as shipped: nginx's configuration, run with test
paths and ports in front of a real gunicorn (and of the test S3 bucket), and
the systemd units, checked by systemd-analyze."""
import http.client
import re
import shutil
import socket
import ssl
import subprocess
import sys
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import boto3
import pytest

from harness.nginx import NGINX, main_config
from harness.seaweedfs import ACCESS_KEY, SECRET_KEY
from harness.servers import ROOT, free_port, gunicorn, hashed_static_url, manage, running, server_env

DEPLOY = ROOT / "deploy"
HOST = "localhost"


def replaced(text, replacements):
    """`text` with each key replaced by its value; each key must occur (the config changed shape otherwise)."""
    for old, new in replacements.items():
        assert old in text, f"{old!r} is no longer in the shipped file: update this test"
        text = text.replace(old, new)
    return text


def self_signed_certificate(folder):
    if not shutil.which("openssl"):
        pytest.skip("needs the openssl command to make a test certificate")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
         "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    return cert, key


@pytest.fixture(scope="module")
def bucket(request):
    """The test S3 server when it can start, else None (the media check is then skipped)."""
    try:
        return request.getfixturevalue("s3_server")
    except pytest.skip.Exception:
        return None


@pytest.fixture(scope="module")
def front(tmp_path_factory, bucket):
    """nginx with deploy/nginx/trillmag.conf in front of a gunicorn; yields the two addresses and the static root."""
    if not NGINX:
        pytest.skip("needs nginx (Debian: apt-get install nginx)")
    folder = tmp_path_factory.mktemp("nginx")
    static_root = tmp_path_factory.mktemp("static")
    database = tmp_path_factory.mktemp("db") / "db.sqlite3"
    env = server_env(
        static_root, DJANGO_HTTPS="on", DJANGO_BEHIND_PROXY="1", DATABASE_URL=f"sqlite:///{database}",
        MEDIA_ROOT=str(tmp_path_factory.mktemp("media")),
    )
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    cert, key = self_signed_certificate(folder)
    app_port, http_port, https_port = free_port(), free_port(), free_port()
    bucket_url = f"{bucket.public_url}" if bucket else f"http://127.0.0.1:{free_port()}/media/"
    site = replaced((DEPLOY / "nginx" / "trillmag.conf").read_text(), {
        "server 127.0.0.1:8000 ": f"server 127.0.0.1:{app_port} ",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen [::]:80;": "",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "listen [::]:443 ssl http2;": "",
        "/etc/letsencrypt/live/trillmag.example/fullchain.pem": str(cert),
        "/etc/letsencrypt/live/trillmag.example/privkey.pem": str(key),
        "/var/cache/nginx/trillmag-media": str(folder / "media-cache"),
        "/srv/trillmag/app/staticfiles/": f"{static_root}/",
        "https://trillmag-media.s3.eu-west-1.amazonaws.com/": bucket_url,
    })
    (folder / "trillmag.conf").write_text(site)
    main = folder / "nginx.conf"
    main.write_text(main_config(folder, folder / "trillmag.conf"))
    check = subprocess.run([NGINX, "-t", "-c", str(main), "-p", str(folder)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr

    nginx = [NGINX, "-c", str(main), "-p", str(folder), "-g", "daemon off;"]
    with gunicorn(env, port=app_port), running(nginx, port=https_port, name="nginx", stderr=subprocess.PIPE):
        yield {"http": http_port, "https": https_port, "static_root": static_root, "cert": cert}


def request(front, method, path, scheme="https", headers=None, body=None):
    if scheme == "https":
        context = ssl.create_default_context(cafile=str(front["cert"]))
        connection = http.client.HTTPSConnection("127.0.0.1", front["https"], context=context, timeout=20)
    else:
        connection = http.client.HTTPConnection("127.0.0.1", front["http"], timeout=20)
    try:
        connection.request(method, path, body=body, headers={"Host": HOST, **(headers or {})})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def test_nginx_serves_a_page_over_https_and_http2_with_django_seeing_https(front):
    status, headers, body = request(front, "GET", "/")
    assert status == 200, body[:500]
    assert b"<html" in body
    # Django saw X-Forwarded-Proto: https (no redirect, HSTS sent).
    assert headers["Strict-Transport-Security"].startswith("max-age=")
    assert "nginx/" not in headers.get("Server", "")
    context = ssl.create_default_context(cafile=str(front["cert"]))
    context.set_alpn_protocols(["h2", "http/1.1"])
    with socket.create_connection(("127.0.0.1", front["https"])) as raw:
        with context.wrap_socket(raw, server_hostname="localhost") as tls:
            assert tls.selected_alpn_protocol() == "h2"


def test_plain_http_is_redirected_to_https(front):
    status, headers, _ = request(front, "GET", "/search/?q=ferry", scheme="http")
    assert status == 301
    assert headers["Location"] == f"https://{HOST}/search/?q=ferry"


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_the_health_check_answers_on_both_ports(front, scheme):
    status, _, body = request(front, "GET", "/healthz", scheme=scheme)
    assert (status, body.splitlines()[1]) == (200, b"database: ok")


def test_static_files_come_from_nginx_with_a_year_long_immutable_lifetime(front):
    url = hashed_static_url(front["static_root"], "css/site.css")
    status, headers, body = request(front, "GET", url, headers={"Accept-Encoding": "gzip"})
    assert status == 200 and body
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["Content-Type"].startswith("text/css")


def test_a_request_larger_than_django_accepts_is_refused_by_nginx(front):
    # The declared length is enough: nginx answers before the body is sent.
    connection = http.client.HTTPSConnection(
        "127.0.0.1", front["https"], context=ssl.create_default_context(cafile=str(front["cert"])), timeout=20
    )
    try:
        connection.putrequest("POST", "/comments/post/1/", skip_host=True)
        connection.putheader("Host", HOST)
        connection.putheader("Content-Type", "application/x-www-form-urlencoded")
        connection.putheader("Content-Length", str(6 * 1024 * 1024))
        connection.endheaders()
        assert connection.getresponse().status == 413
    finally:
        connection.close()


def answer_to_a_body_of(front, path, size):
    """nginx's first answer to a POST announcing `size` bytes that waits for
    its go-ahead (Expect: 100-continue): 100 when it would take them, else its refusal."""
    context = ssl.create_default_context(cafile=str(front["cert"]))
    with socket.create_connection(("127.0.0.1", front["https"]), timeout=20) as raw:
        with context.wrap_socket(raw, server_hostname="localhost") as tls:
            tls.sendall(
                f"POST {path} HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: application/octet-stream\r\n"
                f"Content-Length: {size}\r\nExpect: 100-continue\r\n\r\n".encode()
            )
            return int(tls.recv(64).split()[1])


MB = 1024 * 1024


@pytest.mark.parametrize("path, taken, refused", [
    ("/", MB, 2 * MB),  # REQUEST_MAX_BYTES
    ("/admin/articles/image/add/", 25 * MB, 26 * MB),  # STAFF_REQUEST_MAX_BYTES
    ("/admin/wordpress/importrun/add/", 3 * 1024 * MB, 3 * 1024 * MB + 1),  # WORDPRESS_UPLOAD_MAX_BYTES
])
def test_nginx_takes_the_bodies_django_takes_and_no_more(front, path, taken, refused):
    assert answer_to_a_body_of(front, path, taken) == 100
    assert answer_to_a_body_of(front, path, refused) == 413


@pytest.mark.parametrize("path, burst", [("/search/?q=ferry", 20), ("/comments/999999/", 10)])
def test_a_flood_of_searches_or_comments_from_one_address_is_slowed_by_nginx(front, path, burst):
    flood = burst * 3  # at once, so that the rate refills hardly anything meanwhile
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda _: request(front, "GET", path)[0], range(flood)))
    assert 0 < statuses.count(429) <= flood - (burst + 1)


def test_photos_come_from_the_bucket_through_nginx_and_are_cached_there(front, bucket):
    if bucket is None:
        pytest.skip("needs the test S3 server (SeaweedFS)")
    key = f"test-{uuid.uuid4().hex[:12]}/photo.jpg"
    client = boto3.client(
        "s3", endpoint_url=bucket.endpoint, region_name="us-east-1",
        aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
    )
    client.put_object(Bucket=bucket.bucket, Key=key, Body=b"\xff\xd8 a jpeg", ContentType="image/jpeg")
    statuses = []
    for _ in range(2):
        status, headers, body = request(front, "GET", f"/media/{key}")
        statuses.append((status, headers["X-Cache-Status"]))
        assert body == b"\xff\xd8 a jpeg"
        assert headers.get_all("Cache-Control") == ["public, max-age=31536000, immutable"]
        assert "x-amz-request-id" not in headers
    assert statuses == [(200, "MISS"), (200, "HIT")]
    assert request(front, "DELETE", f"/media/{key}")[0] == 403


# -- systemd units -------------------------------------------------------------------------------


@pytest.mark.parametrize("unit", ["trillmag-web.service", "trillmag-worker.service"])
def test_the_systemd_units_are_valid_and_run_as_an_unprivileged_user(unit, tmp_path):
    text = (DEPLOY / "systemd" / unit).read_text()
    assert re.search(r"^User=trillmag$", text, re.M) and "EnvironmentFile=/etc/trillmag/env" in text
    if not shutil.which("systemd-analyze"):
        pytest.skip("needs systemd-analyze to check the units")
    venv = Path(sys.executable).parent
    (tmp_path / "env").write_text("")
    rendered = replaced(text, {
        "/srv/trillmag/venv/bin/": f"{venv}/",
        "WorkingDirectory=/srv/trillmag/app\n": f"WorkingDirectory={ROOT}\n",
        "ReadWritePaths=/srv/trillmag/app/media": f"ReadWritePaths={tmp_path}",
        "/etc/trillmag/env": str(tmp_path / "env"),
    })
    (tmp_path / unit).write_text(rendered)
    result = subprocess.run(["systemd-analyze", "verify", str(tmp_path / unit)], capture_output=True, text=True)
    assert (result.returncode, result.stderr.strip()) == (0, "")
