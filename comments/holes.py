"""The comment section's per-visitor parts, as page-cache holes
(trillmag/pagecache/holes.py): the shared article page shows the public
thread and an empty form; these fill them for the visitor who has something
of their own, and return None (the shared part) for everyone else."""
import functools

from django.template.loader import render_to_string

from articles.models import Article

from .cookies import pending_ids, saved_details
from .forms import CommentForm
from .moderation import comments_are_open
from .printing import print_thread_page
from .threads import build_thread

THREAD = "comment-thread"
DETAILS = "comment-details"


def thread_hole(request, article_pk):
    """The thread with the visitor's own comments awaiting moderation, shown to them alone."""
    mine = pending_ids(request)
    if not mine:
        return None
    thread = build_thread(Article(pk=int(article_pk)), mine)
    if not any(pk in thread.by_id for pk in mine):
        return None
    article = Article.objects.only("published_at", "comments_enabled").get(pk=article_pk)
    return print_thread_page(thread, request.GET.get("cpage"), comments_are_open(article), request)


def details_hole(request):
    """The form's name, email and website as this visitor saved them, or a staff member's own."""
    user = getattr(request, "user", None)  # absent on a shared hit, which skips AuthenticationMiddleware
    if user is not None and user.is_authenticated and user.is_staff:
        return details_html(user.get_full_name() or user.get_username(), user.email, "", staff=True)
    details = saved_details(request)
    return details_html(**details) if details else None


@functools.lru_cache(maxsize=1024)
def details_html(name, email, website, staff=False):
    """Django's form widgets cost a returning commenter's page more than the
    rest of it: each visitor's fields are printed once per process. Kept in
    this process's memory only, never in the shared cache."""
    initial = {"name": name, "email": email, "website": website, "save_details": not staff}
    form = CommentForm(article=None, initial=initial)
    return render_to_string("comments/details.html", {"form": form, "staff_user": staff})
