"""The articles app's knobs, each with its default.

Read them as `conf.NAME`; a project setting `ARTICLES_NAME` overrides the
default (trillmag/settings.py fills some from the environment).
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
}


def __getattr__(name):
    if name not in DEFAULTS:
        raise AttributeError(name)
    return getattr(settings, f"ARTICLES_{name}", DEFAULTS[name])
