"""What search engines, feed readers and link previews read about a page:
title, description, canonical URL, Open Graph and Twitter card tags, feed
links and JSON-LD. Views build a `PageMeta`; base.html prints it.

Every URL here is absolute and built from settings.SITE_URL, never from the
request's host.
"""
from dataclasses import dataclass, field

from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import to_locale

from trillmag.conf import conf as site_conf
from trillmag.conf import social_links
from trillmag.links import absolute_url

LOGO = {"path": "img/logo.png", "width": 512, "height": 512}
DESCRIPTION_LENGTH = 160
HEADLINE_LENGTH = 110  # the most Google shows of a NewsArticle headline
OG_IMAGE_KEYS = [("", "url"), (":width", "width"), (":height", "height"), (":alt", "alt")]


# Link previews and structured data use a copy about this wide (what Facebook and Google ask for).
SHARE_IMAGE_WIDTH = 1200


def share_image(image):
    """The absolute URL and size of the copy of a photo that previews,
    structured data and feeds show."""
    copy = image.rendition(SHARE_IMAGE_WIDTH)
    return {**copy, "url": absolute_url(copy["url"])}


def page_suffix(page_number):
    return f" (page {page_number})" if page_number > 1 else ""


@dataclass
class PageMeta:
    title: str
    description: str
    canonical: str
    share_title: str = ""
    og_type: str = "website"
    image: dict | None = None
    robots: str = ""
    article_tags: list = field(default_factory=list)
    json_ld: list = field(default_factory=list)
    # {"title", "url"} of the RSS feeds to announce (feeds.ArticleFeed.alternate()).
    feeds: list = field(default_factory=list)
    twitter_card: str = field(init=False, default="summary")

    def __post_init__(self):
        self.description = Truncator(" ".join(self.description.split())).chars(DESCRIPTION_LENGTH)
        self.share_title = self.share_title or self.title
        # A page without a photo of its own is previewed with the logo, small.
        self.twitter_card = "summary_large_image" if self.image else "summary"
        self.image = self.image or logo_image()

    @property
    def meta_tags(self):
        """(attribute, key, content) for every Open Graph and Twitter tag."""
        tags = [
            ("property", "og:site_name", site_conf.SITE_NAME),
            ("property", "og:locale", to_locale(settings.LANGUAGE_CODE)),
            ("property", "og:type", self.og_type),
            ("property", "og:title", self.share_title),
            ("property", "og:description", self.description),
            ("property", "og:url", self.canonical),
        ]
        tags += [("property", f"og:image{key}", self.image[name]) for key, name in OG_IMAGE_KEYS]
        tags += [("property", key, value) for key, value in self.article_tags if value]
        return tags + [
            ("name", "twitter:card", self.twitter_card),
            ("name", "twitter:title", self.share_title),
            ("name", "twitter:description", self.description),
            ("name", "twitter:image", self.image["url"]),
            ("name", "twitter:image:alt", self.image["alt"]),
        ]


def iso(moment):
    return moment.replace(microsecond=0).isoformat() if moment else None


def home_url():
    return absolute_url(reverse("articles:home"))


def logo_image():
    return {
        "url": absolute_url(static(LOGO["path"])),
        "width": LOGO["width"],
        "height": LOGO["height"],
        "alt": f"{site_conf.SITE_NAME} logo",
    }


def organization_ld():
    return {
        "@type": "Organization",
        "name": site_conf.SITE_NAME,
        "url": home_url(),
        "logo": {"@type": "ImageObject", **{key: logo_image()[key] for key in ("url", "width", "height")}},
        "sameAs": [url for _label, url in social_links()],
    }


def website_ld():
    search = absolute_url(reverse("articles:search"))
    return {
        "@context": "https://schema.org",
        "@type": "WebSite",
        "name": site_conf.SITE_NAME,
        "description": site_conf.SITE_TAGLINE,
        "url": home_url(),
        "publisher": organization_ld(),
        "potentialAction": {
            "@type": "SearchAction",
            "target": {"@type": "EntryPoint", "urlTemplate": f"{search}?q={{search_term_string}}"},
            "query-input": "required name=search_term_string",
        },
    }


def breadcrumbs_ld(*crumbs):
    """A BreadcrumbList from the front page through `crumbs` ((name, url) pairs)."""
    trail = [(site_conf.SITE_NAME, home_url()), *crumbs]
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name, "item": url}
            for position, (name, url) in enumerate(trail, start=1)
        ],
    }


