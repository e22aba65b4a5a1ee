"""Every knob of the comments app, with its default.

`trillmag/settings.py` may set any of these (some from environment variables);
code reads them through `conf.NAME`, which looks at the settings on every
access so that tests can override them.
"""
from django.conf import settings

DEFAULTS = {
    # Seconds that must pass between rendering the form and posting it.
    "COMMENTS_MIN_SUBMIT_SECONDS": 3,
    # How long a rendered form stays valid, in seconds (cached pages included).
    "COMMENTS_FORM_MAX_AGE": 60 * 60 * 24 * 2,
    # Posts allowed per IP address: "count/period" with period s, m, h or d; "" turns it off.
    "COMMENTS_RATE_LIMIT": "5/m",
    # The request.META key holding the client's address ("HTTP_X_FORWARDED_FOR" behind a proxy).
    "COMMENTS_IP_HEADER": "REMOTE_ADDR",
    # Longest comment body, in characters.
    "COMMENTS_MAX_LENGTH": 5000,
    # Nesting levels; a reply to a comment at the deepest level joins that level.
    "COMMENTS_MAX_DEPTH": 5,
    # Hold a comment with this many links or more for moderation (0: never).
    "COMMENTS_HOLD_LINKS": 2,
    # Publish at once a comment from an email address that already has an approved comment.
    "COMMENTS_AUTO_APPROVE_KNOWN_EMAIL": True,
    # Close comments on articles published more than this many days ago (None: never).
    "COMMENTS_CLOSE_AFTER_DAYS": None,
    # Top-level comments per page of a thread (0: the whole thread on one page).
    "COMMENTS_PER_PAGE": 0,
    # Who hears about held comments; empty means every active user allowed to change comments.
    "COMMENTS_MODERATOR_EMAILS": [],
    # How long the "save my details" cookie lasts, in seconds.
    "COMMENTS_SAVED_DETAILS_AGE": 60 * 60 * 24 * 365,
    # How long a commenter keeps seeing their own pending comments, in seconds.
    "COMMENTS_PENDING_COOKIE_AGE": 60 * 60 * 24 * 14,
}


class Conf:
    def __getattr__(self, name):
        if name not in DEFAULTS:
            raise AttributeError(name)
        return getattr(settings, name, DEFAULTS[name])


conf = Conf()
