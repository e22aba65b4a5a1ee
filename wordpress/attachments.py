"""What WordPress knows about a photo (an `attachment` item), and where its file is.

WordPress keeps an attachment's caption in its excerpt, its description in its
content, its alt text in the `_wp_attachment_image_alt` meta, its file's path
under `wp-content/uploads/` in `_wp_attached_file`, and the photo's embedded
IPTC data (credit, copyright, caption, title) in `_wp_attachment_metadata`,
a PHP-serialised array.
"""
import re
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from .credits import split_credit
from .phpserial import UnserializeError, unserialize

UPLOADS = "/wp-content/uploads/"
# WordPress names resized copies "photo-300x200.jpg" and big originals' copies "photo-scaled.jpg".
RESIZED = re.compile(r"-(?:\d+x\d+|scaled|rotated)(?=\.[A-Za-z0-9]+$)")


class PhotoDetails(NamedTuple):
    alt: str
    caption: str  # without the credit
    credit: str
    title: str
    description: str
    path: str  # relative to wp-content/uploads/ ("2020/01/photo.jpg"), "" when unknown


def image_meta(item):
    """The `image_meta` array of `_wp_attachment_metadata` (empty when absent or unreadable)."""
    raw = item.meta.get("_wp_attachment_metadata", "")
    if not raw:
        return {}
    try:
        metadata = unserialize(raw)
    except UnserializeError:
        return {}
    meta = metadata.get("image_meta") if isinstance(metadata, dict) else None
    return {key: value for key, value in meta.items() if isinstance(value, str)} if isinstance(meta, dict) else {}


def photo_details(item):
    """Alt text, caption, credit, title, description and upload path of an attachment.

    The credit comes from the photo's own data (IPTC credit, then copyright) or,
    failing that, from the end of its caption (see credits.py).
    """
    embedded = image_meta(item)
    caption, credit_in_caption = split_credit(item.excerpt)
    credit = embedded.get("credit", "").strip() or embedded.get("copyright", "").strip() or credit_in_caption
    return PhotoDetails(
        alt=item.meta.get("_wp_attachment_image_alt", "").strip(),
        caption=caption,
        credit=credit,
        title=item.title,
        description=item.content,
        path=item.meta.get("_wp_attached_file", "").strip().lstrip("/") or upload_path(item.attachment_url or ""),
    )


def upload_path(url):
    """The path of an uploaded file relative to the uploads folder: what follows
    `wp-content/uploads/`, or the whole path for hosts that serve uploads at the
    root (WordPress.com's files.wordpress.com)."""
    path = unquote(urlsplit(url.strip()).path)
    if UPLOADS in path:
        return path.split(UPLOADS, 1)[1]
    return path.lstrip("/")


def original_path(path):
    """The original's upload path for a resized copy's (`2020/01/photo-300x200.jpg` → `2020/01/photo.jpg`)."""
    return RESIZED.sub("", path)
