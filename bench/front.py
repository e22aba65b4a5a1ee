"""Pages behind Varnish (deploy/varnish/trillmag.vcl) against the same bytes
served by nginx as a static file: the most a cache in front can do on this
machine. Run by bench/run.py once per benchmark, on its first data set."""
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

from bench import wrk
from harness.nginx import NGINX, main_config
from harness.servers import Browser, free_port, gunicorn, running
from harness.varnish import available, varnish

# Public today: the front page. The article page is kept once its comment form
# carries no per-reader secrets; until then Varnish passes it to the app.
PAGES = ("article", "front")


def missing():
    """Why the rows cannot run, or None."""
    if not available():
        return "varnishd is not installed (Debian: apt-get install varnish)"
    if not NGINX:
        return "nginx is not installed (Debian: apt-get install nginx)"
    return None


def measure(database, size, env, pages, options, folder):
    """One row per page: Varnish in front of gunicorn (page cache on) and
    nginx serving what Varnish answered, paired run by run."""
    reason = missing()
    if reason:
        print(f"Front-cache rows left out: {reason}.", file=sys.stderr)
        return []
    folder = Path(folder)
    shutil.rmtree(folder, ignore_errors=True)
    rows = []
    with gunicorn(env, options.port), varnish(options.port, folder / "varnish", memory="256m") as front:
        bodies = {page: warm(front + pages[page]["url"]) for page in PAGES}
        files = {f"{page}.html": body for page, (body, _) in bodies.items()}
        with nginx_static(folder / "nginx", files) as static:
            for page in PAGES:
                row = {"database": database, "articles": size, "page": page, "x_cache": bodies[page][1]}
                rows.append(series(row, front + pages[page]["url"], f"{static}/{page}.html", options))
    return rows


def warm(url):
    """The page's bytes and what Varnish says of it once warm (HIT, or PASS)."""
    browser = Browser()
    for _ in range(3):
        status, headers, body = browser.get(url)
        assert status == 200, f"{url} answered {status}"
    return body, headers["X-Cache"]


def series(row, url, static_url, options):
    figures = wrk.paired(
        options.runs,
        lambda: wrk.run(url, options.seconds, options.connections),
        lambda: wrk.run(static_url, options.seconds, options.connections),
    )
    static_rps = figures.pop("baseline_rps")
    row.update(figures, static_rps=static_rps)
    print(f"  {row['database']:<10} {row['articles']:>6} {row['page']:<8} behind Varnish ({row['x_cache']}) "
          f"{row['rps']:7.0f} req/s, nginx static {row['static_rps']:7.0f}: {row['ratio']:.2f} x", file=sys.stderr)
    return row


@contextmanager
def nginx_static(folder, files):
    """nginx on a free port of 127.0.0.1 serving `files` ({name: bytes}) as
    static files at its fastest: as many workers as CPUs (Varnish's threads
    use them all too), sendfile and open files kept."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, body in files.items():
        (folder / name).write_bytes(body)
    port = free_port()
    (folder / "site.conf").write_text(
        f"server {{\n listen 127.0.0.1:{port};\n root {folder};\n default_type text/html;\n access_log off;\n"
        " keepalive_requests 100000;\n sendfile on;\n tcp_nopush on;\n open_file_cache max=16;\n}\n"
    )
    (folder / "nginx.conf").write_text(main_config(folder, folder / "site.conf", workers="auto"))
    command = [NGINX, "-c", str(folder / "nginx.conf"), "-p", str(folder), "-g", "daemon off;"]
    with running(command, port=port, name="nginx", stderr=subprocess.PIPE):
        yield f"http://127.0.0.1:{port}"
