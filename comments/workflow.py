"""What happens to a comment, applied in one place: a new one (from the form
or a staff reply in the admin) is moderated, stored and announced; a
moderator's decision changes its status and sends what that calls for. The
moderation policy itself is moderation.py; the emails, notifications.py."""
from django.db import transaction

from .moderation import Moderator
from .notifications import announce


def submit(comment, proven_emails=()):
    """Moderate an unsaved comment, store it with its verdict and announce it.
    `proven_emails`: those the posting browser has proven (cookies.proven_emails)."""
    verdict = Moderator().moderate(comment, proven_emails)
    comment.status, comment.moderation_reasons = verdict.status, verdict.reasons
    with transaction.atomic():
        comment.save()
        announce(comment)
    return comment


def set_status(comments, status):
    """Give `comments` (a queryset) a new status and send the emails that
    calls for. Returns how many changed."""
    changed = 0
    with transaction.atomic():
        for comment in comments.select_related("article", "parent"):
            if comment.status != status:
                was, comment.status = comment.status, status
                comment.save(update_fields=["status"])
                announce(comment, was)
                changed += 1
    return changed
