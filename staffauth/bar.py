"""The staff bar: a signed-in staff member's way from any public page back to
the newsroom, as a page-cache hole (trillmag/pagecache/holes.py), so that
staff read cached pages like everyone else. Readers never get it, and a page
with the bar filled in is that staff member's alone (private).

A page names its subject in the hole's argument ("article-17", "page-3") for
an edit link. The links lead to the admin, which decides what each role may
do there (signing out included), so the bar costs no query and no token."""
import functools

from django.urls import reverse
from django.utils.html import format_html, format_html_join

HOLE = "staff-bar"

# Subjects a page may name, and where the admin edits them.
EDIT = {
    "article": ("admin:articles_article_change", "Edit this article"),
    "page": ("admin:pages_page_change", "Edit this page"),
}

BAR = (
    '<nav class="staff-bar" aria-label="Staff"><div class="wrap staff-bar-inner">'
    '<ul class="staff-links">{}</ul><span class="staff-name">Signed in as {}</span>'
    "</div></nav>"
)


def staff_bar(request, subject=None):
    user = getattr(request, "user", None)  # absent on a shared hit, which skips AuthenticationMiddleware
    if user is None or not user.is_authenticated or not user.is_staff:
        return None
    return format_html(BAR, links(subject), user.get_full_name() or user.get_username())


# Each staff page would reverse() three or four addresses (a tenth of a
# millisecond each): they depend on the subject alone, so they are made once.
@functools.lru_cache(maxsize=1024)
def links(subject):
    found = [(reverse("admin:index"), "Newsroom")]
    kind, _, pk = (subject or "").partition("-")
    if kind in EDIT and pk.isdigit():
        view, label = EDIT[kind]
        found.append((reverse(view, args=[pk]), label))
    found.append((reverse("admin:comments_comment_changelist") + "?status__exact=pending", "Comments waiting"))
    return format_html_join("", '<li><a href="{}">{}</a></li>', found)
