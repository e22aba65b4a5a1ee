"""A page's metadata for search engines and link previews (articles/seo.py
builds the pieces)."""
from django.utils.html import strip_tags
from django.utils.text import Truncator

from articles import feeds
from articles.seo import DESCRIPTION_LENGTH, PageMeta, breadcrumbs_ld, iso, share_image
from trillmag.conf import conf as site_conf
from trillmag.links import absolute_url


def page_meta(page):
    canonical = absolute_url(page.get_absolute_url())
    image = page.photo and {**share_image(page.photo), "alt": page.photo.alt_text}
    description = page.summary or Truncator(" ".join(strip_tags(page.body_html).split())).chars(DESCRIPTION_LENGTH)
    return PageMeta(
        title=f"{page.title} | {site_conf.SITE_NAME}",
        share_title=page.title,
        description=description,
        canonical=canonical,
        image=image,
        robots="" if page.is_published else "noindex",
        feeds=[feeds.ArticleFeed().alternate()],
        json_ld=[web_page_ld(page, canonical, description, image), breadcrumbs_ld((page.title, canonical))],
    )


def web_page_ld(page, canonical, description, image):
    data = {
        "@context": "https://schema.org",
        "@type": "WebPage",
        "@id": canonical,
        "url": canonical,
        "name": page.title,
        "description": description,
        "image": [image["url"]] if image else [],
        "dateModified": iso(page.updated_at),
        "isPartOf": {"@type": "WebSite", "name": site_conf.SITE_NAME, "url": absolute_url("/")},
    }
    return {key: value for key, value in data.items() if value not in (None, [])}
