"""What the Content-Security-Policy and Permissions-Policy cost a response:
`python bench/security_headers.py`.

In process, no server: the trivial view (the article page's bytes when
bench/run.py saved them, else 60 kB), alone and wrapped in each header's
middleware, and in django-csp's own middleware fed the same directives as a
plain dict (what trillmag.security.Policy saves). Prints the median of 7 runs
of each, in µs per response, and as a ratio to the trivial view alone.
"""
import os
import statistics
import sys
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trillmag.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")  # a throwaway secret key; nothing here depends on debug
TRIVIAL_FILE = ROOT / "bench" / "results" / "trivial.html"

import django  # noqa: E402

django.setup()

from csp.middleware import CSPMiddleware  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django_permissions_policy import PermissionsPolicyMiddleware  # noqa: E402

from trillmag import security  # noqa: E402

BODY = TRIVIAL_FILE.read_bytes() if TRIVIAL_FILE.exists() else b"x" * 60_000
REQUEST = RequestFactory().get("/")


def trivial(request):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


class PlainDictPolicy(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        parts.config = None if report_only else dict(security.directives())
        return parts


def median_microseconds(handler, number=5000, runs=7):
    times = [timeit.timeit(lambda: handler(REQUEST), number=number) / number for _ in range(runs)]
    return statistics.median(times) * 1e6


def main():
    rows = {
        "trivial view": trivial,
        "+ Content-Security-Policy (trillmag.security)": security.ContentSecurityPolicyMiddleware(trivial),
        "+ Content-Security-Policy (django-csp, a plain dict)": PlainDictPolicy(trivial),
        "+ Permissions-Policy": PermissionsPolicyMiddleware(trivial),
    }
    base = None
    print(f"{'':55} {'µs/response':>12} {'× trivial':>10}")
    for name, handler in rows.items():
        cost = median_microseconds(handler)
        base = base or cost
        print(f"{name:55} {cost:12.1f} {cost / base:10.2f}")


if __name__ == "__main__":
    main()
