"""What the site remembers about a commenter, in their own browser.

Two cookies, both signed so they cannot be forged, both HttpOnly:

- `comment_author`: name, email and website, set only when the commenter
  ticks "Save my name, email, and website..."; it pre-fills the form.
- `comments_mine`: ids of the commenter's comments still awaiting moderation,
  so that they (and nobody else) see them in the thread.

A response that reads either cookie is personal to that visitor.
"""
import json

from django.conf import settings

from .conf import conf

DETAILS_COOKIE = "comment_author"
PENDING_COOKIE = "comments_mine"
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


def set_cookie(response, name, value, max_age):
    response.set_signed_cookie(
        name, value, salt=name, max_age=max_age, httponly=True, samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


