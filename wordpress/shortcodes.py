"""WordPress shortcodes: `[name attr="value"]`, `[name /]` and `[name]content[/name]`.

WordPress only treats a bracketed word as a shortcode when a plugin registered
that name, which an export does not record. Here a bracket is a shortcode when
its name is one WordPress itself ships, when it has attributes or a closing tag,
or when its name holds a `-` or `_` (as plugin shortcodes do): "[sic]" and
"[1]" stay text. `[[name]]` is WordPress's escape for a literal `[name]`.
Nothing inside `<pre>` is touched.
"""
import re
from typing import NamedTuple

CORE = frozenset({"audio", "caption", "embed", "gallery", "playlist", "video", "wp_caption"})
TAG = re.compile(r"\[(\[?)([A-Za-z][\w-]*)(?![\w-])((?:\s|=)(?:[^\]\"']|\"[^\"]*\"|'[^']*')*)?\](\]?)")
ATTRIBUTE = re.compile(
    r"""([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)"""
    r"""|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)"""
    r"""|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)"""
)
PRE = re.compile(r"(<pre\b.*?</pre\s*>)", re.S | re.I)


class Shortcode(NamedTuple):
    name: str
    attrs: dict  # named attributes, lower-cased names; positional ones under 0, 1, …
    content: str | None  # None for a shortcode without a closing tag


def parse_attributes(text):
    """`[name a="1" b=2 "c"]`'s attributes: {"a": "1", "b": "2", 0: "c"}."""
    text = text.strip()
    if text.startswith("="):  # [name=value], as WordPress.com writes some
        return {0: text[1:].strip().strip("\"'")}
    attrs, position = {}, 0
    for match in ATTRIBUTE.finditer(text):
        for name_group in (1, 3, 5):
            if match[name_group]:
                attrs[match[name_group].lower()] = match[name_group + 1]
                break
        else:
            value = next(group for group in (match[7], match[8], match[9]) if group is not None)
            attrs[position] = value.rstrip("/").strip() if match[9] else value
            position += 1
    return {key: value for key, value in attrs.items() if value != "" or not isinstance(key, int)}


def expand(text, replace):
    """`text` with each shortcode replaced by `replace(Shortcode)` (a string).

    `replace` may call `expand` on the content to handle shortcodes inside it.
    """
    return "".join(part if part.lower().startswith("<pre") else _expand(part, replace) for part in PRE.split(text))


def _expand(text, replace):
    out, position = [], 0
    while match := TAG.search(text, position):
        escaped_open, name, attr_text, escaped_close = match[1], match[2], match[3] or "", match[4]
        self_closing = attr_text.rstrip().endswith("/")
        end = match.end() - len(escaped_close)
        content = None
        if not self_closing:
            closer = text.find(f"[/{name}]", end)
            if closer != -1:
                content, end = text[end:closer], closer + len(name) + 3
        if not _is_shortcode(name, attr_text, content):
            out.append(text[position:match.start() + 1])
            position = match.start() + 1
            continue
        out.append(text[position:match.start()])
        if escaped_open and text[end:end + 1] == "]":
            out.append(text[match.start() + 1:end])  # [[name]] is the literal text [name]
            position = end + 1
            continue
        if escaped_open:
            out.append("[")
        out.append(replace(Shortcode(name.lower(), parse_attributes(attr_text.rstrip().rstrip("/")), content)))
        position = end
    out.append(text[position:])
    return "".join(out)


def _is_shortcode(name, attr_text, content):
    return (
        name.lower() in CORE
        or content is not None
        or bool(attr_text.strip().strip("/"))
        or "-" in name
        or "_" in name
    )
