"""The WordPress import against its target (`make bench-import`): a generated
export (bench/make_wxr.py; 10,000 posts, 100,000 comments and 2,000 photos by
default) imported into a fresh database on SQLite and on PostgreSQL, then
imported again. Each run is a fresh `manage.py import_wordpress` process, timed
by the wall clock, with its peak memory (the largest resident set, as GNU time
reports it). The table goes to bench/README.md with --write-readme.
"""
import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.make_wxr import make_wxr  # noqa: E402 (the path is set just above)

RESULTS = ROOT / "bench" / "results"
TARGET_SECONDS, TARGET_MB = 300, 500
START, END = "<!-- import-bench:start -->", "<!-- import-bench:end -->"


def main():
    options = parse_args()
    RESULTS.mkdir(exist_ok=True)
    export, media = RESULTS / f"export-{options.posts}.xml", RESULTS / f"uploads-{options.posts}"
    if not export.exists():
        print(f"Writing {export.name}...", file=sys.stderr)
        make_wxr(export, posts=options.posts, comments=options.comments, photos=options.photos, media_dir=media)
    rows = []
    for database in options.databases.split(","):
        url = fresh_database(database, options.posts)
        for label in ("first import", "again (nothing changed)"):
            seconds, megabytes, summary = timed_import(url, export, media)
            rows.append((database, label, seconds, megabytes, summary))
            print(f"{database:10} {label:24} {seconds:7.1f} s {megabytes:6.0f} MB  {summary}", file=sys.stderr)
    table = render(rows, options)
    print(table)
    if options.write_readme:
        readme = ROOT / "bench" / "README.md"
        text = readme.read_text()
        readme.write_text(re.sub(f"{START}.*?{END}", f"{START}\n{table}\n{END}", text, flags=re.S))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=100_000)
    parser.add_argument("--photos", type=int, default=2_000)
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--write-readme", action="store_true")
    return parser.parse_args()


def fresh_database(database, posts):
    name = f"trillmag_import_{posts}"
    if database == "sqlite":
        path = RESULTS / f"{name}.sqlite3"
        for old in RESULTS.glob(f"{name}.sqlite3*"):
            old.unlink()
        url = f"sqlite:///{path}"
    else:
        for sql in (f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"CREATE DATABASE {name}"):
            subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", sql], check=True)
        url = f"{os.environ.get('BENCH_POSTGRES_URL', 'postgres://postgres@127.0.0.1:5432')}/{name}"
    manage(url, "migrate", "--noinput", "--verbosity", "0")
    return url


def manage(url, *args, measure=False):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_", "PAGE_CACHE"))},
        "DATABASE_URL": url, "DJANGO_SECRET_KEY": "import-bench-" + "i" * 40, "DJANGO_DEBUG": "0",
        "MEDIA_ROOT": str(RESULTS / "import-media"), "LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "manage.py", *args]
    if measure:
        command = ["/usr/bin/time", "-f", "peak-kb %M", *command]
    return subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True)


def timed_import(url, export, media):
    started = time.monotonic()
    result = manage(url, "import_wordpress", str(export), "--media-dir", str(media), measure=True)
    seconds = time.monotonic() - started
    peak_kb = int(re.search(r"peak-kb (\d+)", result.stderr)[1])
    lines = [line for line in result.stdout.splitlines() if re.match(r"(articles|comments|photos):", line)]
    return seconds, peak_kb / 1024, "; ".join(lines)


def render(rows, options):
    lines = [
        f"Export: {options.posts:,} posts, {options.comments:,} comments, {options.photos:,} photos "
        f"(bench/make_wxr.py). Targets: under {TARGET_SECONDS // 60} minutes and {TARGET_MB} MB; "
        "again in under a third of the first import's time.",
        "",
        "| database | run | seconds | peak MB | target | what it did |",
        "|---|---|---:|---:|---|---|",
    ]
    first = {}
    for database, label, seconds, megabytes, summary in rows:
        if label == "first import":
            first[database] = seconds
            met = seconds < TARGET_SECONDS and megabytes < TARGET_MB
        else:
            met = seconds < first[database] / 3 and megabytes < TARGET_MB
        lines.append(f"| {database} | {label} | {seconds:.0f} | {megabytes:.0f} | {'met' if met else 'MISSED'} | {summary} |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
