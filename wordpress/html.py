"""A small, forgiving HTML tree for reshaping WordPress content.

Built on the standard library's HTMLParser: entities are decoded as they are
read, stray end tags are ignored, and a `<p>` or `<li>` closes the way browsers
close it. Serialising escapes every text and attribute again. The result is not
trusted: it always goes through the body sanitiser afterwards.
"""
from html import escape
from html.parser import HTMLParser

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "caption", "colgroup", "dd", "details", "dialog", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hgroup", "hr", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "ul",
})
# Opening one of these closes an open <p>, as in a browser.
CLOSES_P = BLOCK - {"caption", "colgroup", "dd", "dt", "figcaption", "li", "summary", "tbody", "td", "tfoot",
                    "th", "thead", "tr"}


class Element:
    __slots__ = ("tag", "attrs", "children")

    def __init__(self, tag, attrs=None, children=None):
        self.tag = tag
        self.attrs = dict(attrs or {})
        self.children = list(children or [])

    def get(self, name, default=""):
        value = self.attrs.get(name)
        return default if value is None else value

    def classes(self):
        return self.get("class").split()

    def iter(self):
        """This element and every element under it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def text(self):
        return "".join(child if isinstance(child, str) else child.text() for child in self.children)

    def __repr__(self):
        return f"<{self.tag} {self.attrs!r} {self.children!r}>"


class _Builder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#root")
        self.stack = [self.root]

    def _append(self, node):
        children = self.stack[-1].children
        if isinstance(node, str) and children and isinstance(children[-1], str):
            children[-1] += node
        else:
            children.append(node)

    def _close(self, tag, stop_at=()):
        for depth in range(len(self.stack) - 1, 0, -1):
            open_tag = self.stack[depth].tag
            if open_tag == tag:
                del self.stack[depth:]
                return
            if open_tag in stop_at:
                return

    def handle_starttag(self, tag, attrs):
        if tag in CLOSES_P:
            self._close("p", stop_at=("blockquote", "div", "td", "th", "li", "figure", "section", "article"))
        if tag == "li":
            self._close("li", stop_at=("ul", "ol", "menu"))
        element = Element(tag, attrs)
        self._append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self._append(Element(tag, attrs))

    def handle_endtag(self, tag):
        if tag not in VOID:
            self._close(tag)

    def handle_data(self, data):
        self._append(data)


def parse(html):
    builder = _Builder()
    builder.feed(html)
    builder.close()
    return builder.root


def serialise(node):
    if isinstance(node, str):
        return escape(node, quote=False)
    inner = "".join(serialise(child) for child in node.children)
    if node.tag == "#root":
        return inner
    attrs = "".join(f' {name}="{escape(value, quote=True)}"' for name, value in node.attrs.items() if value is not None)
    if node.tag in VOID:
        return f"<{node.tag}{attrs}>"
    return f"<{node.tag}{attrs}>{inner}</{node.tag}>"


def is_block(node):
    return isinstance(node, Element) and node.tag in BLOCK


def merge_text(nodes):
    """`nodes` with neighbouring strings joined and empty ones dropped."""
    merged = []
    for node in nodes:
        if isinstance(node, str):
            if not node:
                continue
            if merged and isinstance(merged[-1], str):
                merged[-1] += node
                continue
        merged.append(node)
    return merged


def strip_blank(nodes):
    """`nodes` without leading and trailing whitespace."""
    nodes = list(nodes)
    while nodes and isinstance(nodes[0], str) and not nodes[0].strip():
        nodes.pop(0)
    while nodes and isinstance(nodes[-1], str) and not nodes[-1].strip():
        nodes.pop()
    if nodes and isinstance(nodes[0], str):
        nodes[0] = nodes[0].lstrip()
    if nodes and isinstance(nodes[-1], str):
        nodes[-1] = nodes[-1].rstrip()
    return nodes
