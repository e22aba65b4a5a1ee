"""Word-by-word differences of two texts, marked for the compare page.

Bodies are compared as the words readers read, not as HTML: html_text()
keeps paragraph breaks and names photos by their alt text, so a change of
markup alone shows no difference and a changed word is marked as a word.
"""
import re
from difflib import SequenceMatcher
from html.parser import HTMLParser

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

# Words and the spaces between them are tokens of their own, so the marks sit
# on words and the text keeps its line breaks.
TOKENS = re.compile(r"\s+|[^\s]+")
BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "figure", "figcaption", "div", "ul", "ol", "br"}


class _TextOf(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self.parts.append("\n\n")
        if tag == "img":
            alt = dict(attrs).get("alt") or "no description"
            self.parts.append(f"[Photo: {alt}]")

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        self.parts.append(re.sub(r"\s+", " ", data))  # as a browser shows it: line breaks in the source are spaces


def html_text(html):
    """The text of an HTML body, one blank line between blocks."""
    parser = _TextOf()
    parser.feed(html or "")
    parser.close()
    return re.sub(r" *(\n\n *)+", "\n\n", "".join(parser.parts)).strip()


def _marked(tokens, tag):
    """The tokens in <tag>, whitespace left outside so marks never span lines."""
    out = []
    for token in tokens:
        out.append(escape(token) if token.isspace() else format_html("<{}>{}</{}>", tag, token, tag))
    return "".join(out)


def word_diff(before, after):
    """(before, after) as safe HTML: words only in `before` in <del>, words
    only in `after` in <ins>, everything escaped."""
    old, new = TOKENS.findall(before or ""), TOKENS.findall(after or "")
    left, right = [], []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            left.append(escape("".join(old[i1:i2])))
            right.append(escape("".join(new[j1:j2])))
        else:
            left.append(_marked(old[i1:i2], "del"))
            right.append(_marked(new[j1:j2], "ins"))
    return mark_safe("".join(left)), mark_safe("".join(right))


def paragraph_diff(before, after, context=1):
    """word_diff() of two texts paragraph by paragraph: a run of unchanged
    paragraphs is shown as how many there are, but for `context` paragraphs
    next to each change, so a long body shows what changed and where."""
    old = [p for p in (before or "").split("\n\n") if p]
    new = [p for p in (after or "").split("\n\n") if p]
    left, right = [], []
    operations = SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    for n, (op, i1, i2, j1, j2) in enumerate(operations):
        if op != "equal":
            marked_old, marked_new = word_diff("\n\n".join(old[i1:i2]), "\n\n".join(new[j1:j2]))
            left += [marked_old] if i2 > i1 else []
            right += [marked_new] if j2 > j1 else []
            continue
        same = [escape(paragraph) for paragraph in old[i1:i2]]
        head = context if n > 0 else 0
        tail = context if n < len(operations) - 1 else 0
        hidden = len(same) - head - tail
        if hidden > 1:
            skipped = format_html('<span class="unchanged">({} unchanged paragraphs)</span>', hidden)
            same = same[:head] + [skipped] + (same[-tail:] if tail else [])
        left += same
        right += same
    return mark_safe("\n\n".join(left)), mark_safe("\n\n".join(right))


def list_diff(before, after):
    """(before, after) as safe HTML lists of items, removed items in <del>
    on the left and added ones in <ins> on the right; order kept."""
    gone, added = set(before) - set(after), set(after) - set(before)

    def items(values, changed, tag):
        if not values:
            return "–"
        return ", ".join(format_html("<{}>{}</{}>", tag, value, tag) if value in changed else escape(value) for value in values)

    return mark_safe(items(before, gone, "del")), mark_safe(items(after, added, "ins"))
