"""Outage drills (`make drill`): readers and commenters on two app servers that
share one PostgreSQL, one Redis and one SMTP server, all of the drill's own on
127.0.0.1, while one of them fails:

- postgres: PostgreSQL restarted under load. Targets: only 200/302/503
  answers, an error window no longer than the restart + 2 s, every comment
  the site accepted stored exactly once.
- redis: Redis stopped for a minute. Targets: no 5xx, comments post, reads
  at least as fast as with PAGE_CACHE=off, cached service back afterwards.
- smtp: SMTP stalled. Targets: the comment POST's p99 as with SMTP up, every
  email delivered within a minute of SMTP's return.

bench/README.md records the figures. PostgreSQL is a throwaway cluster made
with initdb under /tmp (run as the postgres user when the drill runs as
root), so that restarting it touches no other database.
"""
import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from glob import glob
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harness.servers import Browser, free_port, gunicorn, manage, server_env  # noqa: E402
from harness.services import (  # noqa: E402
    RedisServer, SmtpServer, StalledSmtp, job_worker, post_comment, seed_story, wait_until,
)

PROFILES = {
    # seconds: postgres soak, its restart at, PostgreSQL down for; redis phases; smtp phases
    "full": {"soak": 300, "restart_at": 100, "down": 10, "redis_phase": 30, "redis_down": 60, "smtp_phase": 60},
    "quick": {"soak": 40, "restart_at": 15, "down": 5, "redis_phase": 10, "redis_down": 15, "smtp_phase": 15},
}
READ_PATHS = ["{story}", "/", "/category/news/", "/search/?q=drill"]


class Postgres:
    """A throwaway PostgreSQL cluster on a free port."""

    def __init__(self):
        self.bin = Path(sorted(glob("/usr/lib/postgresql/*/bin"))[-1])
        self.dir = Path(tempfile.mkdtemp(prefix="trillmag-drill-pg-"))
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")
        self.run("initdb", "-D", self.dir / "data", "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self.start()
        subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-qc", "CREATE DATABASE drill"],
                       check=True)
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/drill"

    def run(self, program, *args):
        command = [str(self.bin / program), *map(str, args)]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def start(self):
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir} -c max_connections=200"
        self.run("pg_ctl", "-D", self.dir / "data", "-o", options, "-l", self.dir / "log", "-w", "start")

    def stop(self):
        self.run("pg_ctl", "-D", self.dir / "data", "-m", "fast", "-w", "stop")

    def destroy(self):
        try:
            self.stop()
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


class Load:
    """Readers in a loop and commenters at a steady rate, spread over `bases`;
    every answer recorded as (when, kind, status, seconds)."""

    def __init__(self, bases, story, readers=20, comments_per_second=5):
        self.bases, self.story = bases, story
        self.readers, self.rate = readers, comments_per_second
        self.records, self.accepted = [], []
        self.running = False
        self.marker = uuid.uuid4().hex[:8]
        self.lock = threading.Lock()

    def record(self, kind, started, status, cache_state=None):
        with self.lock:
            self.records.append((started, kind, status, time.monotonic() - started, cache_state))

    def read(self, number):
        count = 0
        while self.running:
            path = READ_PATHS[count % len(READ_PATHS)].format(story=self.story["url"])
            started = time.monotonic()
            try:
                status, headers, _ = Browser().get(self.bases[(number + count) % 2] + path)
                self.record("read", started, status, headers.get("X-Page-Cache"))
            except OSError:
                self.record("read", started, 0)
            count += 1

    def comment(self, number):
        body, email = f"Drill {self.marker} comment {number}", f"drill{number}.{self.marker}@example.com"
        base = self.bases[number % 2]
        started = time.monotonic()
        status = request(lambda: post_comment(Browser(), base, self.story, body, email), self.record, started)
        if status == 302:
            with self.lock:
                self.accepted.append((started, body))

    def __enter__(self):
        warm_up(self.bases, self.story)
        self.running = True
        self.threads = [threading.Thread(target=self.read, args=(n,), daemon=True) for n in range(self.readers)]
        self.threads.append(threading.Thread(target=self.schedule_comments, daemon=True))
        for thread in self.threads:
            thread.start()
        return self

    def schedule_comments(self):
        with ThreadPoolExecutor(self.rate * 8) as pool:
            number, start = 0, time.monotonic()
            while self.running:
                pool.submit(self.comment, number)
                number += 1
                time.sleep(max(0, start + number / self.rate - time.monotonic()))

    def __exit__(self, *exc):
        self.running = False
        for thread in self.threads:
            thread.join(timeout=60)

    def between(self, start, end, kind=None):
        return [r for r in self.records if start <= r[0] < end and (kind is None or r[1] == kind)]


