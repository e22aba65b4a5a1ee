"""What the emails about articles changing hands say and whom they go to:
editors hear when an author marks a draft ready for review, the author when
an editor sends it back. When they are sent is articles/workflow.py's
business, through the jobs in articles/tasks.py."""
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from trillmag.conf import conf as site_conf
from trillmag.links import absolute_url
from trillmag.roles import staff_emails

from .conf import conf
from .models import Article


def review_request(article_id):
    """The editors' email, or None when there is no longer anything to say
    (the draft was taken back or published since) or nobody to say it to."""
    article = Article.objects.with_bylines().filter(pk=article_id, status=Article.Status.REVIEW).first()
    recipients = editor_emails()
    if article is None or not recipients:
        return None
    return EmailMessage(
        subject=f"[{site_conf.SITE_NAME}] Ready for review: {article.title}"[:200],
        body=render_to_string("emails/article_review.txt", context(article)),
        to=recipients,
    )


def sent_back(article_id):
    """The author's email with the editor's note, or None when the note is gone
    (handed in again or published since) or no author has an address."""
    article = Article.objects.with_bylines("author__user").select_related("review_note_by").filter(pk=article_id).first()
    if article is None or not article.review_note:
        return None
    recipients = sorted(
        {author.user.email for author in article.authors_in_order if author.user and author.user.email}
    )
    if not recipients:
        return None
    return EmailMessage(
        subject=f"[{site_conf.SITE_NAME}] Sent back with a note: {article.title}"[:200],
        body=render_to_string("emails/article_sent_back.txt", context(article)),
        to=recipients,
    )


def editor_emails():
    return list(conf.ARTICLES_EDITOR_EMAILS) or staff_emails("articles.publish_article")


def context(article):
    return {"article": article, "admin_url": absolute_url(reverse("admin:articles_article_change", args=[article.pk]))}
