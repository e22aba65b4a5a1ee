"""Which slugs a page may not take: every first segment of another URL.

Pages are served at `/<slug>/`, after every other URL pattern. A page called
"search" would never be reached, and one called "2024" would shadow the
archive's addresses, so the first segment of every route in the URLconf is
reserved, as are the shapes its path converters accept (a four-digit year),
and the static and media prefixes, which the web server may serve outside
the URLconf.
"""
import re

from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import get_converters

LITERAL = re.compile(r"[-\w.]+")
CONVERTER = re.compile(r"<(?:(?P<converter>[^>:]+):)?[^>]+>")
# Segments no route names but that must stay free: the web server's and old
# WordPress addresses the importer redirects.
ALWAYS_RESERVED = {"wp-admin", "wp-content", "wp-includes", "wp-json", "xmlrpc"}


def routes(patterns=None, prefix=""):
    """The full route text of every URL pattern, includes flattened."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern).lstrip("^")
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


def first_segment(route):
    """(literal words, converter names) that the route's first segment starts with."""
    segment = route.split("/", 1)[0]
    converter = CONVERTER.match(segment)
    if converter:
        return set(), {converter["converter"] or "str"}
    word = LITERAL.match(segment)
    if not word:
        return set(), set()
    literal = word[0]
    # "sitemap-<slug:section>.xml" reserves "sitemap"; "robots.txt" itself, and "robots".
    return {literal.rstrip("-."), literal.split(".")[0]} - {""}, set()


def reserved():
    """(reserved words, regexes of converter-shaped segments), from the URLconf."""
    words, converters = set(ALWAYS_RESERVED), set()
    for route in routes():
        found_words, found_converters = first_segment(route)
        words |= found_words
        converters |= found_converters
    for url in (settings.STATIC_URL, settings.MEDIA_URL):
        words.add(url.strip("/").split("/")[0])
    shapes = {get_converters()[name].regex for name in converters if name not in ("slug", "str", "path")}
    return {word.lower() for word in words if word}, shapes


def is_reserved(slug):
    words, shapes = reserved()
    return slug.lower() in words or any(re.fullmatch(shape, slug) for shape in shapes)