def request(send, record, started):
    """Records and returns the status of a comment's `send()` (which returns
    (status, headers, body)), 0 for a connection error or timeout."""
    try:
        status = send()[0]
    except OSError:
        status = 0
    record("comment", started, status)
    return status


def p99(records):
    times = sorted(r[3] for r in records)
    return times[min(len(times) - 1, int(len(times) * 0.99))] if times else None


def statuses(records):
    return dict(sorted(collections.Counter(r[2] for r in records).items()))


def stored_comments(env, marker):
    """{body: how many rows have it} for the drill's comments."""
    out = manage(env, "shell", "-c", (
        "import json;from comments.models import Comment;from django.db.models import Count;"
        f"print(json.dumps(dict(Comment.objects.filter(body__startswith='Drill {marker} ').values_list('body')"
        ".annotate(n=Count('id')).order_by())))"
    ))
    return json.loads(out.strip().splitlines()[-1])


def servers(stack, env, count=2):
    """`count` app servers, each with a job worker, warmed up (every page once
    per worker process) before the drill measures anything."""
    bases = [stack.enter_context(gunicorn(env)) for _ in range(count)]
    for n in range(count):
        stack.enter_context(job_worker(env, worker_id=f"drill-{n}", interval="0.5"))
    return bases


def warm_up(bases, story):
    with ThreadPoolExecutor(8) as pool:
        for base in bases:
            for path in READ_PATHS * 6:
                pool.submit(Browser().get, base + path.format(story=story["url"]))


# --- the drills -----------------------------------------------------------------------


def drill_postgres(site, profile):
    postgres, env, story = site["postgres"], site["env"], site["story"]
    with ExitStack() as stack:
        bases = servers(stack, env)
        with Load(bases, story) as load:
            t0 = time.monotonic()
            time.sleep(profile["restart_at"])
            stopped = time.monotonic()
            postgres.stop()
            time.sleep(profile["down"])
            postgres.start()
            started = time.monotonic()
            time.sleep(max(0, profile["soak"] - (time.monotonic() - t0)))
        errors = [r for r in load.records if r[2] not in (200, 302)]
        window = (max(r[0] + r[3] for r in errors) - min(r[0] for r in errors)) if errors else 0
    stored = stored_comments(env, load.marker)
    accepted = collections.Counter(body for _, body in load.accepted)
    return {
        "soak seconds": profile["soak"],
        "answers": statuses(load.records),
        "answers other than 200/302/503": sum(1 for r in load.records if r[2] not in (200, 302, 503)),
        "restart seconds (stop, down, start)": round(started - stopped, 1),
        "error window seconds": round(window, 1),
        "comments accepted": sum(accepted.values()),
        "accepted comments stored exactly once": sum(1 for body in accepted if stored.get(body) == 1),
        "accepted comments lost": sum(1 for body in accepted if body not in stored),
        "comments stored twice": sum(1 for n in stored.values() if n > 1),
        "stored without a 302 (answered 503 after the commit)": sum(1 for body in stored if body not in accepted),
        "comment POST p99 seconds": round(p99(load.between(0, float("inf"), "comment")), 3),
    }


