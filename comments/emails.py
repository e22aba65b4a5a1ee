"""What the comment emails say and whom they go to: moderators hear about held
comments, commenters who asked hear about approved replies. Unsubscribing is
one signed link (no token table) that also backs the List-Unsubscribe header.
When they are sent is comments/notifications.py's business."""
from django.core import signing
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from trillmag.conf import conf as site_conf
from trillmag.links import absolute_url
from trillmag.roles import staff_emails

from .conf import conf
from .models import Comment, Notification

UNSUBSCRIBE_SALT = "comments.unsubscribe"


def message(notification):
    """The email `notification` stands for, or None when there is no longer
    anyone to send it to."""
    if notification.kind == Notification.Kind.MODERATORS:
        return moderators_message(notification.comment)
    return reply_message(notification.comment)


def wants_reply_email(reply):
    parent = reply.parent
    return parent.notify_replies and parent.email != reply.email


def moderators_message(comment):
    recipients = moderator_emails()
    if not recipients:
        return None
    context = {"comment": comment, "admin_url": absolute_url(reverse("admin:comments_comment_change", args=[comment.pk]))}
    return EmailMessage(
        subject=f"[{site_conf.SITE_NAME}] Comment awaiting moderation: {comment.article.title}"[:200],
        body=render_to_string("emails/comment_held.txt", context),
        to=recipients,
    )


def reply_message(reply):
    if not wants_reply_email(reply):  # the parent's author unsubscribed since
        return None
    parent = reply.parent
    unsubscribe = absolute_url(reverse("comments:unsubscribe", args=[unsubscribe_token(parent.email)]))
    context = {"reply": reply, "parent": parent, "link": absolute_url(reply.get_absolute_url()), "unsubscribe": unsubscribe}
    return EmailMessage(
        subject=f"{reply.name} replied to your comment on {reply.article.title}"[:200],
        body=render_to_string("emails/comment_reply.txt", context),
        to=[parent.email],
        headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )


def moderator_emails():
    return list(conf.COMMENTS_MODERATOR_EMAILS) or staff_emails("comments.change_comment")


def unsubscribe_token(email):
    return signing.dumps(email, salt=UNSUBSCRIBE_SALT)


def email_from_token(token):
    """The address a token was made for, or None when it is forged or mangled."""
    try:
        return signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None


def unsubscribe(email):
    return Comment.objects.filter(email=email, notify_replies=True).update(notify_replies=False)
