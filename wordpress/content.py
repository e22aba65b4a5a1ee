"""WordPress bodies as Trill! Mag bodies.

    body = convert_body(item.content, photo=find_photo, rewrite_url=new_url, embed=make_embed)
    body.html     # sanitised, in the editor's stored form
    body.notes    # what could not come over, for the import report
    body.photos   # library photo ids in the order the body shows them
    body.credits  # photo id -> credit found in a caption (credits belong to photos)

The caller supplies three callbacks, so this module never touches the database:

- `photo(src_url, attachment_id) -> (photo_id, alt[, src]) or None` resolves an
  image to a library photo (the attachment id comes from a `wp-image-123` class,
  a caption's `attachment_123` id or a gallery; the URL is "" for gallery photos).
  A resolved image becomes `<figure><img src alt data-file="ID"><figcaption>…`
  (articles/body.py renders it with the photo's own credit); the image's own alt
  text wins over the photo's, and `src` (when given) replaces the old URL. An
  unresolved image is dropped and noted.
- `rewrite_url(url) -> new url or None` is asked about every link (None keeps it).
- `embed(url) -> html or None` for `[embed]` URLs, URLs alone on their own line,
  block-editor embeds and iframes; None gives a plain link. Its HTML goes
  through the sanitiser like everything else.

What happens to the markup, in order: HTML comments go (Gutenberg's block
delimiters and `<!--more-->`/`<!--nextpage-->` with them; the blocks' content
stays), shortcodes are expanded (`[caption]`, `[gallery]`, `[embed]`; any other
is removed, its content kept, and noted), embeds and photos are resolved,
paragraphs are added for classic-editor posts (autop.py; never for block-editor
posts, which carry their own), figures are lifted out of paragraphs and empty
paragraphs dropped, links are rewritten, headings fit the body's h2–h4, and
`articles.sanitize.sanitize_html` has the last word.
"""
import html
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from articles.sanitize import sanitize_html

from . import shortcodes
from .autop import autop
from .credits import split_credit
from .html import BLOCK, Element, is_block, merge_text, parse, serialise, strip_blank
from .text import comment_text, first_sentences, plain_text

__all__ = [
    "Body", "PhotoRef", "comment_text", "convert_body", "first_sentences", "plain_text", "split_credit",
]

BLOCK_DELIMITER = re.compile(r"<!--\s*/?wp:")
DYNAMIC_BLOCK = re.compile(r"<!--\s*wp:([a-z][\w/-]*)[^>]*?/-->")
COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
CAPTION_IMAGE = re.compile(r"^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?)(.*)$", re.S | re.I)
ATTACHMENT_CLASS = re.compile(r"^wp-image-(\d+)$")
DIGITS = re.compile(r"(\d+)")
URL_LINE = re.compile(r"https?://[^\s<>\"]+", re.I)
NO_AUTOEMBED = frozenset({"a", "pre", "code", "script", "style", "textarea", "wp-embed", "figcaption"})
MEDIA = frozenset({"video", "audio", "object", "embed"})
# Never part of a body: dropped with their content before paragraphs are made.
DROPPED = frozenset({"script", "style", "noscript", "template", "head", "title", "meta", "link"})
HEADINGS = {"h1": "h2", "h5": "h4", "h6": "h4"}


class PhotoRef(NamedTuple):
    """What the `photo` callback returns: a library photo's id, its alt text and,
    optionally, the URL the editor should show."""

    id: int
    alt: str = ""
    src: str = ""


@dataclass
class Body:
    html: str
    notes: list = field(default_factory=list)
    photos: list = field(default_factory=list)
    credits: dict = field(default_factory=dict)


def convert_body(content, *, photo, rewrite_url=None, embed=None, gallery_ids=()):
    """`content` (a WordPress post's content) as a sanitised Trill! Mag body.

    `gallery_ids`: the attachments whose parent is this post, which a
    `[gallery]` naming no photos shows (as WordPress does).
    """
    return _Converter(photo, rewrite_url, embed, gallery_ids).convert(content or "")


