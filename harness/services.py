"""Services a test or a drill can break on purpose: a Redis of its own (never
the shared one), SMTP servers that accept, refuse or stall, and a job worker.
All bind to 127.0.0.1 on free ports."""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager

from .servers import ROOT, comment_form_secrets, free_port, manage, running, wait_until_listening


class RedisServer:
    """A throwaway redis-server: killed, frozen (SIGSTOP) and started again on
    the same port, keeping nothing on disk."""

    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    @staticmethod
    def available():
        return shutil.which("redis-server") is not None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        wait_until_listening(self.port, self.process, 10, "redis-server")

    def kill(self):
        self.process.kill()
        self.process.wait()

    def freeze(self):
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self):
        self.process.send_signal(signal.SIGCONT)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.thaw()
            self.kill()


class SmtpServer:
    """A real SMTP server (aiosmtpd) keeping what it receives."""

    def __init__(self, port=None):
        self.port = port or free_port()
        self.messages = []
        self.controller = None

    def start(self):
        from aiosmtpd.controller import Controller

        server = self

        class Keep:
            async def handle_DATA(self, smtp, session, envelope):
                server.messages.append((time.monotonic(), envelope))
                return "250 OK"

        self.controller = Controller(Keep(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller:
            self.controller.stop()
            self.controller = None


class StalledSmtp:
    """Takes connections and never says a word, like a hung mail server."""

    def __init__(self, port=None):
        self.port = port or free_port()
        self.listener = None

    def start(self):
        self.listener = socket.create_server(("127.0.0.1", self.port), backlog=512)

    def stop(self):
        if self.listener:
            self.listener.close()
            self.listener = None


@contextmanager
def job_worker(env, worker_id="drill-worker", interval="0.2"):
    """`manage.py jobs_worker` with `env`, stopped (SIGTERM) at the end."""
    command = [sys.executable, "manage.py", "jobs_worker", "--worker-id", worker_id, "--interval", interval]
    with running(command, cwd=ROOT, env=env) as process:
        yield process


def wait_until(condition, seconds, every=0.1):
    """True once `condition()` is, False if it is not within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(every)
    return False


def sqlite_env(base_env, folder):
    """`base_env` pointed at a fresh SQLite file and media folder under `folder`."""
    os.makedirs(folder, exist_ok=True)
    return {**base_env, "DATABASE_URL": f"sqlite:///{folder}/db.sqlite3", "MEDIA_ROOT": f"{folder}/media"}


SEED = """
import json
from datetime import timedelta
from django.utils import timezone
from articles.models import Article, Author, Byline, Category
from comments.models import Comment
author, _ = Author.objects.get_or_create(slug="drill-desk", defaults={"name": "Drill Desk"})
section, _ = Category.objects.get_or_create(slug="news", defaults={"name": "News"})
story, _ = Article.objects.get_or_create(slug="the-drill-story", defaults=dict(
    title="The drill story", standfirst="A story to read and comment on.", body="<p>Nothing happened.</p>",
    category=section, status="published", published_at=timezone.now() - timedelta(hours=1)))
Byline.objects.get_or_create(article=story, author=author)
Comment.objects.get_or_create(article=story, email=%(regular)r, defaults=dict(
    name=%(name)r, body="First!", status="approved"))
print(json.dumps({"url": story.get_absolute_url(), "pk": story.pk}))
"""
# Comments from this address under post_comment()'s name are published at once
# (they have an approved one: comments/moderation.py, WordPress's rule).
REGULAR = "regular@example.com"
DRILL_NAME = "Drill Reader"


def seed_story(env):
    """Migrate the database of `env` and give it one published article (with
    an approved comment from REGULAR); returns {"url": ..., "pk": ...}."""
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    seed = SEED % {"regular": REGULAR, "name": DRILL_NAME}
    return json.loads(manage(env, "shell", "-c", seed).strip().splitlines()[-1])


def post_comment(browser, base, story, body, email, name=DRILL_NAME):
    """Show the article's form to `browser`, then post a comment through it
    (the server's COMMENTS_MIN_SUBMIT_SECONDS must be 0). (status, headers, body)."""
    _, _, page = browser.get(base + story["url"])
    return browser.post(
        f"{base}/comments/post/{story['pk']}/",
        {"body": body, "name": name, "email": email, **comment_form_secrets(browser, base, page)},
    )
