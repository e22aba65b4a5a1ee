"""Emails about articles changing hands: editors hear when an author marks a
draft ready for review, the author when an editor sends it back. Each is sent
after the change commits, from the article's id, so it can become a
background job as it stands; a failed send is logged and never undoes the
change."""
import logging

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from trillmag.conf import conf as site_conf
from trillmag.links import absolute_url
from trillmag.roles import staff_emails

from .conf import conf
from .models import Article

logger = logging.getLogger(__name__)


def review_requested(article_id):
    article = Article.objects.with_bylines().filter(pk=article_id, status=Article.Status.REVIEW).first()
    recipients = editor_emails()
    if article is None or not recipients:  # taken back or published since, or nobody to tell
        return
    send(EmailMessage(
        subject=f"[{site_conf.SITE_NAME}] Ready for review: {article.title}"[:200],
        body=render_to_string("emails/article_review.txt", context(article)),
        to=recipients,
    ))


def sent_back(article_id):
    article = Article.objects.with_bylines().select_related("review_note_by").filter(pk=article_id).first()
    if article is None or not article.review_note:
        return
    recipients = sorted({byline.user.email for byline in article.bylines if byline.user and byline.user.email})
    if not recipients:
        return
    send(EmailMessage(
        subject=f"[{site_conf.SITE_NAME}] Sent back with a note: {article.title}"[:200],
        body=render_to_string("emails/article_sent_back.txt", context(article)),
        to=recipients,
    ))


def editor_emails():
    return list(conf.ARTICLES_EDITOR_EMAILS) or staff_emails("articles.publish_article")


def context(article):
    return {"article": article, "admin_url": absolute_url(reverse("admin:articles_article_change", args=[article.pk]))}


def send(message):
    try:
        message.send()
    except Exception:
        logger.exception("Could not send article email %r to %s", message.subject, message.to)
