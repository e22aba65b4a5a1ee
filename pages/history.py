"""What a page's revisions hold (editing/history.py explains revisions)."""
from editing.history import History, Part

from .models import Page


class PageHistory(History):
    model = Page
    parts = (
        Part("title", "Title", "text"),
        Part("summary", "Summary", "text"),
        Part("body", "Body", "html"),
        Part("photo", "Photo", "photo"),
        Part("slug", "Address (slug)"),
        Part("is_published", "Published"),
        Part("in_footer", "In the footer menu"),
        Part("footer_position", "Footer order"),
    )
    exclude = ("body_html",)

    def action(self, before, after, page):
        if before is None:
            return ("Created and published", ("is_published",)) if after["is_published"] else ("Created", ())
        if before["is_published"] != after["is_published"]:
            return ("Published" if after["is_published"] else "Unpublished"), ("is_published",)
        return "", ()


history = PageHistory()
