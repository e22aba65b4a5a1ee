"""The benchmark's table and its verdict on the issue's targets, as Markdown."""
import os
import platform
import re
import time

PAGES = ["front", "article", "tag", "search"]


def render(rows, bursts, plans, storms, renders, options, fronts=()):
    lines = [
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {os.cpu_count()} CPUs "
        f"({platform.processor() or platform.machine()}), profile `{options.profile}`: wrk with "
        f"{options.connections} connections, {options.runs} runs of {options.seconds}s per row (medians), "
        f"gunicorn with {os.environ.get('WEB_CONCURRENCY', (os.cpu_count() or 1) * 2 + 1)} workers of "
        f"{os.environ.get('GUNICORN_THREADS', 4)} threads.",
        "",
        "Each row's × trivial is the median ratio of paired runs: the page, then a trivial Django view "
        "returning the same bytes through the same middleware on an identical server.",
        "",
        "| database | articles | page | mode | req/s | p50 ms | p99 ms | × trivial | queries | errors |",
        "|---|---:|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in sorted(rows, key=sort_key):
        lines.append(
            f"| {row['database']} | {row['articles']:,} | {row['page']} | {row['mode']} | {row['rps']:,.0f} "
            f"| {row['p50']:.1f} | {row['p99']:.1f} | {row['ratio']:.2f} | {row['queries']} | {row['errors']} |"
        )
    return "\n".join(lines + ["", *front_table(fronts), *targets(rows, bursts, storms, renders, fronts), "", *plan_check(plans)])


def sort_key(row):
    return (row["database"], row["articles"], PAGES.index(row["page"]), row["mode"] != "uncached", row["mode"])


def find(rows, **match):
    return [row for row in rows if all(row[key] == value for key, value in match.items())]


# Issue #13's targets for the article page, as × trivial: anonymous readers from
# local memory (SQLite rows, one box) or Redis (PostgreSQL rows with BENCH_REDIS_URL).
ARTICLE_TARGETS = (
    ("cached", "sqlite", 0.85),
    ("cached", "postgresql", 0.75),
    ("cached, returning commenter", None, 0.5),
    ("cached, staff", None, 0.25),
)


def front_table(fronts):
    """Varnish (deploy/varnish/trillmag.vcl) against nginx serving the same bytes as a static file."""
    if not fronts:
        return []
    lines = [
        "Behind Varnish: each run through Varnish (in front of gunicorn, page cache on) is paired with a run "
        "of nginx serving the bytes Varnish answered as a static file; `× nginx` is the median of those ratios. "
        "`Varnish` says what Varnish did with the warm page: HIT (kept) or PASS (sent to the app).",
        "",
        "| database | articles | page | Varnish | req/s | p50 ms | p99 ms | nginx static req/s | × nginx | errors |",
        "|---|---:|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in fronts:
        lines.append(
            f"| {row['database']} | {row['articles']:,} | {row['page']} | {row['x_cache']} | {row['rps']:,.0f} "
            f"| {row['p50']:.1f} | {row['p99']:.1f} | {row['static_rps']:,.0f} | {row['ratio']:.2f} | {row['errors']} |"
        )
    return lines + [""]


def targets(rows, bursts, storms, renders, fronts=()):
    lines = ["| target | measured | met |", "|---|---|---|"]
    for row in fronts:
        label = f"{row['page']} behind Varnish ≥ 0.50 × nginx static ({where(row)}, Varnish {row['x_cache']})"
        lines.append(verdict(label, f"{row['ratio']:.2f}", row["ratio"] >= 0.5))
    for mode, database, target in ARTICLE_TARGETS:
        for row in find(rows, page="article", mode=mode, **({"database": database} if database else {})):
            label = f"{mode} article ≥ {target:.2f} × trivial ({where(row)})"
            lines.append(verdict(label, f"{row['ratio']:.2f}", row["ratio"] >= target))
    for result in storms:
        label = f"article hit rate, 1 comment approved/s while readers load 50 articles ≥ 95% ({where(result)})"
        measured = (
            f"{result['hit_rate']:.1%} of {result['requests']:,} requests, {result['approvals']} approvals, "
            f"{result['refreshes']:,} parts printed again"
        )
        lines.append(verdict(label, measured, result["hit_rate"] >= 0.95))
    for result in renders:
        for name, target in (("after an approval", 4), ("fully cold", 8)):
            label = f"article render {name} ≤ {target} ms CPU ({where(result)}, in-process)"
            scale = f" ({result[name] / result['trivial']:.0f}× the trivial view's {result['trivial']:.2f} ms)"
            lines.append(verdict(label, f"{result[name]:.1f} ms{scale}", result[name] <= target))
        name = "after another article changed"
        scale = f" ({result[name] / result['trivial']:.0f}× the trivial view)"
        lines.append(f"| article render {name} ({where(result)}, in-process; no target) | {result[name]:.1f} ms{scale} | – |")
    sizes = sorted({row["articles"] for row in rows})
    for database in sorted({row["database"] for row in rows}):
        for page in ("front", "article", "tag"):
            small = find(rows, database=database, page=page, mode="uncached", articles=sizes[0])
            large = find(rows, database=database, page=page, mode="uncached", articles=sizes[-1])
            if len(sizes) > 1 and small and large:
                growth = large[0]["p50"] / small[0]["p50"]
                label = f"{page} p50 {sizes[0]:,} → {sizes[-1]:,} articles ≤ 1.3× ({database}, uncached)"
                lines.append(verdict(label, f"{growth:.2f}×", growth <= 1.3))
    for mode in ("uncached, one reader", "uncached"):
        for row in find(rows, database="postgresql", page="search", mode=mode, articles=100000):
            label = f"search p50 at 100,000 articles < 50 ms (postgresql, {mode})"
            lines.append(verdict(label, f"{row['p50']:.1f} ms", row["p50"] < 50))
    for result in bursts:
        measured = (
            f"{result['posts']} posts ({result['posts_per_second']:.0f}/s), statuses {result['statuses']}, "
            f"{result['server_errors']} 5xx, {result['accepted']} accepted, {result['stored']} stored "
            f"({result['stored_distinct']} distinct)"
        )
        lines.append(verdict(f"comment POST burst, 50 connections ({result['database']})", measured, result["passed"]))
    return lines


def where(row):
    return f"{row['database']}, {row['articles']:,}"


def verdict(label, measured, met):
    return f"| {label} | {measured} | {'yes' if met else '**no**'} |"


def write_readme(path, table, profile):
    """Replace the profile's section of bench/README.md with `table`."""
    start, end = f"<!-- bench:{profile}:start -->", f"<!-- bench:{profile}:end -->"
    text = path.read_text()
    block = f"{start}\n{table}\n{end}"
    path.write_text(re.sub(rf"{re.escape(start)}.*?{re.escape(end)}", lambda _: block, text, flags=re.DOTALL))


def plan_check(plans):
    """Which page queries read a growing table whole, from EXPLAIN on PostgreSQL."""
    lines = ["Sequential scans of growing tables (articles, comments, tags) in page queries, from EXPLAIN on PostgreSQL:", ""]
    for size, pages in sorted(plans.items()):
        found = [f"{page}: {', '.join(tables)}" for page, tables in pages.items() if tables]
        lines.append(f"- {size:,} articles: {'; '.join(found) if found else 'none'}")
    return lines
