"""How the article page gets its comments without `articles` knowing about them:

    {% load comments %}
    {% comment_count_link article %}   the "Click to comment" link with the count
    {% render_comments article %}      section#comments: thread, form or "closed"

Both share one query per page. They print what every reader sees (the public
thread, an empty form), so the page is the same for every anonymous reader
and a CDN may keep it; the count and the thread are page-cache parts
(comments/parts.py), a visitor's own parts are page-cache holes
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
from pages.cache_keys import SITE
from trillmag.pagecache import csrf_field, depends_on, print_part

from .. import parts
from ..forms import CommentForm, sign_form_token
from ..moderation import comments_are_open

register = template.Library()


@register.simple_tag(takes_context=True)
def comment_count_link(context, article):
    return print_part(context.request, parts.COUNT_LINK, article.pk)


@register.inclusion_tag("comments/section.html", takes_context=True)
def render_comments(context, article):
    request = context["request"]
    form = context.get("comment_form")
    parent = int_or_none(form["parent"].value() if form is not None else request.GET.get("replytocom"))
    reply_to = None
    if parent:
        # The form's heading names the comment replied to: this page shows the thread outside its part too.
        depends_on(article_key(article.pk))
        reply_to = parts.public_thread(request, article.pk).replyable(parent)
    if form is None:
        form = CommentForm(article=article, initial={"parent": reply_to.pk if reply_to else None})
    is_open = comments_are_open(article)
    return {
        "article": article,
        "thread_part": print_part(request, parts.THREAD, article.pk, int(is_open)),
        "form": form,
        "reply_to": reply_to,
        "is_open": is_open,
        "staff_user": request.user if request.user.is_authenticated and request.user.is_staff else None,
        "site_key": SITE,
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