class _Converter:
    def __init__(self, photo, rewrite_url, embed, gallery_ids):
        self.photo = photo
        self.rewrite_url = rewrite_url
        self.embed = embed
        self.gallery_ids = [int(value) for value in gallery_ids]
        self.body = Body(html="")

    def note(self, text):
        if text not in self.body.notes:
            self.body.notes.append(text)

    def convert(self, content):
        text = content.replace("\r\n", "\n").replace("\r", "\n")
        has_blocks = bool(BLOCK_DELIMITER.search(text))
        for name in DYNAMIC_BLOCK.findall(text):
            self.note(f"block wp:{name} not imported (WordPress builds it when the page is shown)")
        text = COMMENT.sub("", text)
        text = shortcodes.expand(text, self._shortcode)
        root = parse(text)
        _replace(root, self._media)
        self._bare_urls(root)
        _replace(root, self._photos)
        if not has_blocks:
            autop(root)
        _tidy_paragraphs(root)
        self._finish(root)
        root.children = ["\n" if isinstance(node, str) and not node.strip() else node for node in root.children]
        self.body.html = sanitize_html(serialise(root)).strip()
        return self.body

    # Shortcodes ---------------------------------------------------------------------------

    def _shortcode(self, code):
        if code.name in ("caption", "wp_caption"):
            return self._caption(code)
        if code.name == "gallery":
            return self._gallery(code)
        if code.name == "embed":
            url = html.unescape((code.content or code.attrs.get(0, "")).strip())
            return f'<wp-embed data-url="{html.escape(url)}"></wp-embed>' if url else ""
        self.note(f"unsupported shortcode [{code.name}]")
        return shortcodes.expand(code.content, self._shortcode) if code.content else ""

    def _caption(self, code):
        inner = code.content or ""
        match = CAPTION_IMAGE.match(inner)
        image, caption = (match[1], match[2].strip()) if match else (inner, "")
        caption = code.attrs.get("caption", caption)
        attachment = DIGITS.search(code.attrs.get("id", ""))
        attribute = f' data-wp-attachment="{attachment[1]}"' if attachment else ""
        figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
        return f"<figure{attribute}>{image}{figcaption}</figure>"

    def _gallery(self, code):
        named = code.attrs.get("ids") or code.attrs.get("include") or ""
        ids = [int(value) for value in DIGITS.findall(named)] or self.gallery_ids
        if not ids:
            self.note("a [gallery] with no photos was left out")
        return "".join(f'<figure><img data-wp-attachment="{value}"></figure>' for value in ids)

    # Embeds -------------------------------------------------------------------------------

    def _embed_nodes(self, url, noted_as=""):
        markup = self.embed(url) if self.embed else None
        if markup:
            return parse(markup).children
        if noted_as:
            self.note(f"{noted_as} {url} became a link")
        return [Element("a", {"href": url}, [url])]

    def _media(self, element):
        if element.tag in DROPPED:
            return []
        if element.tag == "wp-embed":
            return self._embed_nodes(element.get("data-url"))
        if element.tag == "figure" and any(name.startswith("wp-block-embed") for name in element.classes()):
            caption = next((child for child in element.children if _is(child, "figcaption")), None)
            url = URL_LINE.search("".join(child if isinstance(child, str) else child.text()
                                          for child in element.children if child is not caption))
            nodes = self._embed_nodes(url[0]) if url else []
            if caption is not None and caption.text().strip():
                nodes.append(Element("p", children=caption.children))
            return nodes
        if element.tag == "iframe":
            src = element.get("src").strip()
            if src.startswith("//"):
                src = "https:" + src
            if not URL_LINE.fullmatch(src):
                return []
            return self._embed_nodes(src, noted_as="embedded frame")
        if element.tag in MEDIA:
            source = element.get("src") or element.get("data") or next(
                (node.get("src") for node in element.iter() if node.tag == "source" and node.get("src")), ""
            )
            self.note(f"{element.tag} not imported: {source or 'no file named'}")
            return [Element("p", children=[Element("a", {"href": source}, [source])])] if source else []
        return None

    def _bare_urls(self, element):
        """A URL alone on its own line becomes an embed or a link (WordPress's autoembed)."""
        if element.tag in NO_AUTOEMBED:
            return
        children, out = element.children, []
        for index, child in enumerate(children):
            if isinstance(child, Element):
                self._bare_urls(child)
                out.append(child)
                continue
            if element.tag != "#root" and element.tag not in BLOCK:
                out.append(child)
                continue
            before = children[index - 1] if index else None
            after = children[index + 1] if index + 1 < len(children) else None
            lines = child.split("\n")
            for number, line in enumerate(lines):
                alone = (number or _line_edge(before)) and (number < len(lines) - 1 or _line_edge(after))
                prefix = "\n" if number else ""
                if alone and URL_LINE.fullmatch(line.strip()):
                    out.append(prefix)
                    out.extend(self._embed_nodes(line.strip()))
                else:
                    out.append(prefix + line)
        element.children = merge_text(out)

    # Photos -------------------------------------------------------------------------------

    def _photos(self, element):
        if element.tag == "figure":
            return self._figure(element)
        if element.tag == "img":
            return self._image(element)
        if element.tag == "a":
            inside = strip_blank(element.children)
            if len(inside) == 1 and _is(inside[0], "img"):
                return self._image(inside[0])
        return None

    def _figure(self, figure):
        caption = next((child for child in reversed(figure.children) if _is(child, "figcaption")), None)
        parts = _figure_parts([child for child in figure.children if child is not caption])
        if not parts:
            return None  # a table, a quote: kept as it is
        if len(parts) == 1 and parts[0].tag == "img":
            return self._image(parts[0], caption, figure.get("data-wp-attachment") or None)
        nodes = []
        for part in parts:
            converted = self._figure(part) if part.tag == "figure" else self._image(part)
            nodes.extend([part] if converted is None else converted)
        if caption is not None and caption.text().strip():
            nodes.append(Element("p", children=caption.children))
        return nodes

    def _image(self, img, caption=None, attachment=None):
        src = img.get("src").strip()
        attachment = attachment or img.get("data-wp-attachment") or img.get("data-id") or next(
            (match[1] for name in img.classes() if (match := ATTACHMENT_CLASS.match(name))), None
        )
        attachment = int(attachment) if attachment and str(attachment).isdigit() else None
        found = self.photo(src, attachment)
        if found is None:
            self.note(f"missing photo {src or f'(attachment {attachment})'}")
            return []
        found = PhotoRef(*found)
        self.body.photos.append(found.id)
        alt = img.get("alt").strip() or found.alt
        attrs = {"src": found.src or src, "alt": alt, "data-file": str(found.id)}
        children = [Element("img", {name: value for name, value in attrs.items() if value or name == "alt"})]
        if caption is not None:
            text, credit = split_credit(plain_text(caption))
            if credit:
                self.body.credits.setdefault(found.id, credit)
            words = [text] if credit else strip_blank(caption.children)
            if text:
                children.append(Element("figcaption", children=words))
        return [Element("figure", children=children)]

    # Links and headings -------------------------------------------------------------------

    def _finish(self, element):
        for node in element.iter():
            node.tag = HEADINGS.get(node.tag, node.tag)
            if node.tag == "a" and self.rewrite_url and node.get("href"):
                old = node.get("href").strip()
                new = self.rewrite_url(old)
                if new is not None:
                    node.attrs["href"] = new
                    if node.text().strip() == old:  # a bare address shows the new one
                        node.children = [new]


