"""What the article form's buttons do, applied in one place: the state an
action leads to, and the emails it calls for. Who may take which action is
permissions.py; what the emails say, emails.py."""
from django.utils import timezone
from django.utils.formats import localize

from .permissions import Action
from .tasks import send_review_request, send_sent_back


def apply(article, action, user, note=""):
    """Put `article`, as the form left it and not saved yet, in the state
    `action` leads to. Returns what to tell the person who clicked."""
    if action is Action.SAVE_DRAFT:
        article.unpublish()
        return "Saved as a draft."
    if action is Action.SUBMIT:
        article.submit_for_review()
        return "Marked ready for review: the editors have been told."
    if action is Action.PUBLISH:
        return publish(article)
    if action is Action.SEND_BACK:
        article.send_back(note, user)
        return "Sent back to the author with your note."
    if action is Action.UNPUBLISH:
        article.unpublish()
        return "It is a draft again."
    return "Saved."


def announce(article, action):
    """Queue the emails `action` calls for, once `article` is saved: in the
    same transaction, so they go if and only if the change commits."""
    if action is Action.SUBMIT:
        send_review_request.enqueue(article.pk)
    elif action is Action.SEND_BACK:
        send_sent_back.enqueue(article.pk)


def publish(article):
    """Live now, or by itself at the future time the form gives."""
    now = timezone.now()
    if article.published_at and article.published_at > now:
        article.schedule(article.published_at)
        return f"Scheduled: it goes live by itself on {localize(timezone.localtime(article.published_at))}."
    article.publish(now)
    return "Published."
