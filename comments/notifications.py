"""When comments call for emails. An email is a job (comments/tasks.py) written
in the same transaction as the change that calls for it, so a rolled-back
comment sends nothing and a committed one loses nothing: a worker sends it,
and tries again while SMTP refuses or stalls. One Notification row per
comment and kind makes each email once: approving a reply, removing it and
approving it again emails its parent's author once."""
from .emails import wants_reply_email
from .models import Comment, Notification
from .tasks import send_notification


def announce(comment, was=None):
    """Queue the emails that `comment` reaching its status calls for, in the
    current transaction. `was` is its previous status, if any."""
    if comment.status == was:
        return
    if comment.status == Comment.Status.PENDING and was is None:
        queue(comment, Notification.Kind.MODERATORS)
    if comment.status == Comment.Status.APPROVED and comment.parent_id and wants_reply_email(comment):
        queue(comment, Notification.Kind.REPLY)


def queue(comment, kind):
    notification, created = Notification.objects.get_or_create(comment=comment, kind=kind)
    if created:
        send_notification.enqueue(notification.pk)
