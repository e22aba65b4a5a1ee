"""The site-wide knobs (trillmag/knobs.py explains the pattern)."""
from .knobs import Knob, Knobs

conf = Knobs(
    SITE_NAME=Knob("Trill! Mag", "the masthead, page titles and the sender's name in emails"),
    SITE_TAGLINE=Knob("News, politics and culture, told straight", "the line under the masthead"),
    SOCIAL_FACEBOOK=Knob("https://www.facebook.com/trillmag", 'the "Connect with us" Facebook link'),
    SOCIAL_X=Knob("https://x.com/trillmag", 'the "Connect with us" X link'),
    SOCIAL_INSTAGRAM=Knob("https://www.instagram.com/trillmag", 'the "Connect with us" Instagram link'),
    SOCIAL_YOUTUBE=Knob("https://www.youtube.com/@trillmag", 'the "Connect with us" YouTube link'),
    CONTENT_POLICY_REPORT_ONLY=Knob(
        False,
        "send the Content-Security-Policy as `Content-Security-Policy-Report-Only`: browsers report what it "
        "would block and block nothing (for rolling it out)",
    ),
    CONTENT_POLICY_REPORT_URI=Knob(
        None, "where browsers send reports of what the Content-Security-Policy blocked (or would block)", cast=str
    ),
    REQUEST_MAX_BYTES=Knob(
        1024 * 1024,
        "largest request body taken from visitors (comments, sign-in): larger ones get the 413 page unread",
        shown="1 MB",
    ),
    STAFF_REQUEST_MAX_BYTES=Knob(
        25 * 1024 * 1024,
        "largest request body taken from signed-in staff: a photo (`ARTICLES_IMAGE_MAX_BYTES`) and its form",
        shown="25 MB",
    ),
    PAGE_CACHE=Knob(True, "serve anonymous pages from the cache; off renders every page (benchmarks, debugging)"),
    PAGE_CACHE_SECONDS=Knob(3600, "how long a page is kept in the cache (invalidation is exact, by version)"),
    PAGE_CACHE_CDN_SECONDS=Knob(60, "how long a CDN in front may keep a public page (`s-maxage`)"),
    PAGE_CACHE_VERSION_FILE=Knob(
        None,
        "where the content versions live: unset, in `.page-cache-versions` beside manage.py when the cache is "
        "per process (no Redis: the gunicorn workers of a box map the same table) and in the cache when "
        "it is shared; a path, in that file; empty, always in the cache",
        cast=str,
    ),
    PAGE_CACHE_SHAREABLE_COOKIES=Knob(
        (), "cookies that do not make a visitor's pages personal (the CSRF cookie never does)", cast=list
    ),
    PAGE_CACHE_LOCAL_COPIES=Knob(256, "how many pages of a shared cache (Redis) each process keeps a copy of"),
    PAGE_CACHE_HIT_MIDDLEWARE=Knob(
        (
            "django.middleware.common.CommonMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.middleware.clickjacking.XFrameOptionsMiddleware",
        ),
        "what a cache hit runs instead of the rest of `MIDDLEWARE` (trillmag/pagecache/middleware.py)",
        shown="common, CSRF, clickjacking",
    ),
    FRONT_CACHE_URLS=Knob(
        (),
        "shared HTTP caches in front that accept BAN requests (deploy/varnish/trillmag.vcl), comma-separated, "
        "e.g. `http://10.0.0.5:6081/`; each is sent one after every content change (trillmag/frontcache.py)",
        cast=list,
    ),
    FRONT_CACHE_TIMEOUT=Knob(2.0, "seconds a BAN waits for a cache in front to answer before it is retried later"),
)


def social_links():
    """("Facebook", url) pairs for the "Connect with us" links, in the masthead's order."""
    return [
        (label, getattr(conf, f"SOCIAL_{key}"))
        for label, key in [("Facebook", "FACEBOOK"), ("X", "X"), ("Instagram", "INSTAGRAM"), ("YouTube", "YOUTUBE")]
        if getattr(conf, f"SOCIAL_{key}")
    ]
