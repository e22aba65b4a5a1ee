"""The page cache policy: which pages anonymous readers get from the cache, and
when a cached page stops being true. README.md ("Caching") explains the design.

- Every cached page's key carries a content *version*. Saving or deleting any row
  that public pages show bumps the version once the transaction commits, so every
  page is fresh at once; old entries are never read again and simply age out.
- The version lives in the shared cache (Redis) or, when the cache is local
  memory, in a small file that every worker process on the box reads. With a
  shared cache each process keeps copies of the pages it served last, used
  while the version they were stored under is still current.
- Scheduled and expiring articles: each process remembers, per version, when
  the next one goes live or expires; the first request after that moment bumps
  the version. CDN lifetimes are capped at the same moment.
- Per-visitor fragments (the CSRF token, a signed timestamp) are *holes*: the
  template prints a marker, the cached HTML keeps it, and every response gets
  fresh values, so cached pages stay valid for each reader without JavaScript.
- Only visitors without personal cookies get shared pages, and a response that
  sets a cookie other than the CSRF one is never stored.
- Caches outside this process (Varnish in front: trillmag/frontcache.py) learn
  what went stale from invalidation listeners, told the stale keys after each
  commit; every page they may keep names its keys in `X-Cache-Tags`.
"""
import hashlib
import os
import re
import tempfile
import threading
import time
import uuid
from collections import OrderedDict
from contextlib import contextmanager
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import DatabaseError, transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.html import format_html
from django.utils.module_loading import import_string
from django.utils.safestring import mark_safe

from .conf import conf

# --- the content version ------------------------------------------------------


class LocalCopies:
    """The entries this process read last from a shared cache. An entry carries
    the version it was stored under, so a copy is used only while that is still
    the current version: a hit on a hot page then fetches the 32-byte version
    rather than the whole page. Bounded, least recently used out first."""

    def __init__(self):
        self.entries = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key):
        with self.lock:
            entry = self.entries.get(key)
            if entry is not None:
                self.entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        with self.lock:
            self.entries[key] = entry
            self.entries.move_to_end(key)
            while len(self.entries) > conf.PAGE_CACHE_LOCAL_COPIES:
                self.entries.popitem(last=False)


class CacheVersionStore:
    """The version token kept in the shared cache: right for Redis, where every
    app server on every machine reads the same key."""

    key = "pagecache:version"
    copies = LocalCopies()

    def get_with(self, key):
        """The token and the entry at `key`: one round trip, carrying the entry
        only when this process has no copy of it under that token."""
        copy = self.copies.get(key)
        if copy is None:
            found = cache.get_many([self.key, key])
            token, entry = found.get(self.key) or self.get(), found.get(key)
        else:
            token = self.get()
            entry = copy if copy[0] == token else cache.get(key)
        if entry is not None and entry is not copy:
            self.copies.put(key, entry)
        return token, entry

    def set(self, key, entry, timeout):
        cache.set(key, entry, timeout)
        self.copies.put(key, entry)

    def get(self):
        token = cache.get(self.key)
        if token is None:
            cache.add(self.key, uuid.uuid4().hex, None)
            token = cache.get(self.key)
        return token

    def bump(self):
        cache.set(self.key, uuid.uuid4().hex, None)


class FileVersionStore:
    """The version token kept in a file: local-memory caches are per process,
    so the workers of one box share the token through the filesystem."""

    def __init__(self, path):
        self.path = Path(path)

    def get_with(self, key):
        return self.get(), cache.get(key)

    def set(self, key, entry, timeout):
        cache.set(key, entry, timeout)

    def get(self):
        try:
            return self.read()
        except FileNotFoundError:
            self.bump()
            return self.read()

    def read(self):
        # Every request reads the token: plain system calls, without a text layer.
        fd = os.open(self.path, os.O_RDONLY)
        try:
            return os.read(fd, 64).decode()
        finally:
            os.close(fd)

    def bump(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".version-")
        with os.fdopen(fd, "w") as handle:
            handle.write(uuid.uuid4().hex)
        os.replace(tmp, self.path)  # atomic: readers see the old token or the new one


