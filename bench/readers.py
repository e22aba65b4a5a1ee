"""The readers the page cache serves besides anonymous ones, and the comment
approval storm (bench/run.py).

- a returning commenter: the signed `comment_author` cookie a comment sent
  with "Save my name…" ticked leaves (made by the comments app's own code);
- a staff member: a session cookie (a staff user signed in through Django's
  test client, whose session row the servers read);
- the storm: one comment approved every second, on an article picked at random
  from the whole archive, while readers load 50 articles: the share of their
  requests the cache answers (a page whose comment parts were printed again
  counts as a miss).
"""
import random
import re
import threading
from concurrent.futures import ThreadPoolExecutor

from harness.servers import Browser, manage

STAFF_SESSION = """
from django.contrib.auth import get_user_model
from django.test import Client
user, _ = get_user_model().objects.get_or_create(
    username="bench-staff", defaults={"is_staff": True, "email": "staff@bench.example", "first_name": "Bench"})
client = Client()
client.force_login(user)
print("session=" + client.cookies["sessionid"].value)
"""

# The cookie a comment sent with "Save my name…" ticked leaves (comments/cookies.py).
COMMENTER_DETAILS = """
from django.http import HttpResponse
from comments.cookies import DETAILS_COOKIE, remember_details
response = HttpResponse()
remember_details(response, {"name": "Bench Commenter", "email": "commenter@bench.example", "website": ""})
print("cookie=" + response.cookies[DETAILS_COOKIE].value)
"""

STORM_ARTICLES = """
from articles.models import Article
print("urls=" + " ".join(a.get_absolute_url() for a in Article.objects.published().latest()[:50]))
"""

# One approval a second for `seconds`: a comment held, then approved, as a moderator does.
APPROVALS = """
import random, time
from django.db import transaction
from articles.models import Article
from comments.models import Comment
ids = list(Article.objects.published().values_list("pk", flat=True))
end = time.monotonic() + %(seconds)s
approved = 0
while time.monotonic() < end:
    with transaction.atomic():
        comment = Comment.objects.create(
            article_id=random.choice(ids), name="Storm", email="storm@bench.example", body="Approved in the storm.",
            status=Comment.Status.PENDING)
    comment.status = Comment.Status.APPROVED
    comment.save()
    approved += 1
    time.sleep(1)
print("approved=%%d" %% approved)
"""


def shell_value(env, code, name):
    output = manage(env, "shell", "-c", code)
    return re.search(rf"^{name}=(.*)$", output, re.MULTILINE)[1]


def commenter_cookie(env):
    return f"comment_author={shell_value(env, COMMENTER_DETAILS, 'cookie')}"


def staff_cookie(env):
    return f"sessionid={shell_value(env, STAFF_SESSION, 'session')}"


def storm(env, base, seconds=20, readers=4):
    """(approvals, reader requests, share of them that were cache hits, pages refreshed)."""
    urls = shell_value(env, STORM_ARTICLES, "urls").split()
    for url in urls:  # the readers' articles are in the cache when the storm starts
        Browser().get(base + url)
    states, stop = [], threading.Event()

    def read():
        browser = Browser()
        while not stop.is_set():
            _, headers, _ = browser.get(base + random.choice(urls))
            states.append(headers.get("X-Page-Cache"))

    with ThreadPoolExecutor(readers) as pool:
        for _ in range(readers):
            pool.submit(read)
        approved = int(shell_value(env, APPROVALS % {"seconds": seconds}, "approved"))
        stop.set()
    hits = states.count("hit")
    return {
        "approvals": approved, "requests": len(states), "hit_rate": hits / max(len(states), 1),
        "refreshes": states.count("refresh"),
    }
