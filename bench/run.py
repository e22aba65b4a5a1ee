"""Trill! Mag under load: `make bench` (or `make bench-quick`). bench/README.md
explains what is measured and records the latest figures.

For each database (SQLite; PostgreSQL when it answers) and data size, it builds a
data set with generate_content (kept between runs), starts gunicorn with the
production settings, drives each page with wrk at a fixed concurrency, cached
and uncached, several runs each, and reports medians against a trivial Django
view serving the same bytes, for anonymous readers, a returning commenter and
a staff member (bench/readers.py); measures the cache's hit rate through a
storm of comment approvals and the CPU of one article render (bench/render.py).
Then a burst of comment POSTs checks that nothing fails and nothing is stored
twice, and pages behind Varnish are measured against nginx serving their bytes
as static files (bench/front.py).
"""
import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import burst, front, readers, report, wrk  # noqa: E402 (the path is set just above)
from harness.servers import Browser, gunicorn, manage  # noqa: E402

RESULTS = ROOT / "bench" / "results"
PROFILES = {
    "full": {"sizes": [1000, 100000], "runs": 3, "seconds": 4},
    "quick": {"sizes": [1000], "runs": 3, "seconds": 2},
}
COMMENTS_PER_ARTICLE = {1000: 5, 100000: 2}
THREAD_COMMENTS = 50


def main():
    options = parse_args()
    RESULTS.mkdir(exist_ok=True)
    static_root = RESULTS / "static"
    base_env = environment(options, static_root)
    manage(base_env, "collectstatic", "--noinput", "--verbosity", "0")
    rows, bursts, plans, storms, renders, fronts = [], [], {}, [], [], []
    for database in databases(options):
        for size in options.sizes:
            env = {**base_env, "DATABASE_URL": prepare(database, size, base_env, options.fresh)}
            pages = page_facts(env, explain=database == "postgresql")
            rows += measure(database, size, env, pages, options, storms)
            renders.append({"database": database, "articles": size, **render_cpu(env)})
            if database == "postgresql":
                plans[size] = {page: facts["seq_scans"] for page, facts in pages.items()}
            if size == options.sizes[0]:
                bursts.append(burst.run(database, env, options.port, pages["article"]["url"]))
            if not fronts:  # once: Varnish's figures do not depend on the database behind it
                server_env = {**env, **cache_env(database, "cached")}
                fronts = front.measure(database, size, server_env, pages, options, RESULTS / "front")
    table = report.render(rows, bursts, plans, storms, renders, options, fronts)
    print(table)
    facts = {"rows": rows, "bursts": bursts, "plans": plans, "storms": storms, "renders": renders, "fronts": fronts}
    (RESULTS / "latest.json").write_text(json.dumps(facts, indent=1))
    if options.write_readme:
        report.write_readme(ROOT / "bench" / "README.md", table, options.profile)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", choices=PROFILES, default="full")
    parser.add_argument("--connections", type=int, default=16, help="wrk's fixed concurrency")
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8090")))
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--fresh", action="store_true", help="rebuild the data sets")
    parser.add_argument("--write-readme", action="store_true", help="record the table in bench/README.md")
    options = parser.parse_args()
    profile = PROFILES[options.profile]
    options.sizes, options.runs, options.seconds = profile["sizes"], profile["runs"], profile["seconds"]
    return options


def environment(options, static_root):
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PAGE_CACHE", "REDIS_"))}
    return {
        **clean,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_SECRET_KEY": "benchmark-only-secret-key-" + "b" * 40,
        "DJANGO_HTTPS": "off",
        "DJANGO_DEBUG": "0",
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(RESULTS / "media"),
        "PAGE_CACHE_VERSION_FILE": str(RESULTS / "page-cache-versions"),
        "BENCH_TRIVIAL_FILE": str(RESULTS / "article.html"),
        "GUNICORN_ACCESS_LOG": "",
        "GUNICORN_LOG_LEVEL": "warning",
        "LOG_LEVEL": "WARNING",
    }


def databases(options):
    wanted = options.databases.split(",")
    found = []
    if "sqlite" in wanted:
        found.append("sqlite")
    if "postgresql" in wanted:
        ready = subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1"], check=False).returncode == 0
        if ready:
            found.append("postgresql")
        else:
            print("PostgreSQL is not answering at 127.0.0.1: its rows are left out.", file=sys.stderr)
    return found


