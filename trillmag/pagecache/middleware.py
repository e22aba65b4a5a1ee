"""Who gets a shared page, what may be stored, and the two middleware that
serve and store pages (README: "Speed")."""
import hashlib
import re
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.module_loading import import_string

from ..conf import conf
from . import schedules
from .changes import ANY
from .holes import HOLE, fill_holes, holes_filled, join_holes, render_hole
from .parts import cut_parts, reprint
from .versions import VersionsUnknown, begin_reading, end_reading

# A CSRF token printed into a page (an empty field, for a script to fill, is not
# one) is this visitor's; a Content-Security-Policy nonce is this response's
# (trillmag/security.py): a page printing either is never stored.
PERSONAL = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]| nonce="')


class LocalCopies:
    """The pages this process read last from a shared cache. A page carries the
    versions it was stored under, so a copy is used only while they are still
    current: a hit on a hot page then fetches a few versions rather than the
    whole page. Bounded, least recently used out first."""

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


copies = LocalCopies()


class CachedPage:
    """What is stored: the page cut at its holes, where its parts lie, its
    validators, and the keys it depends on with the versions it was rendered
    under (`frame_keys`: those it shows outside its parts)."""

    def __init__(self, template, content_type, keys, versions, frame_keys, parts=()):
        # [text, name, arg, shared, text, ..., text]: filling needs no search.
        self.pieces = HOLE.split(template)
        self.content_type = content_type
        self.keys = keys
        self.versions = versions
        self.frame_keys = frame_keys
        self.parts = parts
        self.etag = f'W/"{hashlib.md5(template).hexdigest()}"'
        self.last_modified = int(time.time())

    def response(self, request):
        filled = [self.pieces[0]]
        for at in range(1, len(self.pieces), 4):
            filled += [render_hole(request, *self.pieces[at:at + 3]), self.pieces[at + 3]]
        return HttpResponse(b"".join(filled), content_type=self.content_type)

    def template(self):
        return join_holes(self.pieces)

    def stale_keys(self, reading):
        reading.read(self.keys)
        schedules.check(reading, self.keys)
        current = reading.versions_of(self.keys)
        return {key for key, stored, now in zip(self.keys, self.versions, current) if stored != now}


def is_reading(request):
    return request.method in ("GET", "HEAD") and "HTTP_AUTHORIZATION" not in request.META


def is_shared_request(request):
    """An anonymous reader with nothing personal: no session, no comment cookies."""
    shareable = {settings.CSRF_COOKIE_NAME, *conf.PAGE_CACHE_SHAREABLE_COOKIES}
    return is_reading(request) and set(request.COOKIES) <= shareable


# Part of every page's cache key: pages stored by code that kept CachedPage
# otherwise (before parts: version 1) are never read after a deploy.
PAGE_FORMAT = 2


def page_key(request):
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"pagecache:page:{PAGE_FORMAT}:{hashlib.md5(url.encode()).hexdigest()}"


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
    return PERSONAL.search(template) is None


def lookup(reading, key, request):
    """(the page at `key` as current content shows it, "hit" or "refresh"), or
    (None, "miss"). A stored page whose stale keys are all its parts' gets
    those parts printed again (parts.py) and is stored anew. With a shared
    cache: one round trip for a page this process holds a copy of (its
    versions), else one for the page and one for its versions."""
    shared = reading.store.shared
    page = copies.get(key) if shared else None
    stale = page.stale_keys(reading) if page else None
    if page is None or stale:
        # ANY is read before rendering, for a page that turns out to declare no key.
        page = reading.read([ANY], extra=key)
        if page is None:
            return None, "miss"
        if shared:
            copies.put(key, page)
        stale = page.stale_keys(reading)
    if stale & page.frame_keys:
        return None, "miss"
    if not stale:
        return page, "hit"
    template, parts = reprint(reading, request, page.template(), page.parts, stale)
    if reading.unknown:  # a part could not read its versions: render, and store nothing
        return None, "miss"
    return store_page(reading, key, template, page.content_type, page.frame_keys, parts), "refresh"


