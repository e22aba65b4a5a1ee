"""CPU time of one article page render, in-process (`manage.py shell`): the
newest article (50 comments, 4 related), rendered by Django's test client.

- "fully cold": PAGE_CACHE off, every part rendered (what bench/run.py's
  uncached rows serve);
- "after an approval": the page cache on and warm, then the article's own key
  bumped before each render, as a comment approved on it does: the stored
  page gets its comment parts (count and thread) printed again, the rest of it
  is reused (trillmag/pagecache/parts.py);
- "after another article changed" (no target: the common miss, as when an
  editor publishes): ARTICLES bumped before each render, so the page renders,
  with its article, related box and cards printed again and its thread, count
  and comment form from their fragments.

Medians of `RUNS` renders, in ms of CPU (time.process_time), as JSON, with
the benchmark's trivial view through the same client for scale (machines
differ: the same code measured 15-20 ms on one and 55 on another)."""
import json
import statistics
import sys
import time

from django.conf import settings
from django.test import Client

from articles.cache_keys import ARTICLES, article_key
from bench.pages import bench_article
from trillmag.pagecache.changes import bump_now

RUNS = 200


def cpu_ms(render, prepare=lambda: None, runs=RUNS):
    times = []
    for _ in range(runs):
        prepare()
        started = time.process_time()
        render()
        times.append((time.process_time() - started) * 1000)
    return statistics.median(times)


def report(stream=sys.stdout):
    article = bench_article()
    url = article.get_absolute_url()
    client = Client(SERVER_NAME="127.0.0.1")

    def render(expect):
        def get():
            response = client.get(url)
            assert response.status_code == 200 and response.get("X-Page-Cache") == expect, response.get("X-Page-Cache")
        return get

    trivial = cpu_ms(lambda: client.get("/bench/trivial/"))
    settings.PAGE_CACHE = False
    for _ in range(5):
        client.get(url)  # templates loaded, connections open
    cold = cpu_ms(render(None))
    settings.PAGE_CACHE = True
    client.get(url)
    approved = cpu_ms(render("refresh"), prepare=lambda: bump_now({article_key(article.pk)}))
    elsewhere = cpu_ms(render("miss"), prepare=lambda: bump_now({ARTICLES}))
    figures = {"fully cold": cold, "after an approval": approved, "after another article changed": elsewhere}
    json.dump({**{name: round(ms, 2) for name, ms in figures.items()}, "trivial": round(trivial, 3)}, stream)