def version_store():
    path = conf.PAGE_CACHE_VERSION_FILE
    if path is None and isinstance(caches["default"], LocMemCache):
        path = Path(settings.BASE_DIR) / ".page-cache-version"
    return FileVersionStore(path) if path else CacheVersionStore()


# (token, when the next scheduled change is due) for the token this process saw
# last: one tuple, replaced whole, so that a thread never reads one token's time
# with another's token (gunicorn runs several threads per process).
_schedule = {"seen": (None, None)}


def next_scheduled_time():
    """The next article to go live or to expire (articles.querysets)."""
    Article = apps.get_model("articles", "Article")
    return Article.objects.next_change()


def current_version():
    """The content version, or None when it cannot be known (the database is
    down), in which case nothing is served from the cache."""
    store = version_store()
    return checked(store, store.get())


def checked(store, token):
    """`token`, unless a scheduled article has come due (or a live one has
    expired) since it was made: then a new one, since every page that lists
    that article changes."""
    for _ in range(2):
        seen, due = _schedule["seen"]
        if seen != token:
            try:
                due = next_scheduled_time()
            except DatabaseError:
                return None
            _schedule["seen"] = (token, due)
        if due is None or timezone.now() < due:
            return token
        store.bump()
        token = store.get()
    return token


def versioned_get(key):
    """(current version, what is cached at `key` if it was stored under that
    version, else None): one round trip to a shared cache."""
    store = version_store()
    token, stored = store.get_with(key)
    version = checked(store, token)
    if version is None or stored is None or stored[0] != version:
        return version, None
    return version, stored[1]


def versioned_set(key, version, value):
    """Entries are replaced in place, so a stale one never outlives the next miss."""
    version_store().set(key, (version, value), conf.PAGE_CACHE_SECONDS)


def seconds_until_next_scheduled():
    due = _schedule["seen"][1]
    return None if due is None else max(0, int((due - timezone.now()).total_seconds()))


def content_changed(using=None):
    """Make every cached page stale once the current transaction commits.

    Model saves and deletes call this through signals; call it yourself after
    bulk changes that send none (`QuerySet.update()`, `bulk_create()`)."""
    if getattr(_bulk, "depth", 0):
        return  # changes_in_bulk() makes pages stale once, at its end
    transaction.on_commit(lambda: version_store().bump(), using=using)
    # Robust: a listener that fails (a cache in front unreachable) is logged,
    # never turned into an error for whoever saved.
    transaction.on_commit(tell_invalidation_listeners, using=using, robust=True)


# The keys a change makes stale, for caches outside this process (a Varnish in
# front, trillmag/frontcache.py). With one content version every change makes
# every page stale: the one key is SITE_KEY, which every shareable page carries.
SITE_KEY = "site"
_invalidation_listeners = []


def add_invalidation_listener(listener):
    """`listener(keys)` is called after each commit that changed content, with
    the set of keys (as in X-Cache-Tags) of the pages that changed."""
    if listener not in _invalidation_listeners:
        _invalidation_listeners.append(listener)


def tell_invalidation_listeners():
    for listener in _invalidation_listeners:
        listener({SITE_KEY})


_bulk = threading.local()


@contextmanager
def changes_in_bulk():
    """Thousands of saves (an import) make pages stale once, when they are
    over, rather than once per row."""
    _bulk.depth = getattr(_bulk, "depth", 0) + 1
    try:
        yield
    finally:
        _bulk.depth -= 1
        content_changed()


def bump_after_outage(**kwargs):
    """`redis_recovered` receiver: bumps made while Redis was unreachable were
    lost, so pages stored before the outage may no longer be true."""
    version_store().bump()


def remember(name, compute):
    """A value derived from content (say, how many articles a listing has),
    computed once per content version and shared through the cache. Exact: any
    change that could alter it bumps the version. PAGE_CACHE=off computes it
    every time, like everything else."""
    if not conf.PAGE_CACHE:
        return compute()
    key = f"pagecache:derived:{hashlib.md5(name.encode()).hexdigest()}"
    version, value = versioned_get(key)
    if value is None:
        value = compute()
        if version is not None:
            versioned_set(key, version, value)
    return value


