"""The HTML policy for article bodies.

Bodies are written by staff in a rich-text editor, but whatever the browser
sends is cleaned here before it is stored: only the structure a news article
needs survives, and no script, style or event handler ever reaches a reader.
"""
import nh3

from .embeds import BY_KEY as EMBED_PROVIDERS

ALLOWED_TAGS = {
    "p", "br", "hr",
    "h2", "h3", "h4",
    "strong", "b", "em", "i", "u", "s", "sub", "sup", "small", "mark",
    "a", "ul", "ol", "li", "blockquote", "q", "cite", "pre", "code",
    "figure", "figcaption", "img",
    "table", "thead", "tbody", "tr", "th", "td", "caption",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    # data-file: the id of a library photo placed by the editor (see body.py).
    "img": {"src", "alt", "width", "height", "loading", "data-file"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start", "reversed"},
}
# A paragraph holding only a provider's address is marked as an embed
# (body.mark_embeds()); the mark may name a known provider and nothing else.
ALLOWED_ATTRIBUTE_VALUES = {"p": {"data-embed": set(EMBED_PROVIDERS)}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer"


def sanitize_html(html: str) -> str:
    """Return `html` reduced to the tags, attributes and URL schemes above."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        tag_attribute_values=ALLOWED_ATTRIBUTE_VALUES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )
