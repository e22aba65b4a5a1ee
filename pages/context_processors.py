from django.db.models import Q
from django.utils.functional import SimpleLazyObject

from trillmag.pagecache import remember

from .cache_keys import SITE

from .conf import conf
from .models import Page


def site_pages():
    """The footer menu's (title, url) pairs and the privacy policy's url (or
    None): one query per version of SITE, shared through the cache."""
    return remember("pages:site-pages", [SITE], find_site_pages)


def find_site_pages():
    pages = Page.objects.published().filter(Q(in_footer=True) | Q(slug=conf.PAGES_PRIVACY_POLICY))
    footer, privacy = [], None
    for page in pages.order_by("footer_position", "title").only("title", "slug", "in_footer"):
        if page.in_footer:
            footer.append((page.title, page.get_absolute_url()))
        if page.slug == conf.PAGES_PRIVACY_POLICY:
            privacy = page.get_absolute_url()
    return {"footer": footer, "privacy_policy_url": privacy}


def pages(request):
    """`footer_pages` and `privacy_policy_url`, looked up only by a template that prints them."""
    found = SimpleLazyObject(site_pages)
    return {
        "footer_pages": SimpleLazyObject(lambda: found["footer"]),
        "privacy_policy_url": SimpleLazyObject(lambda: found["privacy_policy_url"] or ""),
    }