# --- which models public pages show -------------------------------------------

# Changes to these rows change what readers see. A model is skipped while its app
# is not installed; `unless` lets a model say which of its changes are private.
WATCHED_MODELS = {
    "articles.Article": None,
    "articles.Author": None,
    "articles.Byline": None,
    "articles.Category": None,
    "articles.Image": None,
    "pages.Page": None,
    "taggit.Tag": None,
    "taggit.TaggedItem": None,
    # A new comment held for moderation is shown only to its writer, who has a
    # cookie and so never gets a cached page; anything else changes the thread.
    "comments.Comment": lambda comment, created: created and comment.status != "approved",
}


def watch(model, unless=None):
    def on_save(sender, instance, created=False, using=None, **kwargs):
        if unless is None or not unless(instance, created):
            content_changed(using)

    def on_delete(sender, instance, using=None, **kwargs):
        content_changed(using)

    uid = f"pagecache:{model._meta.label}"
    post_save.connect(on_save, sender=model, weak=False, dispatch_uid=uid)
    post_delete.connect(on_delete, sender=model, weak=False, dispatch_uid=uid)


def watch_content_models():
    for label, unless in WATCHED_MODELS.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        watch(model, unless)


# --- holes: per-visitor fragments of a shared page -----------------------------

HOLE = re.compile(rb"<!--trillmag:hole:([a-z0-9_-]+)(?::([0-9A-Za-z_-]+))?-->")
_hole_renderers = {}


def register_hole(name, render):
    """`render(request)`, or `render(request, arg)` for holes printed with an
    argument, returns the safe HTML that replaces the hole's marker."""
    _hole_renderers[name] = render


def hole_marker(name, arg=None):
    if name not in _hole_renderers:
        raise KeyError(f"No page-cache hole named {name!r} is registered.")
    suffix = "" if arg is None else f":{arg}"
    if not HOLE.fullmatch(f"<!--trillmag:hole:{name}{suffix}-->".encode()):
        raise ValueError(f"A hole's argument is a plain word or number, not {arg!r}.")
    return mark_safe(f"<!--trillmag:hole:{name}{suffix}-->")


def fill_holes(request, content):
    if b"<!--trillmag:hole:" not in content:
        return content
    return HOLE.sub(lambda match: render_hole(request, match[1], match[2]), content)


def render_hole(request, name, arg):
    args = () if arg is None else (arg.decode(),)
    return str(_hole_renderers[name.decode()](request, *args)).encode()


def csrf_field(request):
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request))


register_hole("csrf", csrf_field)


# --- the policy: who gets a shared page, what may be stored ---------------------

PERSONAL_MARKERS = (b'name="csrfmiddlewaretoken"',)


def is_shared_request(request):
    """An anonymous reader with nothing personal: no session, no comment cookies."""
    if not conf.PAGE_CACHE or request.method not in ("GET", "HEAD"):
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    shareable = {settings.CSRF_COOKIE_NAME, *conf.PAGE_CACHE_SHAREABLE_COOKIES}
    return set(request.COOKIES) <= shareable


def page_key(request):
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"pagecache:page:{hashlib.md5(url.encode()).hexdigest()}"


def is_storable(response, template):
    if response.status_code != 200 or response.streaming or template is None:
        return False
    if set(response.cookies) - {settings.CSRF_COOKIE_NAME}:
        return False
    control = response.get("Cache-Control", "")
    if any(word in control for word in ("private", "no-cache", "no-store")):
        return False
    varies = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    if varies - {"cookie", "accept-encoding"}:
        return False
    return not any(marker in template for marker in PERSONAL_MARKERS)


