"""Emails: moderators hear about held comments, commenters about approved replies."""
import logging

import pytest
from django.contrib.auth.models import Permission, User
from django.core import mail
from django.urls import reverse

from comments.admin import set_status
from comments.models import Comment
from comments.notifications import unsubscribe_token

from .comment_helpers import post_comment
from .factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator():
    user = User.objects.create_user("mod", "mod@example.com", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_comment"))
    return user


def test_moderators_are_emailed_about_a_held_comment(client, moderator, django_capture_on_commit_callbacks):
    User.objects.create_user("writer", "writer@example.com", is_staff=True)
    article = ArticleFactory(title="Budget talks")
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, article, body="Hold me, please.", email="new@example.com")
    [message] = mail.outbox
    assert message.to == ["mod@example.com"]
    assert "Budget talks" in message.subject
    assert "Hold me, please." in message.body
    assert "first comment from this email" in message.body
    comment = Comment.objects.get()
    assert reverse("admin:comments_comment_change", args=[comment.pk]) in message.body


def test_moderator_emails_can_be_set(client, settings, django_capture_on_commit_callbacks):
    settings.COMMENTS_MODERATOR_EMAILS = ["desk@example.com"]
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, ArticleFactory())
    assert mail.outbox[0].to == ["desk@example.com"]


def test_published_comment_does_not_email_moderators(client, moderator, django_capture_on_commit_callbacks):
    CommentFactory(email="ada@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, ArticleFactory())
    assert Comment.objects.filter(status="approved").count() == 2
    assert mail.outbox == []


def approve(comment, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        set_status(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED)


def test_commenter_who_asked_is_emailed_when_a_reply_is_approved(settings, django_capture_on_commit_callbacks):
    parent = CommentFactory(email="ada@example.com", name="Ada", notify_replies=True)
    reply = CommentFactory(article=parent.article, parent=parent, name="Bo", status=Comment.Status.PENDING)
    assert mail.outbox == []
    approve(reply, django_capture_on_commit_callbacks)
    [message] = mail.outbox
    assert message.to == ["ada@example.com"]
    assert message.subject.startswith("Bo replied to your comment")
    assert f"{settings.SITE_URL}{reply.get_absolute_url()}" in message.body
    unsubscribe = reverse("comments:unsubscribe", args=[unsubscribe_token("ada@example.com")])
    assert unsubscribe in message.body
    assert message.extra_headers["List-Unsubscribe"].endswith(f"{unsubscribe}>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_reply_emails_only_those_who_asked_and_not_themselves(django_capture_on_commit_callbacks):
    quiet = CommentFactory(notify_replies=False)
    chatty = CommentFactory(email="self@example.com", notify_replies=True)
    for parent, email in [(quiet, "x@example.com"), (chatty, "self@example.com")]:
        reply = CommentFactory(article=parent.article, parent=parent, email=email, status=Comment.Status.PENDING)
        approve(reply, django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_approving_twice_sends_one_email(django_capture_on_commit_callbacks):
    parent = CommentFactory(notify_replies=True)
    reply = CommentFactory(article=parent.article, parent=parent, status=Comment.Status.PENDING)
    approve(reply, django_capture_on_commit_callbacks)
    approve(reply, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1


def test_unsubscribe_asks_on_get_and_acts_on_post(client):
    comments = CommentFactory.create_batch(2, email="ada@example.com", notify_replies=True)
    url = reverse("comments:unsubscribe", args=[unsubscribe_token("ada@example.com")])
    assert "Stop reply emails?" in client.get(url).content.decode()
    assert Comment.objects.filter(notify_replies=True).count() == 2
    response = client.post(url)
    assert "You are unsubscribed" in response.content.decode()
    assert not Comment.objects.filter(pk__in=[c.pk for c in comments], notify_replies=True).exists()


def test_one_click_unsubscribe_works_without_a_csrf_token():
    from django.test import Client

    CommentFactory(email="ada@example.com", notify_replies=True)
    url = reverse("comments:unsubscribe", args=[unsubscribe_token("ada@example.com")])
    Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})
    assert not Comment.objects.filter(notify_replies=True).exists()


def test_forged_unsubscribe_link_is_refused(client):
    CommentFactory(email="ada@example.com", notify_replies=True)
    response = client.post(reverse("comments:unsubscribe", args=["ada@example.com:forged"]))
    assert response.status_code == 400
    assert Comment.objects.filter(notify_replies=True).exists()


def test_failed_send_is_logged_and_the_comment_kept(client, moderator, settings, caplog, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "tests.test_comment_notifications.BrokenBackend"
    with caplog.at_level(logging.ERROR, logger="comments.notifications"), django_capture_on_commit_callbacks(execute=True):
        response = post_comment(client, ArticleFactory())
    assert response.status_code == 302
    assert Comment.objects.count() == 1
    assert "Could not send comment email" in caplog.text


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server is down")
