"""A shared HTTP cache in front (Varnish: deploy/varnish/trillmag.vcl), purged
exactly. README.md ("A shared HTTP cache in front") explains the set-up.

Every response the app lets a shared cache keep names the keys it depends on in
`X-Cache-Tags` (the page cache sets it). After each commit that changes
content, the page cache tells its listeners which keys went stale; this module
queues one job that sends every cache in FRONT_CACHE_URLS a `BAN` request with
those keys in `X-Cache-Tags`, and the cache drops every object tagged with any
of them. The job runs off the request path, so an unreachable cache never slows
or fails an editor's save; a BAN that fails makes the job fail, and the job
queue retries it with backoff (jobs/retries.py) until every cache took it.

Scheduled articles need no BAN: the page cache caps `s-maxage` at the moment
the next one goes live or expires, so a cache in front refetches then.
"""
import http.client
import logging
import re
import urllib.request

from django_tasks import task
from django_tasks_db.models import DBTaskResult

from .conf import conf

logger = logging.getLogger(__name__)

# Keys travel in a header and end up in a regular expression in the VCL, which
# accepts exactly these characters: no key can widen a ban.
KEY = re.compile(r"[A-Za-z0-9_:-]+")


def keys_changed(keys):
    """Page-cache invalidation listener (trillmag/cache.py): queue the BAN."""
    if not conf.FRONT_CACHE_URLS:
        return
    for key in keys:
        if not KEY.fullmatch(key):
            raise ValueError(f"{key!r} cannot be a cache key: letters, digits, '_', ':' and '-' only")
    keys = sorted(keys)
    if not ban_waiting(keys):
        ban.enqueue(keys)


def ban_waiting(keys):
    """Whether a BAN of `keys` is queued and not started yet: it is sent after
    this commit, so it covers this change too. A save touches several rows
    (each tells the listeners) and a busy newsroom commits every few seconds:
    one waiting BAN serves them all."""
    args = {"args": [keys], "kwargs": {}}
    return DBTaskResult.objects.ready().filter(task_path=ban.module_path, args_kwargs=args).exists()


@task()
def ban(keys):
    """The job: send every cache in front a BAN for `keys`. Raises once all
    were tried if any did not take it, and the job is retried (a BAN is
    idempotent: caches that took it already lose nothing)."""
    failed = []
    for url in conf.FRONT_CACHE_URLS:
        try:
            send_ban(url, keys)
        except (OSError, http.client.HTTPException) as error:
            logger.warning("BAN of %s at %s failed: %s", " ".join(keys), url, error)
            failed.append(url)
    if failed:
        raise BanFailed(f"BAN not taken by {', '.join(failed)}")


# Caches in front are on the app servers' own network: never through a proxy
# from the environment.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def send_ban(url, keys):
    request = urllib.request.Request(url, method="BAN", headers={"X-Cache-Tags": " ".join(keys)})
    # Any answer but a 2xx raises (HTTPError is an OSError), as does a time-out.
    with _opener.open(request, timeout=conf.FRONT_CACHE_TIMEOUT) as response:
        response.read()


class BanFailed(Exception):
    """A cache in front did not take a BAN; the job queue tries again."""
