"""Per-key content versions: where they live and how a request reads them.

A key names something pages show (`site`, `articles`, `article:42`, `page:7`:
the apps choose). Every key has a version, an opaque token replaced by a new
random one when the content behind the key changes. A cached page or fragment
is stored with the versions of the keys it depends on and is used only while
they are all still current.

Every version read carries the *epoch*: bumping it (`content_changed()` with
no keys, after a bulk import or a Redis outage) makes everything stale at once.

Two stores:
- `CacheVersions`: one cache key per content key, in the shared cache (Redis),
  where every app server reads them; a page's versions come in one MGET.
- `FileVersions`: a memory-mapped table in a file, for a per-process cache
  (local memory): every worker of the box reads and bumps the same table with
  no system call per read.
"""
import contextvars
import mmap
import os
import secrets
import tempfile
import threading
import zlib
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache

from ..conf import conf

EPOCH = "*"


class VersionsUnknown(Exception):
    """What is current cannot be known (Redis or the database is away): serve
    without the cache rather than risk something stale."""


class CacheVersions:
    """Versions kept in the shared cache, never expiring. A version evicted by
    Redis comes back as a new random token: pages stored under the old one are
    then stale, never wrongly current."""

    shared = True
    prefix = "pagecache:v:"

    def read(self, keys, extra=None):
        """({key: version} for `keys`, plus what the cache holds at `extra`):
        one round trip."""
        names = [self.prefix + key for key in (EPOCH, *keys)]
        found = cache.get_many(names + ([extra] if extra else []))
        missing = [name for name in names if name not in found]
        for name in missing:
            cache.add(name, secrets.token_hex(8), None)
        if missing:
            found.update(cache.get_many(missing))
            if any(name not in found for name in missing):
                raise VersionsUnknown("the shared cache does not answer")
        epoch = found.get(names[0], "")
        versions = {key: f"{epoch}.{found.get(name, '')}" for key, name in zip(keys, names[1:])}
        return versions, found.get(extra) if extra else None

    def bump(self, keys):
        cache.set_many({self.prefix + key: secrets.token_hex(8) for key in keys}, None)


class FileVersions:
    """A table of 8-byte slots in a file mapped into every worker's memory. A key
    hashes to a slot; two keys sharing a slot only make each other's pages stale
    more often, never stale pages current. Slot 0 is the epoch, random when the
    file is made, so a table made afresh never matches pages of an older one."""

    shared = False
    slots = 1 << 16
    width = 8

    def __init__(self, path):
        self.path = Path(path)
        self.table = self.open()

    def open(self):
        if not self.path.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".versions-")
            with os.fdopen(fd, "wb") as handle:
                handle.truncate(self.slots * self.width)  # sparse: zeros cost nothing
                handle.write(secrets.token_bytes(self.width))
            try:
                os.link(tmp, self.path)  # the first worker's table wins; the others map it
            except FileExistsError:
                pass
            finally:
                os.unlink(tmp)
        with open(self.path, "r+b") as handle:
            return mmap.mmap(handle.fileno(), 0)

    def offset(self, key):
        return 0 if key == EPOCH else (1 + zlib.crc32(key.encode()) % (self.slots - 1)) * self.width

    def read(self, keys, extra=None):
        table, width = self.table, self.width
        epoch = table[:width]
        versions = {key: (epoch + table[(at := self.offset(key)):at + width]).hex() for key in keys}
        return versions, cache.get(extra) if extra else None

    def bump(self, keys):
        for key in keys:
            at = self.offset(key)
            self.table[at:at + self.width] = secrets.token_bytes(self.width)


_file_tables = {}
_file_lock = threading.Lock()


def store():
    """The version store for the configured cache (PAGE_CACHE_VERSION_FILE)."""
    path = conf.PAGE_CACHE_VERSION_FILE
    if path is None and isinstance(caches["default"], LocMemCache):
        path = Path(settings.BASE_DIR) / ".page-cache-versions"
    if not path:
        return _cache_versions
    path = str(path)
    table = _file_tables.get(path)
    if table is None:
        with _file_lock:
            # Few tables in a process's life (tests make one each): the last few stay mapped.
            if len(_file_tables) > 4:
                _file_tables.clear()
            table = _file_tables[path] = FileVersions(path)
    return table


_cache_versions = CacheVersions()


class Reading:
    """The versions one request has read, and the keys the page it renders
    depends on. Versions are read before the content they guard (a view
    declares its keys before its queries), so a change committed meanwhile can
    only make the stored page stale, never a stale page current."""

    def __init__(self, store):
        self.store = store
        self.versions = {}
        self.keys = set()
        # The keys the page shows outside its parts (parts.py), and those of the part being printed.
        self.frame_keys = set()
        self.part_keys = None
        self.unknown = False

    def depend(self, keys):
        """The page being rendered shows what `keys` name."""
        self.keys.update(keys)
        (self.frame_keys if self.part_keys is None else self.part_keys).update(keys)

    @contextmanager
    def printing_part(self):
        """Collects the keys a part shows while it is printed."""
        if self.part_keys is not None:
            raise ImproperlyConfigured("A page-cache part is printed inside another part.")
        self.part_keys = keys = set()
        try:
            yield keys
        finally:
            self.part_keys = None

    def read(self, keys, extra=None):
        """Reads the versions of `keys` not read yet (and the cache's `extra`) in one go."""
        unread = [key for key in keys if key not in self.versions]
        if unread or extra:
            found, value = self.store.read(unread, extra)
            self.versions.update(found)
            return value
        return None

    def versions_of(self, keys):
        return tuple(self.versions[key] for key in keys)

    def forget(self, keys):
        for key in keys:
            self.versions.pop(key, None)


_reading = contextvars.ContextVar("pagecache_reading", default=None)


def current_reading():
    """This request's Reading, or a fresh one outside a request (a command, a job)."""
    return _reading.get() or Reading(store())


def begin_reading():
    reading = Reading(store())
    return reading, _reading.set(reading)


def end_reading(token):
    _reading.reset(token)
