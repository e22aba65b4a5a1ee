"""Real gunicorn servers (gunicorn.conf.py, production settings), a tiny HTTP
client and a TCP proxy that can cut a server off from its database."""
import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(static_root, **extra):
    """Production settings (debug off) with test-only secrets and a quiet log."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PAGE_CACHE", "REDIS_"))}
    return {
        **clean,
        "DJANGO_SECRET_KEY": "serving-test-secret-key-" + "s" * 40,
        "DJANGO_HTTPS": "off",
        "DJANGO_DEBUG": "0",
        "STATIC_ROOT": str(static_root),
        "WEB_CONCURRENCY": "2",
        "GUNICORN_ACCESS_LOG": "",
        "GUNICORN_LOG_LEVEL": "warning",
        **extra,
    }


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def hashed_static_url(static_root, name):
    manifest = json.loads((Path(static_root) / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"][name]


@contextmanager
def gunicorn(env, port=None):
    port = port or free_port()
    command = [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py"]
    with running(command, port=port, name="gunicorn", cwd=ROOT, env={**env, "HOST": "127.0.0.1", "PORT": str(port)}):
        yield f"http://127.0.0.1:{port}"


@contextmanager
def running(command, *, port=None, name=None, seconds=30, **popen):
    """`command` running for the length of the block (once something answers on
    `port`, when given), then stopped."""
    process = subprocess.Popen(command, **popen)
    try:
        if port:
            wait_until_listening(port, process, seconds, name or command[0])
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def wait_until_listening(port, process=None, seconds=30, name="the server"):
    """Returns once something accepts connections on `port`; fails at once if
    `process` exits first (with what it wrote to a piped stderr)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            said = process.stderr.read().decode(errors="replace") if process.stderr else ""
            raise AssertionError(f"{name} exited while starting. {said}".strip())
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"{name} did not listen on {port}")


class Browser:
    """Cookies kept between requests, redirects not followed, errors returned.
    `host` sends one Host header to every server, as a load balancer would."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, host=None):
        self.host = host
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), self.NoRedirect
        )

    def get(self, url, headers=None):
        return self.request(urllib.request.Request(url, headers=headers or {}))

    def post(self, url, data, headers=None, files=None):
        """POST `data` as a form; `files` ({field: (file name, bytes)}) makes it a multipart upload."""
        if files:
            body, content_type = multipart(data, files)
            headers = {**(headers or {}), "Content-Type": content_type}
        else:
            body = urllib.parse.urlencode(data).encode()
        return self.request(urllib.request.Request(url, data=body, headers=headers or {}))

    def request(self, request):
        if self.host:
            request.add_unredirected_header("Host", self.host)
        try:
            with self.opener.open(request, timeout=20) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def cookie(self, name):
        return next((cookie.value for cookie in self.cookies if cookie.name == name), None)


def multipart(fields, files):
    """A multipart/form-data body and its content type, as a browser sends a form with files."""
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    for name, (filename, content) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class TcpProxy:
    """Forwards a local port to `target` until cut; cutting it drops every open
    connection, as a database going away would."""

    def __init__(self, target):
        self.target = target
        self.port = free_port()
        self.connections = []
        self.listener = None

    def start(self):
        self.listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self.accept, args=(self.listener,), daemon=True).start()

    def cut(self):
        self.hang_up(self.listener)
        for sock in self.connections:
            self.hang_up(sock)
        self.connections = []

    def accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.connections += [client, upstream]
            for src, dst in ((client, upstream), (upstream, client)):
                threading.Thread(target=self.pipe, args=(src, dst), daemon=True).start()

    @staticmethod
    def pipe(src, dst):
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            TcpProxy.hang_up(src)
            TcpProxy.hang_up(dst)

    @staticmethod
    def hang_up(sock):
        """shutdown() wakes a thread blocked reading the socket; close() alone would not."""
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        sock.close()


def comment_form_secrets(browser, base, page, headers=None):
    """What comments.js puts in the comment form of a shared article page: its
    CSRF token and signed time, fetched from the form's data-secrets address."""
    text = page.decode() if isinstance(page, bytes) else page
    address = re.search(r'<form id="commentform"[^>]* data-secrets="([^"]+)"', text)[1]
    status, _, body = browser.get(base + address, headers)
    assert status == 200, status
    return json.loads(body)


def hidden_value(page, name):
    """The value of the hidden input `name` in an HTML page (bytes or str)."""
    text = page.decode() if isinstance(page, bytes) else page
    return re.search(rf'name="{re.escape(name)}" value="([^"]+)"', text)[1]
