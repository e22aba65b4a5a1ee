"""How the article page gets its comments without `articles` knowing about them:

    {% load comments %}
    {% comment_count_link article %}   the "Click to comment" link with the count
    {% render_comments article %}      section#comments: thread, form or "closed"

Both share one query per page. They print what every reader sees (the public
thread, an empty form), so the page is the same for every anonymous reader
and a CDN may keep it; a visitor's own parts are page-cache holes
(comments/holes.py). The form's per-visitor secrets (CSRF token, signed
timestamp) come from `comments:secrets`, read by comments.js; a form that
comes back (an error, or no JavaScript: comments/views.py csrf_failure)
carries them itself.
"""
import functools
import time

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.cache_keys import article_key
from articles.models import Article
from trillmag.pagecache import csrf_field, remember

from ..forms import CommentForm, sign_form_token
from ..moderation import comments_are_open
from ..printing import print_thread_page
from ..threads import build_thread

register = template.Library()


def thread_for(context, article):
    """The article's public thread, built once per page render, and only when
    a fragment below is not remembered."""
    key = ("comments.thread", article.pk)
    if key not in context.render_context:
        context.render_context[key] = build_thread(article)
    return context.render_context[key]


def comment_count(context, article):
    """Public comments, remembered per version of the article's key (what a comment change bumps)."""
    return remember(f"comments:count:{article.pk}", [article_key(article.pk)], lambda: thread_for(context, article).count)


def thread_html(context, article, is_open):
    """The printed thread (one page of it), remembered like the count: a page
    that renders again because another article changed prints it for free.
    Its pagination links keep the query string, hence the key."""
    request = context["request"]

    def render():
        return print_thread_page(thread_for(context, article), request.GET.get("cpage"), is_open, request)

    name = f"comments:thread:{article.pk}:{is_open}:{request.GET.urlencode()}"
    return remember(name, [article_key(article.pk)], render)


@register.inclusion_tag("comments/count_link.html", takes_context=True)
def comment_count_link(context, article):
    return {"count": comment_count(context, article)}


@register.inclusion_tag("comments/section.html", takes_context=True)
def render_comments(context, article):
    request = context["request"]
    form = context.get("comment_form")
    parent = int_or_none(form["parent"].value() if form is not None else request.GET.get("replytocom"))
    reply_to = thread_for(context, article).replyable(parent) if parent else None
    if form is None:
        form = CommentForm(article=article, initial={"parent": reply_to.pk if reply_to else None})
    is_open = comments_are_open(article)
    return {
        "article": article,
        "count": comment_count(context, article),
        "thread_html": thread_html(context, article, is_open),
        "form": form,
        "reply_to": reply_to,
        "is_open": is_open,
        "staff_user": request.user if request.user.is_authenticated and request.user.is_staff else None,
        # A site-wide context value (the pages app's): inclusion tags do not see context processors.
        "privacy_policy_url": context.get("privacy_policy_url"),
    }


EMPTY_SECRETS = mark_safe(
    '<input type="hidden" name="csrfmiddlewaretoken" value=""><input type="hidden" name="token" value="">'
)


@register.simple_tag(takes_context=True)
def comment_form_secrets(context, article, form):
    """The form's CSRF token and signed timestamp: printed when the form comes
    back to one visitor (bound), left empty for comments.js to fill on a
    shared page."""
    if not form.is_bound:
        return EMPTY_SECRETS
    token = signed_form_token(article.pk, int(time.time()))
    return csrf_field(context.request) + format_html('<input type="hidden" name="token" value="{}">', token)


@functools.lru_cache(maxsize=256)
def signed_form_token(article_pk, issued_at):
    """A crowd reading one article would have the same (article, second) signed
    again and again: each is signed once."""
    return sign_form_token(Article(pk=article_pk), issued_at=issued_at)


def int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
