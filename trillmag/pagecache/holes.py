"""Holes: the per-visitor parts of a shared page.

An app registers a renderer under a name, and its template prints the hole
around what everyone without anything personal sees (`{% hole %}` in the
`pagecache` template library, or `hole_marker()` for a hole with nothing in
it). The cached page keeps the hole; every response gets, in its place, what
the renderer returns for this visitor, or the shared content when it returns
None. Nothing personal is ever stored: renderers run per request.
"""
import re

from django.middleware.csrf import get_token
from django.utils.html import format_html
from django.utils.safestring import mark_safe


def up_to(closing):
    """A group holding what a marked region holds: everything up to `closing`.
    Spelt out rather than as a lazy `(.*?)`, which tries `closing` at every
    byte: a stored page is split four times faster."""
    return rb"((?:[^<]++|<(?!" + re.escape(closing[1:]) + rb"))*+)" + re.escape(closing)


OPENING = rb"<!--trillmag:hole:([a-z0-9_-]+)(?::([0-9A-Za-z_-]+))?-->"
HOLE = re.compile(OPENING + up_to(b"<!--trillmag:/hole-->"))
_renderers = {}


def register_hole(name, render):
    """`render(request)`, or `render(request, arg)` for holes printed with an
    argument, returns the safe HTML that fills the hole for this visitor, or
    None for the shared content."""
    _renderers[name] = render


def hole_marker(name, arg=None, shared=""):
    if name not in _renderers:
        raise KeyError(f"No page-cache hole named {name!r} is registered.")
    suffix = "" if arg is None else f":{arg}"
    opening = f"<!--trillmag:hole:{name}{suffix}-->"
    if not re.fullmatch(OPENING, opening.encode()):
        raise ValueError(f"A hole's argument is a plain word or number, not {arg!r}.")
    return mark_safe(f"{opening}{shared}<!--trillmag:/hole-->")


def fill_holes(request, content):
    if b"<!--trillmag:hole:" not in content:
        return content
    return HOLE.sub(lambda match: render_hole(request, *match.groups()), content)


def render_hole(request, name, arg, shared):
    args = () if arg is None else (arg.decode(),)
    filled = _renderers[name.decode()](request, *args)
    if filled is None:
        return shared
    request.holes_filled = True  # the response is this visitor's own: no cache in front may share it
    return str(filled).encode()


def join_holes(pieces):
    """What HOLE.split() cut: [text, name, arg, shared, text, …] back into the page."""
    joined = [pieces[0]]
    for at in range(1, len(pieces), 4):
        name, arg, shared, text = pieces[at:at + 4]
        suffix = b"" if arg is None else b":" + arg
        joined += [b"<!--trillmag:hole:", name, suffix, b"-->", shared, b"<!--trillmag:/hole-->", text]
    return b"".join(joined)


def holes_filled(request):
    return getattr(request, "holes_filled", False)


def csrf_field(request):
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request))
