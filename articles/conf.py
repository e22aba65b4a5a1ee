"""The articles app's knobs (trillmag/knobs.py explains the pattern)."""
from trillmag.knobs import Knob, Knobs

conf = Knobs(
    ARTICLES_PER_PAGE=Knob(10, "page size of every listing"),
    ARTICLES_IMAGE_MAX_BYTES=Knob(
        20 * 1024 * 1024, "largest photo upload accepted, in bytes", aliases=("IMAGE_MAX_BYTES",), shown="20 MB"
    ),
    ARTICLES_IMAGE_MAX_PIXELS=Knob(
        50_000_000,
        "largest photo accepted, in pixels (width × height); refuses decompression bombs",
        aliases=("IMAGE_MAX_PIXELS",),
        shown="50 megapixels",
    ),
    ARTICLES_IMAGE_MAX_FRAMES=Knob(200, "most frames an animated photo (GIF, WebP, PNG) may have"),
    ARTICLES_IMAGE_MAX_TOTAL_PIXELS=Knob(
        40_000_000,
        "most pixels of all an animation's frames together (each is decoded whole: 4 bytes a pixel)",
        shown="40 megapixels",
    ),
    ARTICLES_IMAGE_MAX_SECONDS=Knob(
        10, "longest time decoding and re-encoding an animation's frames may take, in seconds"
    ),
    ARTICLES_RENDITION_WIDTHS=Knob((480, 800, 1200, 1600), "widths of the resized copies made of every photo"),
    ARTICLES_JPEG_QUALITY=Knob(85, "encoder quality of re-encoded JPEG originals and renditions"),
    ARTICLES_WEBP_QUALITY=Knob(80, "encoder quality of WebP renditions"),
    ARTICLES_SEARCH_CONFIG=Knob(
        "english", "PostgreSQL text-search configuration (language) of the search vector", aliases=("SEARCH_CONFIG",)
    ),
    ARTICLES_SEARCH_MAX_WORDS=Knob(
        16,
        "words of a search that are searched for; the results page says when later ones were left out "
        "(SQLite's fallback search takes up to about 400)",
    ),
    ARTICLES_SEARCH_MAX_CHARS=Knob(200, "longest search query read, in characters (the search boxes take no more)"),
    ARTICLES_SEARCH_LIMIT=Knob(1000, "how many of the newest matches search ranks (ranking reads each one's text)"),
    ARTICLES_FEED_LENGTH=Knob(20, "how many articles each RSS feed carries"),
    ARTICLES_NEWS_SITEMAP_HOURS=Knob(48, "how far back the Google News sitemap reaches"),
    ARTICLES_EMBED_MASTODON_SERVERS=Knob(
        ("mastodon.social", "mastodon.online", "mas.to", "mstdn.social", "fosstodon.org", "hachyderm.io"),
        "Mastodon servers whose posts a body may embed (any server can run Mastodon: only these are trusted)",
        cast=list,
    ),
    ARTICLES_EDITOR_EMAILS=Knob(
        (), "who is emailed when an author marks a draft ready for review (comma-separated)", cast=list,
        shown="everyone who may publish",
    ),
)
