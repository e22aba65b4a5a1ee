from django.conf import settings
from django.utils import timezone

from articles.conf import conf as articles_conf

from .conf import conf, social_links


def site(request):
    """Site-wide chrome: name, tagline, social links, the footer's year and
    how much every search box takes."""
    return {
        "site_name": conf.SITE_NAME,
        "site_tagline": conf.SITE_TAGLINE,
        "site_url": settings.SITE_URL,
        "social_links": social_links(),
        "current_year": timezone.localdate().year,
        "search_max_chars": articles_conf.ARTICLES_SEARCH_MAX_CHARS,
    }
