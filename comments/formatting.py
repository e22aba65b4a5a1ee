"""Comment bodies are plain text. This formats one as the HTML readers see:
everything escaped, paragraphs and line breaks kept, bare links made clickable
and marked as user content that search engines should not follow."""
import nh3
from django.utils.html import linebreaks, urlize

LINK_REL = "nofollow ugc noopener"


def format_body(text: str) -> str:
    html = linebreaks(urlize(text, autoescape=True), autoescape=False)
    return nh3.clean(
        html,
        tags={"p", "br", "a"},
        attributes={"a": {"href"}},
        url_schemes={"http", "https", "mailto"},
        link_rel=LINK_REL,
        strip_comments=True,
    )


def count_links(html: str) -> int:
    return html.count("<a ")