def home_meta(page_number):
    meta = PageMeta(
        title=f"{site_conf.SITE_NAME}: {site_conf.SITE_TAGLINE}"
        if page_number == 1
        else f"Latest articles{page_suffix(page_number)} | {site_conf.SITE_NAME}",
        description=f"{site_conf.SITE_TAGLINE}. The latest stories from {site_conf.SITE_NAME}"
        + (f", page {page_number}." if page_number > 1 else "."),
        canonical=absolute_url(reverse("articles:home"), page=page_number if page_number > 1 else None),
    )
    if page_number == 1:
        meta.json_ld = [website_ld()]
    return meta


def listing_meta(*, name, description, path, page_number, feed, above=()):
    """A section, tag or author page: `name` leads its title and ends its
    breadcrumb, after `above` ((name, path) of the sections it sits in)."""
    url = absolute_url(path)
    return PageMeta(
        title=f"{name}{page_suffix(page_number)} | {site_conf.SITE_NAME}",
        description=description + (f" Page {page_number}." if page_number > 1 else ""),
        canonical=absolute_url(path, page=page_number if page_number > 1 else None),
        json_ld=[breadcrumbs_ld(*((crumb, absolute_url(at)) for crumb, at in above), (name, url))],
        feeds=[feed],
    )


def describe_category(category):
    return category.description or f"The latest {category.name} stories from {site_conf.SITE_NAME}."


def describe_tag(tag):
    return f"Articles about {tag.name} from {site_conf.SITE_NAME}."


def describe_author(author):
    return author.bio or f"Articles by {author.name} for {site_conf.SITE_NAME}."


def category_meta(category, page_number, feed):
    return listing_meta(
        name=category.name,
        description=describe_category(category),
        path=category.get_absolute_url(),
        page_number=page_number,
        feed=feed,
        above=category.ancestors,
    )


def tag_meta(tag, page_number, feed):
    return listing_meta(
        name=f"Tagged “{tag.name}”",
        description=describe_tag(tag),
        path=reverse("articles:tag", args=[tag.slug]),
        page_number=page_number,
        feed=feed,
    )


def author_meta(author, page_number, feed):
    return listing_meta(
        name=author.name,
        description=describe_author(author),
        path=author.get_absolute_url(),
        page_number=page_number,
        feed=feed,
    )


def search_meta(query, page_number):
    return PageMeta(
        title=(f"Search results for “{query}”" if query else "Search")
        + f"{page_suffix(page_number)} | {site_conf.SITE_NAME}",
        description=f"Articles from {site_conf.SITE_NAME} matching “{query}”{page_suffix(page_number)}."
        if query
        else f"Search the articles of {site_conf.SITE_NAME}.",
        canonical=absolute_url(
            reverse("articles:search"), q=query, page=page_number if page_number > 1 else None
        ),
        robots="noindex, follow",
    )


def article_meta(article, tags):
    """An article page; `tags` are the article's tags, already loaded."""
    canonical = absolute_url(article.get_absolute_url())
    photo = article.featured_image
    image = photo and {**share_image(photo), "alt": photo.alt_text}
    share_title = article.seo_title or article.title
    return PageMeta(
        title=f"{share_title} | {site_conf.SITE_NAME}",
        share_title=share_title,
        description=article.seo_description or article.standfirst,
        canonical=canonical,
        og_type="article",
        image=image,
        robots="" if article.is_live else "noindex",
        article_tags=[
            ("article:published_time", iso(article.published_at)),
            ("article:modified_time", iso(article.updated_at)),
            ("article:section", article.category.name),
            *[("article:author", absolute_url(author.get_absolute_url())) for author in article.authors_in_order],
            *[("article:tag", tag.name) for tag in tags],
        ],
        json_ld=[
            news_article_ld(article, tags, canonical, image),
            breadcrumbs_ld(
                *((name, absolute_url(path)) for name, path in article.category.ancestors),
                (article.category.name, absolute_url(article.category.get_absolute_url())),
                (article.title, canonical),
            ),
        ],
    )


def news_article_ld(article, tags, canonical, image):
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical},
        "url": canonical,
        "headline": Truncator(article.seo_title or article.title).chars(HEADLINE_LENGTH),
        "description": article.seo_description or article.standfirst,
        "image": [image["url"]] if image else [],
        "author": [
            {"@type": "Person", "name": author.name, "url": absolute_url(author.get_absolute_url())}
            for author in article.authors_in_order
        ],
        "publisher": organization_ld(),
        "datePublished": iso(article.published_at),
        "dateModified": iso(article.updated_at),
        "articleSection": article.category.name,
        "keywords": [tag.name for tag in tags],
    }
    return {key: value for key, value in data.items() if value not in (None, [])}
