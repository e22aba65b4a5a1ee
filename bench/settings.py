"""The production settings, plus the benchmark's trivial view (bench/urls.py) and
a client address taken from X-Forwarded-For, so that the comment burst can come
from many readers (as it would behind a proxy) rather than one rate-limited IP."""
from trillmag.settings import *  # noqa: F403 (the settings module is the point)

ROOT_URLCONF = "bench.urls"
COMMENTS_IP_HEADER = "HTTP_X_FORWARDED_FOR"
