"""Parts: the pieces of a shared page that change more often than the rest.

An app registers a renderer under a name and prints the part with
`print_part(request, name, *args)` (from one of its template tags). The renderer
returns the HTML every visitor sees, from the part's arguments and the
request's URL alone (never the visitor), and declares the keys it shows
(`depends_on`, `remember`). The stored page remembers where each part lies and
its keys. When only keys that parts show have changed (a comment approved
changes its article's thread, not the page around it), the page is not
rendered again: those parts are printed again and put in place, and the rest
is reused as it was stored.

A part is never printed inside a remembered fragment (the fragment would keep
it past its own keys' changes): that raises.
"""
import contextvars
import re
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.utils.safestring import mark_safe

from .holes import up_to
from .versions import _reading

WORD = "[0-9A-Za-z_-]+"
KEY = r"[0-9A-Za-z_:*-]+"
PART = re.compile(
    rf"<!--trillmag:part:([a-z0-9_-]+)((?::{WORD})*) keys=((?:{KEY} ?)*)-->".encode() + up_to(b"<!--trillmag:/part-->")
)
_renderers = {}
_remembering = contextvars.ContextVar("pagecache_remembering", default=False)


@dataclass(frozen=True)
class Part:
    """Where a printed part lies in a stored page, and what it shows."""

    name: str
    args: tuple
    keys: frozenset
    start: int
    end: int


def register_part(name, render):
    """`render(request, *args)` returns the part's safe HTML, the same for
    every visitor; args arrive as strings (plain words or numbers)."""
    _renderers[name] = render


def print_part(request, name, *args):
    """The part as a page prints it: marked, with the keys it showed, when a
    page cache is reading this request; as it is otherwise."""
    if _remembering.get():
        raise ImproperlyConfigured(f"The page-cache part {name!r} is printed inside a remembered fragment.")
    args = tuple(str(arg) for arg in args)
    if any(not re.fullmatch(WORD, arg) for arg in args):
        raise ValueError(f"A part's arguments are plain words or numbers, not {args!r}.")
    reading = _reading.get()
    if reading is None:
        return _renderers[name](request, *args)
    html, keys = render_part(reading, request, name, args)
    opening = f"<!--trillmag:part:{name}{''.join(':' + arg for arg in args)} keys={' '.join(sorted(keys))}-->"
    return mark_safe(f"{opening}{html}<!--trillmag:/part-->")


def render_part(reading, request, name, args):
    """(the part's HTML, the keys it showed)."""
    with reading.printing_part() as keys:
        html = _renderers[name](request, *args)
    return str(html), frozenset(keys)


@contextmanager
def remembering():
    """Around the computing of a remembered fragment (fragments.remember)."""
    token = _remembering.set(True)
    try:
        yield
    finally:
        _remembering.reset(token)


def cut_parts(content):
    """(`content` without the parts' marks, where each part lies in it)."""
    if b"<!--trillmag:part:" not in content:
        return content, ()
    pieces, parts, at, length = [], [], 0, 0
    for match in PART.finditer(content):
        before = content[at:match.start()]
        name, args, keys, html = match.groups()
        pieces += [before, html]
        start = length + len(before)
        length = start + len(html)
        parts.append(Part(
            name.decode(), tuple(arg for arg in args.decode().split(":") if arg),
            frozenset(keys.decode().split()), start, length,
        ))
        at = match.end()
    pieces.append(content[at:])
    return b"".join(pieces), tuple(parts)


def reprint(reading, request, template, parts, stale):
    """`template` with each part showing a key in `stale` printed again:
    (the new template, where its parts now lie)."""
    pieces, placed, at, shift = [], [], 0, 0
    for part in parts:
        pieces.append(template[at:part.start])
        if part.keys & stale:
            html, keys = render_part(reading, request, part.name, part.args)
            html = html.encode()
        else:
            html, keys = template[part.start:part.end], part.keys
        start = part.start + shift
        placed.append(Part(part.name, part.args, keys, start, start + len(html)))
        pieces.append(html)
        shift += len(html) - (part.end - part.start)
        at = part.end
    pieces.append(template[at:])
    return b"".join(pieces), tuple(placed)
