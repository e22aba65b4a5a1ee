"""Holes: the per-visitor parts of a shared page. An app registers a renderer
under a name, its template prints the hole's marker, the cached page keeps the
marker, and every response gets the visitor's own HTML in its place."""
import re

from django.middleware.csrf import get_token
from django.utils.html import format_html
from django.utils.safestring import mark_safe

HOLE = re.compile(rb"<!--trillmag:hole:([a-z0-9_-]+)(?::([0-9A-Za-z_-]+))?-->")
_renderers = {}


def register_hole(name, render):
    """`render(request)`, or `render(request, arg)` for holes printed with an
    argument, returns the safe HTML that replaces the hole's marker."""
    _renderers[name] = render


def hole_marker(name, arg=None):
    if name not in _renderers:
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
    return str(_renderers[name.decode()](request, *args)).encode()


def csrf_field(request):
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request))


register_hole("csrf", csrf_field)
