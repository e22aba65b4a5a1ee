from django.conf import settings
from django.utils import timezone


def site(request):
    """Site-wide chrome: name, tagline, social links and the footer's year."""
    return {
        "site_name": settings.SITE_NAME,
        "site_tagline": settings.SITE_TAGLINE,
        "site_url": settings.SITE_URL,
        "social_links": settings.SOCIAL_LINKS,
        "current_year": timezone.localdate().year,
    }