def _is(node, tag):
    return isinstance(node, Element) and node.tag == tag


def _line_edge(node):
    """Whether `node`, beside a text node, ends the line there (or there is none)."""
    return node is None or is_block(node) or _is(node, "br")


def _replace(element, replace):
    """Walk the tree; where `replace(child)` gives a list, it takes the child's place."""
    children = []
    for child in element.children:
        result = replace(child) if isinstance(child, Element) else None
        if result is None:
            if isinstance(child, Element):
                _replace(child, replace)
            children.append(child)
        else:
            children.extend(result)
    element.children = merge_text(children)


def _figure_parts(nodes):
    """The figures and images in `nodes`, in order, not looking inside a figure."""
    parts = []
    for node in nodes:
        if isinstance(node, Element):
            if node.tag in ("figure", "img"):
                parts.append(node)
            else:
                parts.extend(_figure_parts(node.children))
    return parts


def _tidy_paragraphs(element):
    """A figure cannot live in a paragraph: the paragraph is split around it.
    Paragraphs left with nothing to show (WordPress's `<p>&nbsp;</p>`) go."""
    children = []
    for child in element.children:
        if not isinstance(child, Element):
            children.append(child)
            continue
        _tidy_paragraphs(child)
        if child.tag != "p":
            children.append(child)
            continue
        run = []
        for node in child.children + [None]:
            if node is None or _is(node, "figure"):
                if _shows_something(run):
                    children.append(Element("p", child.attrs, strip_blank(run)))
                run = []
                if node is not None:
                    children.append(node)
            else:
                run.append(node)
    element.children = children


def _shows_something(nodes):
    return any(
        node.strip() if isinstance(node, str) else node.tag == "img" or node.text().strip() or _shows_something(
            [child for child in node.children if isinstance(child, Element)])
        for node in nodes
    )
