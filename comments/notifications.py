"""Emails about comments: moderators hear about held ones, commenters who
asked hear about approved replies. Unsubscribing is one signed link (no token
table) that also backs the List-Unsubscribe header. A failed send is logged
and never undoes or loses the comment."""
import logging

from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from trillmag.conf import conf as site_conf
from trillmag.links import absolute_url
from trillmag.roles import staff_emails

from .conf import conf
from .models import Comment

logger = logging.getLogger(__name__)
UNSUBSCRIBE_SALT = "comments.unsubscribe"


def announce(comment, was=None):
    """Queue the emails that `comment` reaching its status calls for; they go
    out once the transaction commits. `was` is its previous status, if any."""
    if comment.status == was:
        return
    if comment.status == Comment.Status.PENDING and was is None:
        transaction.on_commit(lambda: notify_moderators(comment))
    if comment.status == Comment.Status.APPROVED and comment.parent_id:
        transaction.on_commit(lambda: notify_reply(comment))


def notify_moderators(comment):
    recipients = moderator_emails()
    if not recipients:
        return
    context = {"comment": comment, "admin_url": absolute_url(reverse("admin:comments_comment_change", args=[comment.pk]))}
    send(EmailMessage(
        subject=f"[{site_conf.SITE_NAME}] Comment awaiting moderation: {comment.article.title}"[:200],
        body=render_to_string("emails/comment_held.txt", context),
        to=recipients,
    ))


def notify_reply(reply):
    parent = reply.parent
    if not parent.notify_replies or parent.email == reply.email:
        return
    unsubscribe = absolute_url(reverse("comments:unsubscribe", args=[unsubscribe_token(parent.email)]))
    context = {"reply": reply, "parent": parent, "link": absolute_url(reply.get_absolute_url()), "unsubscribe": unsubscribe}
    send(EmailMessage(
        subject=f"{reply.name} replied to your comment on {reply.article.title}"[:200],
        body=render_to_string("emails/comment_reply.txt", context),
        to=[parent.email],
        headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    ))


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


def send(message):
    try:
        message.send()
    except Exception:
        logger.exception("Could not send comment email %r to %s", message.subject, message.to)