def store_page(reading, key, template, content_type, frame_keys, parts):
    keys = tuple(sorted(frame_keys.union(*(part.keys for part in parts))))
    reading.read(keys)
    page = CachedPage(template, content_type, keys, reading.versions_of(keys), frame_keys, parts)
    cache.set(key, page, conf.PAGE_CACHE_SECONDS)
    if reading.store.shared:
        copies.put(key, page)
    schedules.check(reading, keys)  # learns when the page stops being true, for its lifetime
    return page


def set_shared_headers(request, response, page):
    """Validators for conditional GETs, a lifetime a CDN may use and the keys a
    front cache bans the page by. A page whose holes were filled for this
    visitor is theirs: a CDN must not share it."""
    response["ETag"] = page.etag
    response["Last-Modified"] = http_date(page.last_modified)
    if holes_filled(request):
        patch_cache_control(response, private=True, max_age=0, must_revalidate=True)
        return
    lifetime = conf.PAGE_CACHE_CDN_SECONDS
    due = schedules.seconds_until_due(page.keys)
    if due is not None:
        lifetime = min(lifetime, due)
    patch_cache_control(response, public=True, max_age=0, s_maxage=lifetime)
    patch_vary_headers(response, ["Cookie"])
    response["X-Cache-Tags"] = " ".join(page.keys)


def set_personal_headers(response):
    """A page made for one visitor must never be shared by a cache in front."""
    if "no-store" not in response.get("Cache-Control", ""):
        patch_cache_control(response, private=True)
    patch_vary_headers(response, ["Cookie"])


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
        reading, token = begin_reading()
        try:
            return self.respond(request, reading)
        finally:
            end_reading(token)

    def respond(self, request, reading):
        shared = is_shared_request(request)
        key = page_key(request) if is_reading(request) else None
        try:
            page, state = lookup(reading, key, request) if key else (None, "miss")
        except VersionsUnknown:
            key = None  # Redis or the database is away: serve without the cache
        if key is None:
            response = self.get_response(request)
            if request.method in ("GET", "HEAD"):
                set_personal_headers(response)
            response["X-Page-Cache"] = "bypass"
            return response
        if not shared:
            return self.respond_personally(request, page, state)
        if page:
            request.cached_page = page
            response = self.serve_hit(request)
        else:
            response = self.get_response(request)
            template = getattr(request, "page_template", None)
            if reading.unknown or not is_storable(response, template):
                if response.cookies:  # made for this visitor: no cache in front may share it
                    set_personal_headers(response)
                response["X-Page-Cache"] = "bypass"
                return response
            frame_keys = frozenset(reading.frame_keys or {ANY})
            try:
                page = store_page(reading, key, template, response["Content-Type"], frame_keys, request.page_parts)
            except VersionsUnknown:
                response["X-Page-Cache"] = "bypass"
                return response
        set_shared_headers(request, response, page)
        response = get_conditional_response(
            request, etag=page.etag, last_modified=page.last_modified, response=response
        )
        response["X-Page-Cache"] = state
        return response

    def respond_personally(self, request, page, state):
        """A visitor with something personal (a session, saved details, a pending
        comment, a flash message) goes through every middleware, so that their
        session, user and messages are there; then PageHolesMiddleware serves
        the shared page with their own parts in its holes, when there is one.
        Nothing made for them is ever stored."""
        request.cached_page = page
        response = self.get_response(request)
        set_personal_headers(response)
        response["X-Page-Cache"] = state if getattr(request, "served_cached_page", False) else "bypass"
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
    that a token it hands out also gets its cookie; serves a personal visitor's
    shared page in place of the view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.streaming or getattr(request, "served_cached_page", False):
            return response
        if not response.get("Content-Type", "").startswith("text/html"):
            request.page_template, request.page_parts = response.content, ()
            return response
        request.page_template, request.page_parts = cut_parts(response.content)
        response.content = fill_holes(request, request.page_template)
        return response

    def process_view(self, request, view, args, kwargs):
        """A personal visitor's shared page, filled, instead of the view."""
        page = getattr(request, "cached_page", None)
        if page is not None:
            request.served_cached_page = True
            return page.response(request)
        return None