class CachedPage:
    """What is stored: the page cut at its holes, and its validators."""

    def __init__(self, content, content_type):
        # [text, name, arg, text, name, arg, ..., text]: filling needs no search.
        self.parts = HOLE.split(content)
        self.content_type = content_type
        self.etag = f'W/"{hashlib.md5(content).hexdigest()}"'
        self.last_modified = int(time.time())
        self.has_holes = len(self.parts) > 1

    def response(self, request):
        filled = [self.parts[0]]
        for at in range(1, len(self.parts), 3):
            filled += [render_hole(request, self.parts[at], self.parts[at + 1]), self.parts[at + 2]]
        return HttpResponse(b"".join(filled), content_type=self.content_type)


def set_shared_headers(response, page):
    """Validators for conditional GETs and a lifetime a CDN may use. Pages with
    holes are per-visitor once filled, so a CDN must not share them."""
    response["ETag"] = page.etag
    response["Last-Modified"] = http_date(page.last_modified)
    if page.has_holes:
        patch_cache_control(response, private=True, max_age=0, must_revalidate=True)
        return
    lifetime = conf.PAGE_CACHE_CDN_SECONDS
    due = seconds_until_next_scheduled()
    if due is not None:
        lifetime = min(lifetime, due)
    patch_cache_control(response, public=True, max_age=0, s_maxage=lifetime)
    patch_vary_headers(response, ["Cookie"])
    # What a cache in front must drop when tell_invalidation_listeners() names it.
    response["X-Cache-Tags"] = SITE_KEY


def set_personal_headers(response):
    """A page made for one visitor must never be shared by a cache in front."""
    if "no-store" not in response.get("Cache-Control", ""):
        patch_cache_control(response, private=True)
    patch_vary_headers(response, ["Cookie"])


# --- middleware -----------------------------------------------------------------


class PageCacheMiddleware:
    """Serves and stores shared pages. Sits near the top of MIDDLEWARE so that it
    sees the response as the client gets it (cookies included) before storing.

    A hit skips the rest of MIDDLEWARE: a shared request has no session, user or
    messages to load. It runs only PAGE_CACHE_HIT_MIDDLEWARE around the stored
    page, by default the common headers, CSRF (whose cookie goes with the
    form's token in a hole) and clickjacking protection, so that a hit carries
    the headers a miss does."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.serve_hit = hit_chain(conf.PAGE_CACHE_HIT_MIDDLEWARE)

    def __call__(self, request):
        if not conf.PAGE_CACHE:
            return self.get_response(request)
        key = page_key(request) if is_shared_request(request) else None
        version, page = versioned_get(key) if key else (None, None)
        if version is None:
            response = self.get_response(request)
            if request.method in ("GET", "HEAD"):
                set_personal_headers(response)
            response["X-Page-Cache"] = "bypass"
            return response
        if page:
            state = "hit"
            request.cached_page = page
            response = self.serve_hit(request)
        else:
            state = "miss"
            response = self.get_response(request)
            template = getattr(request, "page_template", None)
            if not is_storable(response, template):
                if response.cookies:  # made for this visitor: no cache in front may share it
                    set_personal_headers(response)
                response["X-Page-Cache"] = "bypass"
                return response
            page = CachedPage(template, response["Content-Type"])
            versioned_set(key, version, page)
        set_shared_headers(response, page)
        response = get_conditional_response(
            request, etag=page.etag, last_modified=page.last_modified, response=response
        )
        response["X-Page-Cache"] = state
        return response


def hit_chain(paths):
    """`paths` wrapped around the stored page, the way Django wraps MIDDLEWARE
    around a view (the first is outermost)."""
    handler = serve_cached_page
    for path in reversed(paths):
        handler = import_string(path)(handler)
    return handler


def serve_cached_page(request):
    return request.cached_page.response(request)


class PageHolesMiddleware:
    """Last in MIDDLEWARE: keeps what the view made (for PageCacheMiddleware to
    store) and fills the holes of every HTML page, inside CsrfViewMiddleware so
    that a token it hands out also gets its cookie."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.streaming:
            return response
        request.page_template = response.content
        if response.get("Content-Type", "").startswith("text/html"):
            response.content = fill_holes(request, response.content)
        return response