def drill_redis(site, profile):
    env, story, redis_server = site["env"], site["story"], site["redis"]
    phase, down = profile["redis_phase"], profile["redis_down"]
    with ExitStack() as stack:
        uncached = servers(stack, {**env, "PAGE_CACHE": "off"})
        with Load(uncached, story) as load:
            time.sleep(phase)
        reference = len(load.between(0, float("inf"), "read")) / phase
    with ExitStack() as stack:
        bases = servers(stack, env)
        with Load(bases, story) as load:
            time.sleep(phase)
            killed = time.monotonic()
            redis_server.kill()
            time.sleep(down)
            redis_server.start()
            back = time.monotonic()
            time.sleep(phase)
    hits_after = [r[0] for r in load.between(back, float("inf"), "read") if r[4] == "hit"]
    during = load.between(killed, back)
    return {
        "reads/s, Redis up (cached)": round(len(load.between(0, killed, "read")) / phase, 1),
        "reads/s, Redis down": round(len([r for r in during if r[1] == "read"]) / down, 1),
        "reads/s, PAGE_CACHE=off (Redis up)": round(reference, 1),
        "5xx or failed answers while Redis was down": sum(1 for r in during if r[2] >= 500 or r[2] == 0),
        "5xx or failed answers in the whole run": sum(1 for r in load.records if r[2] >= 500 or r[2] == 0),
        "comments while Redis was down": statuses([r for r in during if r[1] == "comment"]),
        "first cache hit, seconds after Redis returned": round(hits_after[0] - back, 1) if hits_after else None,
        "reads/s, after Redis returned": round(len(load.between(back, float("inf"), "read")) / phase, 1),
    }


def drill_smtp(site, profile):
    env, story, smtp = site["env"], site["story"], site["smtp"]
    phase = profile["smtp_phase"]
    with ExitStack() as stack:
        bases = servers(stack, env)
        with Load(bases, story) as load:
            time.sleep(phase)
            smtp.stop()
            stalled = StalledSmtp(smtp.port)
            stalled.start()
            stall_started = time.monotonic()
            time.sleep(phase)
            stalled.stop()
            smtp.messages.clear()
            smtp.start()
            returned = time.monotonic()
        expected = {body.encode() for at, body in load.accepted if stall_started <= at < returned}

        def arrived():
            return {body: at for at, envelope in list(smtp.messages) for body in expected if body in envelope.content}

        wait_until(lambda: len(arrived()) == len(expected), 180, every=1)
        delivered = arrived()
    return {
        "comment POST p99 seconds, SMTP up": round(p99(load.between(0, stall_started, "comment")), 3),
        "comment POST p99 seconds, SMTP stalled": round(p99(load.between(stall_started, returned, "comment")), 3),
        "comments held while SMTP was stalled (one email each)": len(expected),
        "their emails delivered after SMTP returned": len(delivered),
        "last of them, seconds after SMTP returned": round(max(delivered.values(), default=returned) - returned, 1),
    }


DRILLS = {"postgres": drill_postgres, "redis": drill_redis, "smtp": drill_smtp}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("drills", nargs="*", help=f"some of {', '.join(DRILLS)} (default: all)")
    parser.add_argument("--profile", choices=PROFILES, default="full")
    options = parser.parse_args()
    profile = PROFILES[options.profile]
    unknown = set(options.drills) - set(DRILLS)
    if unknown:
        parser.error(f"no drill named {', '.join(sorted(unknown))}")
    with ExitStack() as stack:
        site = prepare(stack)
        for name in options.drills or DRILLS:
            print(f"== {name} ({options.profile})", flush=True)
            for label, value in DRILLS[name](site, profile).items():
                print(f"  {label}: {value}", flush=True)


def prepare(stack):
    work = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="trillmag-drill-")))
    postgres = Postgres()
    stack.callback(postgres.destroy)
    redis_server = RedisServer()
    redis_server.start()
    stack.callback(redis_server.stop)
    smtp = SmtpServer()
    smtp.start()
    stack.callback(smtp.stop)
    env = server_env(
        work / "static",
        DATABASE_URL=postgres.url, REDIS_URL=redis_server.url, CACHE_KEY_PREFIX="drill",
        EMAIL_URL=f"smtp://127.0.0.1:{smtp.port}", COMMENTS_MODERATOR_EMAILS="desk@example.com",
        COMMENTS_MIN_SUBMIT_SECONDS="0", COMMENTS_RATE_LIMIT="off", MEDIA_ROOT=str(work / "media"),
        WEB_CONCURRENCY="3", PYTHONPATH=str(ROOT),
    )
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    story = seed_story(env)
    return {"postgres": postgres, "redis": redis_server, "smtp": smtp, "env": env, "story": story}


if __name__ == "__main__":
    main()
