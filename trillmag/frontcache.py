"""A shared HTTP cache in front (Varnish: deploy/varnish/trillmag.vcl), purged
exactly. README.md ("A shared HTTP cache in front") explains the set-up.

Every response the app lets a shared cache keep names the keys it depends on in
`X-Cache-Tags` (the page cache sets it). After each commit that changes
content, the page cache tells its listeners which keys went stale; this module
queues, for each cache in FRONT_CACHE_URLS, a job that sends it a `BAN` request
with those keys in `X-Cache-Tags`, and the cache drops every object tagged with
any of them. Jobs run off the request path, so an unreachable cache never slows
or fails an editor's save; a BAN that fails makes its job fail, and the job
queue retries it with backoff (jobs/retries.py) until the cache takes it. One
job per cache: a cache that is down delays no other's BANs.

Scheduled articles need no BAN: the page cache caps `s-maxage` at the moment
the next one goes live or expires, so a cache in front refetches then.
"""
import http.client
import re
import urllib.request

from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from .conf import conf

# Keys travel in a header and end up in a regular expression in the VCL, which
# accepts exactly these characters: no key can widen a ban.
KEY = re.compile(r"[A-Za-z0-9_:-]+")
# Told to listeners when everything is stale (the page cache's convention); the
# VCL then drops every page.
EVERYTHING = "*"


def keys_changed(keys):
    """Page-cache invalidation listener (trillmag.pagecache.add_invalidation_listener): queue the BANs."""
    if not conf.FRONT_CACHE_URLS:
        return
    if EVERYTHING in keys:
        keys = {EVERYTHING}
    for key in keys - {EVERYTHING}:
        if not KEY.fullmatch(key):
            raise ValueError(f"{key!r} cannot be a cache key: letters, digits, '_', ':' and '-' only")
    keys = sorted(keys)
    for url in conf.FRONT_CACHE_URLS:
        if not ban_waiting(url, keys):
            ban.enqueue(url, keys)


def ban_waiting(url, keys):
    """Whether a BAN to `url` of `keys` or more is queued and not started yet
    (due, or waiting to be retried): it is sent after this commit, so it
    covers this change too. A save touches several rows (each tells the
    listeners), a busy newsroom commits every few seconds, and a cache may be
    down for a while: one waiting BAN serves them all, and none pile up."""
    waiting = DBTaskResult.objects.filter(task_path=ban.module_path, status=TaskResultStatus.READY)
    for args in waiting.values_list("args_kwargs", flat=True):
        waiting_url, waiting_keys = args["args"]
        if waiting_url == url and (EVERYTHING in waiting_keys or set(waiting_keys) >= set(keys)):
            return True
    return False


@task()
def ban(url, keys):
    """The job: send the cache at `url` a BAN for `keys`. A failure raises, and
    the job is retried (a BAN is idempotent)."""
    request = urllib.request.Request(url, method="BAN", headers={"X-Cache-Tags": " ".join(keys)})
    try:
        # Any answer but a 2xx raises (HTTPError is an OSError), as does a time-out.
        with _opener.open(request, timeout=conf.FRONT_CACHE_TIMEOUT) as response:
            response.read()
    except (OSError, http.client.HTTPException) as error:
        raise BanFailed(f"{url} did not take the BAN of {' '.join(keys)}: {error}") from error


# Caches in front are on the app servers' own network: never through a proxy
# from the environment.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class BanFailed(Exception):
    """A cache in front did not take a BAN; the job queue tries again."""
