"""Bodies (of articles, and of anything else written in the same editor) as
they are stored and as readers get them.

Photos: the editor stores a photo from the library as
`<figure><img src=... alt=... data-file="ID"><figcaption>...</figcaption></figure>`.
When the body is saved, each such photo becomes the site's responsive
`<picture>` with the photo's own credit line: the credit belongs to the photo,
the caption may vary with each use.

Embeds: as in WordPress, a provider's address (embeds.py) pasted on a line of
its own, bare or as a link, is stored as `<p data-embed="PROVIDER"><a
href=...>TITLE</a></p>` (a link's own text, when it is not the address, is
the embed's title), and readers get a facade that loads the player only
when clicked. The editor drops the mark when it loads the body, and the next
save puts it back: the mark is derived, never trusted.

The input is the sanitised body, whose serialisation (double-quoted
attributes, `"` escaped) the patterns rely on.
"""
import html
import re

from django.template.loader import render_to_string
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from . import embeds
from .sanitize import LINK_REL, sanitize_html

IMG = r'<img\b(?:\s+[\w:-]+(?:="[^"]*")?)*\s*/?>'
PHOTO = re.compile(rf"<figure>(?P<figure>.*?)</figure>|(?P<img>{IMG})", re.S)
IMG_TAG = re.compile(IMG)
ATTRIBUTE = re.compile(r'([\w:-]+)="([^"]*)"')
FIGCAPTION = re.compile(r"<figcaption>(.*?)</figcaption>", re.S)
# A paragraph holding nothing but one link, or one bare address.
LONE_ADDRESS = re.compile(
    r'<p(?: data-embed="[a-z]+")?>\s*(?:<a href="(?P<href>[^"]*)"[^>]*>(?P<text>(?:(?!</a>).)*)</a>'
    r"|(?P<bare>https?://[^\s<]+))\s*</p>",
    re.S,
)
EMBED = re.compile(r'<p data-embed="(?P<key>[a-z]+)"><a href="(?P<href>[^"]*)"[^>]*>(?P<text>.*?)</a></p>', re.S)


def _attributes(img_tag):
    return {name: html.unescape(value) for name, value in ATTRIBUTE.findall(img_tag)}


def _photo_id(img_tag):
    value = _attributes(img_tag).get("data-file", "")
    return int(value) if value.isdigit() else None


def images_in(body):
    """Every <img> of the body as (library photo id or None, attributes)."""
    return [(_photo_id(tag), _attributes(tag)) for tag in IMG_TAG.findall(body)]


def photo_ids(body):
    return {photo_id for photo_id, _ in images_in(body) if photo_id is not None}


def lone_addresses(body):
    """(address, link text) of every paragraph that holds only an address."""
    for match in LONE_ADDRESS.finditer(body):
        address = html.unescape(match["href"] if match["bare"] is None else match["bare"])
        yield match, address, match["text"] if match["bare"] is None else match["bare"]


def mark_embeds(body):
    """`body` with each paragraph holding only a known provider's address
    marked as an embed, and every other paragraph unmarked."""
    marked, at = [], 0
    for match, address, text in lone_addresses(body):
        embed = embeds.find(address)
        if embed is None:
            replacement = re.sub(r'^<p data-embed="[a-z]+">', "<p>", match[0])
        else:
            replacement = (
                f'<p data-embed="{embed.provider.key}"><a href="{escape(address)}" rel="{LINK_REL}">{text}</a></p>'
            )
        marked += [body[at : match.start()], replacement]
        at = match.end()
    return "".join(marked) + body[at:]


def clean_body(body):
    """What a body is stored as: sanitised (sanitize.py), its embeds marked."""
    return mark_embeds(sanitize_html(body))


def embeds_in(body):
    """(address, Embed) of every marked paragraph of a stored body."""
    found = [(html.unescape(match["href"]), match) for match in EMBED.finditer(body)]
    return [(address, embed) for address, _ in found if (embed := embeds.find(address))]


def impersonating_addresses(body):
    """(address, provider) of lone addresses that only look like a provider's."""
    return [
        (address, provider)
        for _match, address, _text in lone_addresses(body)
        if (provider := embeds.impersonates(address))
    ]


def render_body(body, photos, posters=None):
    """`body` with every library photo (`photos`: id -> Image) as a credited
    <picture> and every embed as its facade (`posters`: a provider page's
    address -> the library photo shown before the player loads)."""
    posters = posters or {}

    def photo(match):
        img_tag = IMG_TAG.search(match.group(0))
        image = photos.get(_photo_id(img_tag.group(0))) if img_tag else None
        if image is None:
            return match.group(0)
        caption = FIGCAPTION.search(match.group("figure") or "")
        return render_to_string(
            "articles/body_photo.html",
            {
                "image": image,
                "alt": _attributes(img_tag.group(0)).get("alt", ""),
                # Already sanitised with the rest of the body.
                "caption": mark_safe(caption.group(1).strip()) if caption else "",
            },
        ).strip()

    def embed(match):
        found = embeds.find(html.unescape(match["href"]))
        if found is None:
            return match.group(0)
        text = html.unescape(strip_tags(match["text"])).strip()
        return render_to_string(
            "articles/body_embed.html",
            {
                "embed": found,
                "title": text if text and text != html.unescape(match["href"]) else "",
                "poster": posters.get(found.url),
            },
        ).strip()

    return EMBED.sub(embed, PHOTO.sub(photo, body))
