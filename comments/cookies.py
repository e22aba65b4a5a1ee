"""What the site remembers about a commenter, in their own browser.

Three cookies, all signed so they cannot be forged, all HttpOnly:

- `comment_author`: name, email and website, set only when the commenter
  ticks "Save my name, email, and website..."; it pre-fills the form.
- `comments_mine`: ids of the commenter's comments still awaiting moderation,
  so that they (and nobody else) see them in the thread.
- `comments_known`: the email address this browser has proven it comments
  with (moderation.py says what that earns). It is set on a later comment
  once a moderator has approved one that `comments_mine` lists, and sent only
  with comments (its path), so pages stay shared by every reader.

A response that reads `comment_author` or `comments_mine` is personal to that visitor.
"""
import json
import posixpath

from django.conf import settings
from django.urls import reverse

from .conf import conf
from .models import Comment

DETAILS_COOKIE = "comment_author"
PENDING_COOKIE = "comments_mine"
KNOWN_COOKIE = "comments_known"
PENDING_KEEP = 20


def saved_details(request):
    raw = request.get_signed_cookie(DETAILS_COOKIE, default=None, salt=DETAILS_COOKIE)
    try:
        details = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    if not isinstance(details, dict) or not details:
        return {}
    return {key: str(details.get(key, "")) for key in ("name", "email", "website")}


def remember_details(response, details):
    value = json.dumps({key: details[key] for key in ("name", "email", "website")})
    set_cookie(response, DETAILS_COOKIE, value, conf.COMMENTS_SAVED_DETAILS_AGE)


def forget_details(response):
    response.delete_cookie(DETAILS_COOKIE, samesite="Lax")


def pending_ids(request):
    raw = request.get_signed_cookie(PENDING_COOKIE, default="", salt=PENDING_COOKIE)
    return [int(part) for part in raw.split(",") if part.isdigit()]


def remember_pending(request, response, comment):
    ids = [pk for pk in pending_ids(request) if pk != comment.pk][-(PENDING_KEEP - 1):] + [comment.pk]
    set_cookie(response, PENDING_COOKIE, ",".join(map(str, ids)), conf.COMMENTS_PENDING_COOKIE_AGE)


def proven_emails(request):
    """The email addresses this browser has shown it comments with: its known
    cookie's, and those of its own comments a moderator has since approved."""
    known = request.get_signed_cookie(
        KNOWN_COOKIE, default="", salt=KNOWN_COOKIE, max_age=conf.COMMENTS_KNOWN_COOKIE_AGE
    )
    ids = pending_ids(request)
    approved = Comment.objects.approved().filter(pk__in=ids).values_list("email", flat=True) if ids else []
    return {email for email in [known, *approved] if email}


def remember_known(response, email):
    # Sent back only where comments are posted: a page never reads it.
    path = posixpath.dirname(reverse("comments:post", args=[1]).rstrip("/")) + "/"
    set_cookie(response, KNOWN_COOKIE, email, conf.COMMENTS_KNOWN_COOKIE_AGE, path=path)


def set_cookie(response, name, value, max_age, path="/"):
    response.set_signed_cookie(
        name, value, salt=name, max_age=max_age, path=path, httponly=True, samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


