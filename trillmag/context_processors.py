from django.conf import settings
from django.utils import timezone

from .conf import conf, social_links


def site(request):
    """Site-wide chrome: name, tagline, social links and the footer's year."""
    return {
        "site_name": conf.SITE_NAME,
        "site_tagline": conf.SITE_TAGLINE,
        "site_url": settings.SITE_URL,
        "social_links": social_links(),
        "current_year": timezone.localdate().year,
    }
