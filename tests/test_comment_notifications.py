"""Emails: moderators hear about held comments, commenters about approved replies;
each is a job queued with its cause, sent once, tried again when sending fails."""
import logging
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Permission, User
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from comments.workflow import set_status
from comments.emails import unsubscribe_token
from comments.models import Comment, Notification
from comments.notifications import announce
from comments.tasks import send_notification

from .comment_helpers import post_comment
from .factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def moderator():
    user = User.objects.create_user("mod", "mod@example.com", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_comment"))
    return user


def test_moderators_are_emailed_about_a_held_comment(client, moderator, committed):
    User.objects.create_user("writer", "writer@example.com", is_staff=True)
    article = ArticleFactory(title="Budget talks")
    with committed():
        post_comment(client, article, body="Hold me, please.", email="new@example.com")
    [message] = mail.outbox
    assert message.to == ["mod@example.com"]
    assert "Budget talks" in message.subject
    assert "Hold me, please." in message.body
    assert "not a known commenter" in message.body
    comment = Comment.objects.get()
    assert reverse("admin:comments_comment_change", args=[comment.pk]) in message.body


def test_moderator_emails_can_be_set(client, settings, committed):
    settings.COMMENTS_MODERATOR_EMAILS = ["desk@example.com"]
    with committed():
        post_comment(client, ArticleFactory())
    assert mail.outbox[0].to == ["desk@example.com"]


def test_published_comment_does_not_email_moderators(client, moderator, committed):
    CommentFactory(name="Ada Reader", email="ada@example.com")
    with committed():
        post_comment(client, ArticleFactory())
    assert Comment.objects.filter(status="approved").count() == 2
    assert mail.outbox == []


def moderate(comment, status, committed):
    with committed():
        set_status(Comment.objects.filter(pk=comment.pk), status)


def approve(comment, committed):
    moderate(comment, Comment.Status.APPROVED, committed)


def test_commenter_who_asked_is_emailed_when_a_reply_is_approved(settings, committed):
    parent = CommentFactory(email="ada@example.com", name="Ada", notify_replies=True)
    reply = CommentFactory(article=parent.article, parent=parent, name="Bo", status=Comment.Status.PENDING)
    assert mail.outbox == []
    approve(reply, committed)
    [message] = mail.outbox
    assert message.to == ["ada@example.com"]
    assert message.subject.startswith("Bo replied to your comment")
    assert f"{settings.SITE_URL}{reply.get_absolute_url()}" in message.body
    unsubscribe = reverse("comments:unsubscribe", args=[unsubscribe_token("ada@example.com")])
    assert unsubscribe in message.body
    assert message.extra_headers["List-Unsubscribe"].endswith(f"{unsubscribe}>")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_reply_emails_only_those_who_asked_and_not_themselves(committed):
    quiet = CommentFactory(notify_replies=False)
    chatty = CommentFactory(email="self@example.com", notify_replies=True)
    for parent, email in [(quiet, "x@example.com"), (chatty, "self@example.com")]:
        reply = CommentFactory(article=parent.article, parent=parent, email=email, status=Comment.Status.PENDING)
        approve(reply, committed)
    assert mail.outbox == []


def test_approving_twice_sends_one_email(committed):
    parent = CommentFactory(notify_replies=True)
    reply = CommentFactory(article=parent.article, parent=parent, status=Comment.Status.PENDING)
    approve(reply, committed)
    approve(reply, committed)
    assert len(mail.outbox) == 1


def test_approving_a_reply_again_after_removing_it_sends_no_second_email(committed):
    parent = CommentFactory(notify_replies=True)
    reply = CommentFactory(article=parent.article, parent=parent, status=Comment.Status.PENDING)
    for status in (Comment.Status.APPROVED, Comment.Status.REMOVED, Comment.Status.APPROVED):
        moderate(reply, status, committed)
    assert len(mail.outbox) == 1
    assert Notification.objects.get().sent_at is not None


def email_jobs():
    return DBTaskResult.objects.filter(task_path=send_notification.module_path)


def test_an_email_is_a_job_queued_with_the_comment_and_sent_by_a_worker(client, moderator, run_jobs):
    article = ArticleFactory()
    run_jobs()
    post_comment(client, article)
    [job] = email_jobs()
    assert job.status == "READY"
    assert mail.outbox == []  # the request sent nothing
    assert run_jobs() == 1
    assert len(mail.outbox) == 1
    assert email_jobs().get().status == "SUCCESSFUL"


def test_a_rolled_back_comment_queues_no_email(moderator):
    with pytest.raises(RuntimeError), transaction.atomic():
        comment = CommentFactory(status=Comment.Status.PENDING)
        announce(comment)
        assert email_jobs().count() == 1
        raise RuntimeError("the request failed after the comment was saved")
    assert not email_jobs().exists()
    assert not Notification.objects.exists()


def test_a_job_run_again_sends_nothing_more(client, moderator, run_jobs):
    post_comment(client, ArticleFactory())
    run_jobs()
    send_notification.call(Notification.objects.get().pk)
    assert len(mail.outbox) == 1


def test_reply_email_is_not_sent_to_someone_who_unsubscribed_after_it_was_queued(client, run_jobs):
    parent = CommentFactory(email="ada@example.com", notify_replies=True)
    reply = CommentFactory(article=parent.article, parent=parent, status=Comment.Status.PENDING)
    set_status(Comment.objects.filter(pk=reply.pk), Comment.Status.APPROVED)
    client.post(reverse("comments:unsubscribe", args=[unsubscribe_token("ada@example.com")]))
    run_jobs()
    assert mail.outbox == []


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


def test_a_failed_send_keeps_the_comment_and_is_tried_again_later(client, moderator, settings, caplog, run_jobs):
    settings.EMAIL_BACKEND = "tests.test_comment_notifications.BrokenBackend"
    response = post_comment(client, ArticleFactory())
    assert response.status_code == 302
    with caplog.at_level(logging.WARNING, logger="jobs.retries"):
        run_jobs()
    assert Comment.objects.count() == 1
    job = email_jobs().get()
    assert (job.status, len(job.worker_ids)) == ("READY", 1)
    assert "ConnectionRefusedError" in job.traceback
    assert "failed with builtins.ConnectionRefusedError, attempt 1; next try in 5 s" in caplog.text
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with time_machine.travel(timezone.now() + timedelta(seconds=6)):
        run_jobs()
    assert len(mail.outbox) == 1
    job.refresh_from_db()
    assert (job.status, len(job.worker_ids)) == ("SUCCESSFUL", 2)


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP server is down")
