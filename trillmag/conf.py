"""The site-wide knobs with their defaults; trillmag/settings.py fills them from
the environment. Read them as `conf.NAME` so that tests can override settings."""
from django.conf import settings

DEFAULTS = {
    # Serve anonymous GETs from the cache (PAGE_CACHE=off renders every page).
    "PAGE_CACHE": True,
    # How long a cached page is kept; invalidation is by version, not by expiry.
    "PAGE_CACHE_SECONDS": 3600,
    # How long a CDN in front may keep a public page (s-maxage) before revalidating.
    "PAGE_CACHE_CDN_SECONDS": 60,
    # Where the content version is kept when the cache is process-local memory;
    # empty keeps it in the cache itself (Redis: shared by every app server).
    "PAGE_CACHE_VERSION_FILE": "",
    # Cookies that do not make a visitor's pages personal (the CSRF cookie always).
    "PAGE_CACHE_SHAREABLE_COOKIES": (),
    # How many entries of a shared cache (Redis) each process keeps a copy of.
    "PAGE_CACHE_LOCAL_COPIES": 256,
    # What a cache hit runs instead of the rest of MIDDLEWARE (trillmag/cache.py).
    "PAGE_CACHE_HIT_MIDDLEWARE": (
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ),
}


class Conf:
    def __getattr__(self, name):
        return getattr(settings, name, DEFAULTS[name])


conf = Conf()
