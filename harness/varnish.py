"""Varnish with deploy/varnish/trillmag.vcl in front of a test server, for
tests and the benchmark: on a free port of 127.0.0.1, with its own working
directory, needing no root (`-j none`: no jail, it runs as whoever starts it)."""
import shutil
import subprocess
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .servers import ROOT, free_port, running

VCL = ROOT / "deploy" / "varnish" / "trillmag.vcl"
VARNISHD = shutil.which("varnishd", path="/usr/sbin:/usr/local/sbin:/usr/bin")


def available():
    return VARNISHD is not None


def vcl_for(backend_port):
    """The shipped VCL with the test server as its backend."""
    text = VCL.read_text()
    shipped = '.port = "8000";'
    assert shipped in text, f"{shipped!r} is no longer in {VCL}: update harness/varnish.py"
    return text.replace(shipped, f'.port = "{backend_port}";')


@contextmanager
def varnish(backend_port, folder, port=None, memory="64m"):
    """varnishd in front of the server on `backend_port` of 127.0.0.1, on
    `port` (a free one by default), for the length of the block; yields its
    base URL. `folder` (made if missing) holds the VCL and Varnish's working
    directory."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    vcl = folder / "trillmag.vcl"
    vcl.write_text(vcl_for(backend_port))
    port = port or free_port()
    command = [
        VARNISHD, "-F", "-j", "none", "-n", str(folder / "varnish"), "-a", f"127.0.0.1:{port}",
        "-T", "none", "-f", str(vcl), "-s", f"malloc,{memory}",
    ]
    with running(command, port=port, name="varnishd", stdout=subprocess.DEVNULL, stderr=subprocess.PIPE):
        yield f"http://127.0.0.1:{port}"


class BanRecorder:
    """A stand-in for a cache in front (FRONT_CACHE_URLS): an HTTP server on
    127.0.0.1 that answers BAN requests with `status` and keeps the
    X-Cache-Tags of each, so a test sees which keys the app banned."""

    def __init__(self, status=200):
        self.bans = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def do_BAN(self):
                recorder.bans.append(self.headers["X-Cache-Tags"])
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
