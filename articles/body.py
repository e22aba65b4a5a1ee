"""Article bodies as readers get them.

The editor stores a photo from the library as
`<figure><img src=... alt=... data-file="ID"><figcaption>...</figcaption></figure>`.
When the article is saved, each such photo becomes the site's responsive
`<picture>` with the photo's own credit line: the credit belongs to the photo,
the caption may vary with each use. The input is the sanitised body, whose
serialisation (double-quoted attributes, `"` escaped) the patterns rely on.
"""
import html
import re

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

IMG = r'<img\b(?:\s+[\w:-]+(?:="[^"]*")?)*\s*/?>'
PHOTO = re.compile(rf"<figure>(?P<figure>.*?)</figure>|(?P<img>{IMG})", re.S)
IMG_TAG = re.compile(IMG)
ATTRIBUTE = re.compile(r'([\w:-]+)="([^"]*)"')
FIGCAPTION = re.compile(r"<figcaption>(.*?)</figcaption>", re.S)


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


def render_body(body, photos):
    """`body` with every library photo (`photos`: id -> Image) as a credited <picture>."""

    def replace(match):
        img_tag = IMG_TAG.search(match.group(0))
        photo = photos.get(_photo_id(img_tag.group(0))) if img_tag else None
        if photo is None:
            return match.group(0)
        caption = FIGCAPTION.search(match.group("figure") or "")
        return render_to_string(
            "articles/body_photo.html",
            {
                "image": photo,
                "alt": _attributes(img_tag.group(0)).get("alt", ""),
                # Already sanitised with the rest of the body.
                "caption": mark_safe(caption.group(1).strip()) if caption else "",
            },
        ).strip()

    return PHOTO.sub(replace, body)
