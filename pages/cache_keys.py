"""What the pages app tells the page cache (trillmag/pagecache).

SITE: the chrome every page prints (the footer menu, the privacy policy link
under the comment form) and the static pages themselves. Pages are few and
rarely edited, so any change to one makes all of these stale: a page's own key
would have to be read before the page is looked up by its slug, and would
save little.
"""
from trillmag import pagecache

SITE = "site"


def register():
    """From PagesConfig.ready()."""
    from .models import Page

    pagecache.watch(Page, keys=lambda page, created: (SITE,))
