"""WordPress HTML as plain text: comments in our plain-text comment format, and
excerpts or bodies as one line for a standfirst."""
import re

from .html import BLOCK, Element, parse

DROPPED = frozenset({"script", "style", "template", "head", "title", "iframe", "object", "noscript", "textarea"})
SPACES = re.compile(r"[ \t\f\v\u00a0]+")
SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)]*\s+")


def _link_label(element, text):
    href = element.get("href").strip()
    if not re.match(r"(?i)(https?:|mailto:)", href):
        return text
    shown = re.sub(r"(?i)^(https?://|mailto:)", "", href).rstrip("/")
    if not text.strip() or text.strip().rstrip("/").lower() in (href.rstrip("/").lower(), shown.lower()):
        return href
    return f"{text} ({href})"


class _Writer:
    """Walks a tree and writes text with paragraph breaks ("\n\n") between blocks."""

    def __init__(self, links):
        self.links = links
        self.parts = []

    def block_break(self):
        self.parts.append("\n\n")

    def walk(self, nodes):
        for node in nodes:
            if isinstance(node, str):
                self.parts.append(node)
            else:
                self.element(node)

    def element(self, element):
        tag = element.tag
        if tag in DROPPED:
            return
        if tag == "br":
            self.parts.append("\n")
        elif tag == "img":
            self.parts.append(element.get("alt"))
        elif tag == "a" and self.links:
            inner = _Writer(self.links)
            inner.walk(element.children)
            self.parts.append(_link_label(element, "".join(inner.parts)))
        elif tag == "blockquote":
            inner = _Writer(self.links)
            inner.walk(element.children)
            quoted = _tidy("".join(inner.parts))
            self.block_break()
            self.parts.append("\n".join(f"> {line}" if line else ">" for line in quoted.split("\n")))
            self.block_break()
        elif tag == "li":
            self.parts.append("\n- ")
            self.walk(element.children)
        elif tag in BLOCK:
            self.block_break()
            self.walk(element.children)
            self.block_break()
        else:
            self.walk(element.children)


def _tidy(text):
    lines = [SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def comment_text(html):
    """A WordPress comment (a little HTML, paragraphs as blank lines) as our plain text:
    paragraphs as blank lines, a link as its text followed by its address when they
    differ, quotes as "> " lines, list items as "- " lines, entities decoded, no tags."""
    writer = _Writer(links=True)
    writer.walk(parse((html or "").replace("\r\n", "\n")).children)
    return _tidy("".join(writer.parts))


def plain_text(html):
    """`html`'s text on one line: tags dropped, entities decoded, whitespace collapsed."""
    root = html if isinstance(html, Element) else parse(html or "")
    writer = _Writer(links=False)
    writer.walk(root.children)
    return " ".join("".join(writer.parts).split())


def first_sentences(text, limit=300):
    """As many whole sentences of `text` as fit in `limit` characters; a first
    sentence longer than that is cut at a word and ends with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    kept = ""
    for sentence in SENTENCE_END.split(text):
        candidate = f"{kept} {sentence}".strip()
        if len(candidate) > limit:
            break
        kept = candidate
    if kept:
        return kept
    return text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
