"""A burst of comment POSTs: 50 readers at once, each with the CSRF token and
signed form token the (cached) article page's script fetches, each from its own address (as
behind a proxy, so that flood control lets them through). Pass: no 5xx, and
every accepted comment stored exactly once."""
import collections
import json
import re
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

from harness.servers import Browser, comment_form_secrets, gunicorn, manage

READERS = 50
POSTS_EACH = 4
MIN_SUBMIT_SECONDS = 1


class Reader:
    def __init__(self, base, article_path, number, marker):
        self.base, self.article_path, self.number, self.marker = base, article_path, number, marker
        self.browser = Browser()
        self.address = {"X-Forwarded-For": f"10.{number // 250}.{number % 250}.7"}

    def open_form(self):
        status, _, page = self.browser.get(self.base + self.article_path, self.address)
        assert status == 200, status
        self.form = comment_form_secrets(self.browser, self.base, page, self.address)
        self.action = re.search(rb'<form id="commentform"[^>]* action="([^"]+)"', page)[1].decode()

    def post_all(self):
        statuses = []
        for n in range(POSTS_EACH):
            data = {
                **self.form,
                "body": f"Burst {self.marker}: reader {self.number} says thing {n}.",
                "name": f"Reader {self.number}",
                "email": f"burst{self.number}.{n}@example.com",
            }
            statuses.append(self.browser.post(self.base + self.action, data, self.address)[0])
        return statuses


def run(database, env, port, article_path):
    marker = uuid.uuid4().hex[:10]
    server_env = {**env, "PAGE_CACHE": "on", "COMMENTS_MIN_SUBMIT_SECONDS": str(MIN_SUBMIT_SECONDS)}
    with gunicorn(server_env, port) as base:
        readers = [Reader(base, article_path, n, marker) for n in range(READERS)]
        with ThreadPoolExecutor(READERS) as pool:
            list(pool.map(Reader.open_form, readers))
        time.sleep(MIN_SUBMIT_SECONDS + 0.2)
        started = time.monotonic()
        with ThreadPoolExecutor(READERS) as pool:
            statuses = [status for batch in pool.map(Reader.post_all, readers) for status in batch]
        elapsed = time.monotonic() - started
    counted = collections.Counter(statuses)
    stored = stored_comments(env, marker)
    result = {
        "database": database,
        "posts": len(statuses),
        "posts_per_second": len(statuses) / elapsed,
        "statuses": {str(code): n for code, n in sorted(counted.items())},
        "server_errors": sum(n for code, n in counted.items() if code >= 500),
        "accepted": counted[302],
        "stored": stored["rows"],
        "stored_distinct": stored["distinct"],
    }
    result["passed"] = result["server_errors"] == 0 and result["accepted"] == stored["rows"] == stored["distinct"]
    print(f"  {database:<10} comment burst: {result}", file=sys.stderr)
    return result


def stored_comments(env, marker):
    code = (
        "import json; from comments.models import Comment; "
        f"rows = Comment.objects.filter(body__startswith='Burst {marker}:'); "
        "print(json.dumps({'rows': rows.count(), 'distinct': rows.values('body').distinct().count()}))"
    )
    output = manage({**env, "PAGE_CACHE": "off"}, "shell", "-c", code)
    return json.loads(output[output.index("{"):])
