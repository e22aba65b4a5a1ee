"""The article page's comment parts (trillmag/pagecache/parts.py): the count
in the article's header and the thread with its heading. They show the
article's key only, so a comment approved, removed or edited prints them
again and leaves the rest of the stored page as it is."""
from django.template.defaultfilters import pluralize
from django.utils.html import format_html

from articles.cache_keys import article_key
from articles.models import Article
from trillmag.pagecache import hole_marker, remember

from . import holes
from .printing import print_thread_page
from .threads import build_thread

COUNT_LINK = "comment-count-link"
THREAD = "comments"


def count_link_part(request, article_pk):
    count = comment_count(request, int(article_pk))
    shown = format_html(' <span class="comment-count">({} comment{})</span>', count, pluralize(count)) if count else ""
    return format_html('<a class="comment-link" href="#comments">Click to comment{}</a>', shown)


def thread_part(request, article_pk, is_open):
    """The heading with the count and the printed thread. `is_open` ("1" or
    "0") decides the reply links. A commenter with comments awaiting
    moderation sees them in the thread: a hole (comments/holes.py)."""
    pk = int(article_pk)
    count = comment_count(request, pk)
    heading = f"{count} Comment{pluralize(count)}" if count else "Comments"
    thread = hole_marker(holes.THREAD, pk, thread_html(request, pk, is_open))
    return format_html('<h2 id="comments-title" class="section-title">{}</h2>\n{}', heading, thread)


def public_thread(request, article_pk):
    """The article's public thread, built once per request (the count, the
    thread and the form's reply heading share it), and only when a fragment
    below is not remembered."""
    threads = vars(request).setdefault("comment_threads", {})
    if article_pk not in threads:
        threads[article_pk] = build_thread(Article(pk=article_pk))
    return threads[article_pk]


def comment_count(request, article_pk):
    """Public comments, remembered per version of the article's key (what a comment change bumps)."""

    def count():
        return public_thread(request, article_pk).count

    return remember(f"comments:count:{article_pk}", [article_key(article_pk)], count)


def thread_html(request, article_pk, is_open):
    """The printed thread (one page of it), remembered like the count: a page
    that renders again because another article changed prints it for free.
    Its pagination links keep the query string, hence the name."""

    def render():
        return print_thread_page(public_thread(request, article_pk), request.GET.get("cpage"), is_open == "1", request)

    name = f"comments:thread:{article_pk}:{is_open}:{request.GET.urlencode()}"
    return remember(name, [article_key(article_pk)], render)
