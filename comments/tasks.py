"""The comments app's background jobs (jobs/ explains the queue)."""
from django.utils import timezone
from django_tasks import task

from . import emails
from .models import Notification


@task()
def send_notification(notification_id):
    """Send one comment email. Raising (SMTP refusing, timing out) leaves it
    unsent for the next try; once sent it is marked, and a later run of the
    same job sends nothing."""
    notification = (
        Notification.objects.select_related("comment__article", "comment__parent")
        .filter(pk=notification_id, sent_at=None)
        .first()
    )
    if notification is None:  # sent already, or its comment was deleted
        return
    message = emails.message(notification)
    if message is not None:
        message.send()
    Notification.objects.filter(pk=notification.pk).update(sent_at=timezone.now())
