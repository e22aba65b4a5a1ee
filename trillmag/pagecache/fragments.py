"""What a page depends on, and values derived from content, cached per version."""
import functools
import hashlib

from django.core.cache import cache

from ..conf import conf
from . import schedules
from .parts import remembering
from .versions import VersionsUnknown, _reading, current_reading


def depends_on(*keys):
    """The page being rendered shows what `keys` name. Call it before reading
    that content: the versions are read now, so a change committed later makes
    the stored page stale."""
    reading = _reading.get()
    if reading is not None:
        reading.depend(keys)
        try:
            reading.read(keys)
        except VersionsUnknown:
            reading.unknown = True  # the page is served, but not stored


def shows(*keys):
    """A view decorator: every page the view makes shows what `keys` name
    (feeds, sitemaps: views an app does not write itself)."""

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            depends_on(*keys)
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def remember(name, keys, compute):
    """`compute()` (a count, a rendered fragment…) once per version of `keys`,
    shared through the cache; the page being rendered depends on `keys` too.
    PAGE_CACHE=off computes it every time, like everything else."""
    if not conf.PAGE_CACHE:
        return compute()
    keys = tuple(keys)
    reading = current_reading()
    reading.depend(keys)
    entry_key = f"pagecache:fragment:{hashlib.md5(name.encode()).hexdigest()}"
    try:
        stored = reading.read(keys, extra=entry_key)
        schedules.check(reading, keys)
    except VersionsUnknown:
        return compute_outside_parts(compute)
    versions = reading.versions_of(keys)
    if stored is not None and stored[0] == versions:
        return stored[1]
    value = compute_outside_parts(compute)
    cache.set(entry_key, (versions, value), conf.PAGE_CACHE_SECONDS)
    return value


def compute_outside_parts(compute):
    with remembering():
        return compute()
