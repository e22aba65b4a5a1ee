"""What the Redis cache backend costs a cached article: `python bench/cache_backend.py`.

Serves the 1,000-article SQLite data set's newest article from the page cache
on Redis (a redis-server of this script's own), once per backend, with wrk,
paired with runs of the trivial view as bench/run.py does. By default it
compares the site's set-up (django-redis with the fail-fast client,
trillmag/cache_backends.py) with Django's built-in RedisCache; --backend adds
any other (a dotted path importable with the project on sys.path).
"""
import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import run  # noqa: E402 (the path is set just above)
from harness.servers import gunicorn, manage  # noqa: E402
from harness.services import RedisServer  # noqa: E402

SITE = "site (django-redis, fail-fast client)"
BUILT_IN = "django.core.cache.backends.redis.RedisCache"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", action="append", default=[], help="another cache backend to compare")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=4)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--port", type=int, default=8190)
    options = parser.parse_args()
    run.RESULTS.mkdir(exist_ok=True)
    env = run.environment(options, run.RESULTS / "static")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    env["DATABASE_URL"] = run.prepare("sqlite", 1000, env, fresh=False)
    article = run.page_facts(env, explain=False)["article"]["url"]
    redis_server = RedisServer()
    redis_server.start()
    rows = []
    try:
        with gunicorn({**env, "PAGE_CACHE": "off"}, options.port + 1) as trivial_base:
            run.save_trivial_body(trivial_base + article)
            for backend in [SITE, BUILT_IN, *options.backend]:
                server_env = {
                    **env, "PAGE_CACHE": "on", "PAGE_CACHE_VERSION_FILE": "", "REDIS_URL": redis_server.url,
                    "CACHE_KEY_PREFIX": f"bench-{len(rows)}",
                    **({} if backend == SITE else {"BENCH_CACHE_BACKEND": backend}),
                }
                with gunicorn(server_env, options.port) as base:
                    row = {"database": "sqlite", "articles": 1000, "page": "article", "mode": backend, "queries": 0}
                    rows.append(run.series(row, base + article, trivial_base + "/bench/trivial/", options))
    finally:
        redis_server.stop()
    print("| backend | req/s | p50 ms | p99 ms | × trivial |\n|---|---|---|---|---|")
    for row in rows:
        print(f"| {row['mode']} | {row['rps']:.0f} | {row['p50']:.1f} | {row['p99']:.1f} | {row['ratio']:.2f} |")


if __name__ == "__main__":
    main()
