"""The comments app's knobs (trillmag/knobs.py explains the pattern)."""
from trillmag.knobs import Knob, Knobs

conf = Knobs(
    COMMENTS_MIN_SUBMIT_SECONDS=Knob(3, "a comment posted sooner after the form was shown is refused as too fast"),
    COMMENTS_FORM_MAX_AGE=Knob(
        60 * 60 * 24 * 2, "how long a shown form stays valid, in seconds (cached pages included)", shown="2 days"
    ),
    COMMENTS_RATE_LIMIT=Knob("5/m", "comments per IP address (`N/s`, `N/m`, `N/h`, `N/d`; `off` disables)"),
    COMMENTS_IP_HEADER=Knob(
        "REMOTE_ADDR", "the request header holding the client's address (`HTTP_X_FORWARDED_FOR` behind a proxy)"
    ),
    COMMENTS_MAX_LENGTH=Knob(5000, "longest comment body, in characters"),
    COMMENTS_MAX_DEPTH=Knob(5, "nesting levels; a reply to a comment at the deepest level joins that level"),
    COMMENTS_HOLD_LINKS=Knob(2, "hold a comment with this many links or more for moderation (0: never)"),
    COMMENTS_AUTO_APPROVE=Knob(
        "known",
        "whose comments are published at once: `known` (this browser posted an approved comment with that email, "
        "or that name and email have one, links then held), `browser` (only the first), `off` (none: every "
        "comment is moderated). README: Comments, who is known",
    ),
    COMMENTS_CLOSE_AFTER_DAYS=Knob(None, "close comments on articles published longer ago than this", cast=int),
    COMMENTS_PER_PAGE=Knob(0, "top-level comments per page of a long thread (0: one page)"),
    COMMENTS_MODERATOR_EMAILS=Knob(
        (), "who is emailed about held comments (comma-separated)", cast=list,
        shown="everyone who may change comments",
    ),
    COMMENTS_SAVED_DETAILS_AGE=Knob(
        60 * 60 * 24 * 365, 'how long the "save my details" cookie lasts, in seconds', shown="1 year"
    ),
    COMMENTS_KNOWN_COOKIE_AGE=Knob(
        60 * 60 * 24 * 365, "how long a browser stays known after one of its comments was approved, in seconds",
        shown="1 year",
    ),
    COMMENTS_PENDING_COOKIE_AGE=Knob(
        60 * 60 * 24 * 14, "how long a commenter keeps seeing their own pending comments, in seconds", shown="14 days"
    ),
)