def prepare(database, size, env, fresh):
    """The data set's URL; built once (a marker file says it is complete)."""
    name = f"trillmag_bench_{size}"
    marker = RESULTS / f"{database}-{size}.ready"
    if database == "sqlite":
        url = f"sqlite:///{RESULTS / (name + '.sqlite3')}"
    else:
        url = f"{os.environ.get('BENCH_POSTGRES_URL', 'postgres://postgres@127.0.0.1:5432')}/{name}"
    env = {**env, "DATABASE_URL": url}
    if marker.exists() and not fresh:
        manage(env, "migrate", "--noinput", "--verbosity", "0")  # code may have moved on
        return url
    reset_database(database, name)
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    print(f"Generating {size} articles on {database}...", file=sys.stderr)
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "manage.py", "generate_content", "--articles", str(size),
         "--comments-per-article", str(COMMENTS_PER_ARTICLE.get(size, 2)),
         "--newest-article-comments", str(THREAD_COMMENTS)],
        cwd=ROOT, env=env, check=True,
    )
    print(f"  done in {time.monotonic() - started:.0f}s", file=sys.stderr)
    marker.write_text(url)
    return url


def reset_database(database, name):
    if database == "sqlite":
        for path in RESULTS.glob(f"{name}.sqlite3*"):
            path.unlink()
        return
    for sql in (f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"CREATE DATABASE {name}"):
        subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql], check=True)


def measure(database, size, env, pages, options, storms):
    """Every page, uncached then cached, and the article for readers with
    something personal; the approval storm goes to `storms`. The trivial view
    runs on a second server with the same settings, and each run of a page is
    paired with a run of it, so that each row's ratio holds even if the machine
    is busy."""
    rows = []
    with gunicorn({**env, "PAGE_CACHE": "off"}, options.port + 1) as trivial_base:
        save_trivial_body(trivial_base + pages["article"]["url"])
        trivial_url = trivial_base + "/bench/trivial/"
        for mode in ("uncached", "cached"):
            server_env = {**env, "PAGE_CACHE": "off" if mode == "uncached" else "on", **cache_env(database, mode)}
            with gunicorn(server_env, options.port) as base:
                for page, facts in pages.items():
                    queries = facts["queries"] if mode == "uncached" else 0
                    row = {"database": database, "articles": size, "page": page, "mode": mode, "queries": queries}
                    rows.append(series(row, base + facts["url"], trivial_url, options))
                if mode == "uncached":
                    # Search latency as one reader meets it, without queueing behind 15 others.
                    row = {**row, "page": "search", "mode": "uncached, one reader", "queries": pages["search"]["queries"]}
                    rows.append(series(row, base + pages["search"]["url"], trivial_url, options, connections=1))
                if mode == "cached":
                    article = pages["article"]["url"]
                    for who, cookie in (
                        ("returning commenter", readers.commenter_cookie(server_env)),
                        ("staff", readers.staff_cookie(server_env)),
                    ):
                        row = {**row, "page": "article", "mode": f"cached, {who}"}
                        rows.append(series(row, base + article, trivial_url, options, headers={"Cookie": cookie}))
                    storms.append({"database": database, "articles": size, **readers.storm(server_env, base)})
    return rows


def page_facts(env, explain):
    """Each page's URL and its queries on a cold render (PAGE_CACHE off); with
    `explain`, the growing tables its query plans scan sequentially."""
    code = f"from bench import pages; pages.report(explain_plans={explain})"
    output = manage({**env, "PAGE_CACHE": "off"}, "shell", "-c", code)
    return json.loads(output[output.index("{"):])


def render_cpu(env):
    """bench/render.py's CPU figures for one article render."""
    output = manage({**env, "PAGE_CACHE_VERSION_FILE": str(RESULTS / "render-versions")}, "shell", "-c",
                    "from bench import render; render.report()")
    return json.loads(output[output.index("{"):])


def cache_env(database, mode):
    """PostgreSQL runs as production would, with Redis when BENCH_REDIS_URL is set;
    SQLite is the one-box set-up, local memory shared through the version file."""
    redis = os.environ.get("BENCH_REDIS_URL", "")
    if database == "postgresql" and redis and mode == "cached":
        return {"REDIS_URL": redis, "CACHE_KEY_PREFIX": f"trillmag-bench-{time.time_ns()}"}
    return {}


def save_trivial_body(article_url):
    status, _, body = Browser().get(article_url)
    assert status == 200, f"{article_url} answered {status}"
    (RESULTS / "article.html").write_bytes(body)


def series(row, url, trivial_url, options, headers=None, connections=None):
    """Median figures of `options.runs` wrk runs (sending `headers`), each
    followed by one of the trivial view at the same concurrency."""
    connections = connections or options.connections
    for _ in range(3):  # warm up: fill the cache, open connections, load templates
        Browser().get(url, headers)
    threads = min(2, connections)
    figures = wrk.paired(
        options.runs,
        lambda: wrk.run(url, options.seconds, connections, headers, threads=threads),
        lambda: wrk.run(trivial_url, options.seconds, connections, threads=threads),
    )
    figures.pop("baseline_rps")
    row.update(figures)
    print(f"  {row['database']:<10} {row['articles']:>6} {row['page']:<8} {row['mode']:<24} "
          f"{row['rps']:7.0f} req/s  p50 {row['p50']:6.1f} ms  {row['ratio']:.2f} x trivial", file=sys.stderr)
    return row


if __name__ == "__main__":
    main()
