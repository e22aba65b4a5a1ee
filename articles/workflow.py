"""What the article form's buttons do, applied in one place: the state an
action leads to and the emails it calls for. Who may take which action is
permissions.py; the emails, notifications.py."""
from django.db import transaction
from django.utils import timezone
from django.utils.formats import localize

from . import notifications
from .permissions import Action


def apply(article, action, user, note=""):
    """Put `article`, as the form left it and not saved yet, in the state
    `action` leads to; the emails go once the save commits. Returns what to
    tell the person who clicked."""
    if action is Action.SAVE_DRAFT:
        article.unpublish()
        return "Saved as a draft."
    if action is Action.SUBMIT:
        article.submit_for_review()
        transaction.on_commit(lambda: notifications.review_requested(article.pk))
        return "Marked ready for review: the editors have been told."
    if action is Action.PUBLISH:
        return publish(article)
    if action is Action.SEND_BACK:
        article.send_back(note, user)
        transaction.on_commit(lambda: notifications.sent_back(article.pk))
        return "Sent back to the author with your note."
    if action is Action.UNPUBLISH:
        article.unpublish()
        return "It is a draft again."
    return "Saved."


def publish(article):
    """Live now, or by itself at the future time the form gives."""
    now = timezone.now()
    if article.published_at and article.published_at > now:
        article.schedule(article.published_at)
        return f"Scheduled: it goes live by itself on {localize(timezone.localtime(article.published_at))}."
    article.publish(now)
    return "Published."
