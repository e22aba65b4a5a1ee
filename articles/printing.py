"""Article cards, photos and bylines as HTML, printed in Python.

They used to be templates including each other (a card includes a picture
and a byline): for a listing's 10-20 cards the template engine's includes,
context pushes and lookups cost about a millisecond per card. These print
the same markup with a few format strings, reading each field once. Every
value from the database goes through `escape` before it is printed; addresses
come from the models' get_absolute_url(), dates from the `dates` library.
Templates print them with the `articles` library (templatetags/articles.py).
"""
from html import escape  # what Django's escape() prints, without its checks for lazy strings (most of its cost)

from django.utils.timezone import get_current_timezone, localtime
from django.utils.translation import get_language

# `formatted` is news_date's memory of printed dates, called with the language looked up once per printer.
from trillmag.templatetags.dates import NEWS_DATE, formatted, machine_date

from .models import join_names

PICTURE = (
    "<picture>{source}"
    '<img src="{src}"{srcset} alt="{alt}" width="{width}" height="{height}" class="{classes}" {loading} decoding="async">'
    "</picture>"
)
WEBP_SOURCE = '<source type="image/webp" srcset="{srcset}" sizes="{sizes}">'
SRCSET = ' srcset="{srcset}" sizes="{sizes}"'
EAGER, LAZY = 'fetchpriority="high"', 'loading="lazy"'

BYLINE = '<p class="byline">{by}{authors}{date}</p>'
AUTHOR = '<a href="{url}"{rel}>{name}</a>'
DATE = ' &middot; <time datetime="{machine_date}">{news_date}</time>'

CARD = (
    '<article class="card">{media}<div class="card-body">'
    '<a class="kicker" href="{section_url}">{section}</a>'
    '<{heading} class="card-title"><a href="{url}">{title}</a></{heading}>'
    '<p class="card-standfirst">{standfirst}</p>'
    "{byline}</div></article>\n"
)
CARD_MEDIA = '<a class="card-media" href="{url}" tabindex="-1" aria-hidden="true">{picture}</a>'
CARD_SIZES = "(min-width: 72rem) 17rem, (min-width: 36rem) 50vw, 100vw"


def picture(image, alt="", sizes="", eager=False, class_name=""):
    """A library photo with its renditions (nothing for no photo): `alt`
    replaces the photo's own text when not empty, `sizes` is for its srcset
    (default 100vw), `eager` for one above the fold (not lazy), `class_name`
    is added to the focal point's classes."""
    if not image:
        return ""
    sizes = escape(sizes or "100vw")
    webp_srcset, srcset = image.webp_srcset, image.srcset
    return PICTURE.format(
        source=WEBP_SOURCE.format(srcset=escape(webp_srcset), sizes=sizes) if webp_srcset else "",
        src=escape(image.src),
        srcset=SRCSET.format(srcset=escape(srcset), sizes=sizes) if srcset else "",
        alt=escape(alt or image.alt_text),
        width=image.width,
        height=image.height,
        classes=f"{image.focus_classes} {escape(class_name)}" if class_name else image.focus_classes,
        loading=EAGER if eager else LAZY,
    )


class Printer:
    """Prints bylines and cards. What they all share is read once: the time
    zone and language dates are printed in (each a look-up in the request's
    context-local state)."""

    def __init__(self):
        self.zone = get_current_timezone()
        self.language = get_language()

    def cards(self, articles, heading="h3"):
        """Cards for `articles` (their bylines prefetched: querysets.bylines()),
        titled with `heading` (h2 or h3), as listings print them."""
        return "".join([self.card(article, heading) for article in articles])

    def card(self, article, heading):
        url = escape(article.get_absolute_url())
        image, section = article.featured_image, article.category
        return CARD.format(
            media=CARD_MEDIA.format(url=url, picture=picture(image, sizes=CARD_SIZES)) if image else "",
            section_url=escape(section.get_absolute_url()),
            section=escape(section.name),
            heading=heading,
            url=url,
            title=escape(article.title),
            standfirst=escape(article.standfirst),
            byline=self.byline(article, short=True),
        )

    def byline(self, article, short=False, on_article=False):
        """"By A, B and C · DATE": `short` leaves out "By " (cards), `on_article`
        marks the links rel="author" (the page is this article)."""
        rel = ' rel="author"' if on_article else ""
        authors = [
            AUTHOR.format(url=escape(author.get_absolute_url()), rel=rel, name=escape(author.name))
            for author in article.authors_in_order
        ]
        return BYLINE.format(by="" if short else "By ", authors=join_names(authors), date=self.date(article.published_at))

    def date(self, moment):
        if moment is None:
            return ""
        moment = localtime(moment, self.zone)
        return DATE.format(
            machine_date=machine_date(moment),
            news_date=escape(formatted(moment, moment.tzinfo, NEWS_DATE, self.language)),
        )
