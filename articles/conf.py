"""The articles app's knobs, each with its default.

Read them as `conf.NAME`; a project setting `ARTICLES_NAME` overrides the
default (trillmag/settings.py fills some from the environment). They are looked
up on every access, so tests can override the settings.
"""
from django.conf import settings

DEFAULTS = {
    # Largest photo upload accepted, in bytes.
    "IMAGE_MAX_BYTES": 20 * 1024 * 1024,
    # Largest photo accepted, in pixels (width x height); refuses decompression bombs.
    "IMAGE_MAX_PIXELS": 50_000_000,
    # Widths of the resized copies made of every photo at upload, for srcset.
    "RENDITION_WIDTHS": (480, 800, 1200, 1600),
    # Encoder quality for re-encoded originals and for JPEG and WebP renditions.
    "JPEG_QUALITY": 85,
    "WEBP_QUALITY": 80,
    # PostgreSQL text-search configuration (language) for the search vector.
    "SEARCH_CONFIG": "english",
    # How many of the newest matches search ranks (ranking reads each one's text).
    "SEARCH_LIMIT": 1000,
    # How many articles each RSS feed carries.
    "FEED_LENGTH": 20,
    # How far back the Google News sitemap reaches (Google reads two days).
    "NEWS_SITEMAP_HOURS": 48,
}


def __getattr__(name):
    if name not in DEFAULTS:
        raise AttributeError(name)
    return getattr(settings, f"ARTICLES_{name}", DEFAULTS[name])
