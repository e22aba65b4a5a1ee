"""Paragraphs from line breaks, as WordPress's classic editor meant them.

WordPress stores classic-editor posts without `<p>` tags: a blank line ends a
paragraph and a single line break is a `<br>`; WordPress adds the markup when it
shows the post (its `wpautop`). This does the same on a parsed tree (html.py):

- text and inline elements between block elements become paragraphs, split at
  blank lines (and at two `<br>` in a row);
- inside a list item, a table cell or a definition, text stays bare unless a
  blank line splits it into several paragraphs;
- a `<p>` already written is split at its blank lines, never nested;
- headings, captions and other phrasing containers only get `<br>`s;
- block elements stay as they are, lists, tables and figures keep their structure, and
  `<pre>` (and script, style, textarea) is never touched.

Posts written in the block editor already carry their markup: WordPress does not
run wpautop on them, and neither should the caller.
"""
import re

from .html import Element, is_block, strip_blank

UNTOUCHED = frozenset({"pre", "script", "style", "textarea"})
# Containers whose own whitespace means nothing; their children are handled one by one.
STRUCTURE = frozenset({
    "table", "thead", "tbody", "tfoot", "tr", "ul", "ol", "dl", "colgroup", "hgroup", "menu", "figure",
})
FLOW = frozenset({
    "#root", "address", "article", "aside", "blockquote", "details", "dialog", "div", "fieldset", "footer",
    "form", "header", "main", "nav", "section",
})
ITEMS = frozenset({"li", "dd", "td", "th"})
BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n\s*")


def autop(root):
    """Add paragraphs and line breaks to the tree under `root`, in place."""
    _process(root)
    return root


def _process(element):
    if element.tag in UNTOUCHED:
        return
    if element.tag in STRUCTURE:
        element.children = [child for child in element.children if isinstance(child, Element) or child.strip()]
        for child in element.children:
            if isinstance(child, Element):
                _process(child)
    elif element.tag in FLOW:
        element.children = _flow(element.children, bare_single=False)
    elif element.tag in ITEMS:
        element.children = _flow(element.children, bare_single=True)
    else:
        element.children = _breaks(element.children)


def _flow(children, bare_single):
    """Paragraphs for the inline runs between `children`'s blocks."""
    out, run = [], []

    def flush():
        paragraphs = _split(run)
        if bare_single and len(paragraphs) == 1:
            out.extend(_breaks(paragraphs[0]))
        else:
            for paragraph in paragraphs:
                out.extend((Element("p", children=_breaks(paragraph)), "\n"))
        run.clear()

    for child in children:
        if not is_block(child):
            run.append(child)
            continue
        flush()
        if child.tag == "p":
            paragraphs = _split(child.children)
            out.extend(node for paragraph in paragraphs for node in (Element("p", children=_breaks(paragraph)), "\n"))
        else:
            _process(child)
            out.extend((child, "\n"))
    flush()
    return strip_blank(out)


def _is_br(node):
    return isinstance(node, Element) and node.tag == "br"


def _split(nodes):
    """`nodes` cut into paragraphs at blank lines and double <br>s; blank ones dropped."""
    paragraphs = [[]]
    for node in nodes:
        current = paragraphs[-1]
        if isinstance(node, str):
            first, *rest = BLANK_LINE.split(node)
            current.append(first)
            paragraphs.extend([piece] for piece in rest)
        elif _is_br(node) and (previous := strip_blank(current)) and _is_br(previous[-1]):
            paragraphs[-1] = previous[:-1]
            paragraphs.append([])
        else:
            current.append(node)
    return [kept for paragraph in paragraphs if (kept := strip_blank(paragraph))]


def _breaks(nodes):
    """Every line break in `nodes`' text (and their inline elements') as a <br>."""
    out = []
    for node in nodes:
        if isinstance(node, Element):
            if node.tag not in UNTOUCHED:
                if is_block(node):
                    _process(node)
                else:
                    node.children = _breaks(node.children)
            out.append(node)
            continue
        for number, line in enumerate(node.split("\n")):
            if number:
                if not (out and _is_br(out[-1])):
                    out.append(Element("br"))
                line = "\n" + line
            if line:
                out.append(line)
    return _no_br_before_br(out)


def _no_br_before_br(nodes):
    """Drop a <br> made for a line break that an explicit <br> right after already makes."""
    kept = []
    for node in nodes:
        if _is_br(node) and kept:
            previous = kept[-1]
            if isinstance(previous, str) and not previous.strip() and len(kept) > 1 and _is_br(kept[-2]):
                continue
        kept.append(node)
    return kept
