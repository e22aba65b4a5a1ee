"""The moderation queue without JavaScript: what it opens on, what each row
shows, and the row's one-click decisions as plain form posts."""
import json
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments.models import Ban, Comment

from .factories import ArticleFactory, CommentFactory, StaffFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:comments_comment_changelist")


def moderate_url(comment, anchor=None):
    url = reverse("admin:comments_comment_moderate", args=[comment.pk])
    return f"{url}?anchor={anchor}" if anchor else url


def reply_url(comment):
    return reverse("admin:comments_comment_reply", args=[comment.pk])


def status_of(comment):
    return Comment.objects.get(pk=comment.pk).status


@pytest.fixture
def moderator():
    return StaffFactory(role="Moderator", email="mo@example.com")


@pytest.fixture
def mod_client(client, moderator):
    client.force_login(moderator)
    return client


def pending(minutes_ago, **fields):
    with time_machine.travel(timezone.now() - timedelta(minutes=minutes_ago)):
        return CommentFactory(status=Comment.Status.PENDING, **fields)


def rows(response):
    return list(response.context["cl"].result_list)


# -- what the list opens on ----------------------------------------------------------------------


def test_the_queue_opens_on_pending_comments_oldest_first(mod_client):
    newest, oldest, middle = pending(1), pending(30), pending(10)
    CommentFactory(status=Comment.Status.APPROVED)
    CommentFactory(status=Comment.Status.SPAM)
    assert rows(mod_client.get(QUEUE)) == [oldest, middle, newest]


def test_spam_is_listed_oldest_first_and_finished_statuses_newest_first(mod_client):
    with time_machine.travel(timezone.now() - timedelta(days=1)):
        old_spam, old_ok = CommentFactory(status=Comment.Status.SPAM), CommentFactory()
    new_spam, new_ok = CommentFactory(status=Comment.Status.SPAM), CommentFactory()
    assert rows(mod_client.get(QUEUE, {"status__exact": "spam"})) == [old_spam, new_spam]
    assert rows(mod_client.get(QUEUE, {"status__exact": "approved"})) == [new_ok, old_ok]
    assert len(rows(mod_client.get(QUEUE, {"status__exact": "all"}))) == 4


def test_the_queue_counts_what_waits(mod_client):
    for _ in range(3):
        pending(5)
    CommentFactory(status=Comment.Status.SPAM)
    html = mod_client.get(QUEUE).content.decode()
    assert '<strong data-queue-count="pending">3</strong> waiting' in html
    assert '<strong data-queue-count="spam">1</strong> in spam' in html
    assert 'id="queue-keys"' in html and "<kbd>j</kbd> next" in html


def test_the_article_filter_lists_articles_with_comments_waiting_busiest_first(mod_client):
    busy, calm, done = ArticleFactory(title="Busy"), ArticleFactory(title="Calm"), ArticleFactory(title="Done")
    for _ in range(2):
        pending(1, article=busy)
    pending(1, article=calm)
    CommentFactory(article=done)
    html = mod_client.get(QUEUE).content.decode()
    assert html.index("Busy (2)") < html.index("Calm (1)") and "Done" not in html
    assert rows(mod_client.get(QUEUE, {"article__id__exact": calm.pk})) == list(calm.comments.all())


def test_the_article_lists_pending_link_filters_any_article(mod_client):
    article = ArticleFactory(title="No longer waiting")
    approved = CommentFactory(article=article)
    response = mod_client.get(QUEUE, {"article__id__exact": article.pk, "status__exact": "all"})
    assert rows(response) == [approved]
    assert "No longer waiting" in response.content.decode()
    assert rows(mod_client.get(QUEUE, {"article__id__exact": "nope", "status__exact": "all"})) == []


# -- what a row shows ------------------------------------------------------------------------------


def test_a_row_shows_the_whole_comment_its_article_what_it_answers_and_why_it_was_held(mod_client):
    article = ArticleFactory(title="Cranes return to the harbour")
    parent = CommentFactory(article=article, name="Bea", body="The cranes were gone for years.\nSecond line.")
    body = "A long reply. " * 40
    reply = pending(2, article=article, parent=parent, body=body, moderation_reasons=["2 links", "first comment from this email"])
    html = mod_client.get(QUEUE).content.decode()
    entry = html[html.index(f'id="comment-{reply.pk}"'):]
    assert body.strip() in entry
    assert "Cranes return to the harbour" in entry
    assert "In reply to <bdi>Bea</bdi>: <q dir=\"auto\">The cranes were gone for years.</q>" in entry
    assert "Second line" not in entry[:entry.index("queue-text")]
    assert "Why held: 2 links; first comment from this email" in entry


def test_a_row_shows_the_commenters_record(mod_client):
    CommentFactory.create_batch(3, email="regular@example.com")
    CommentFactory(email="regular@example.com", status=Comment.Status.SPAM)
    Ban.objects.create(kind=Ban.Kind.IP, value="203.0.113.66")
    regular = pending(5, email="regular@example.com", ip_address="203.0.113.66")
    newcomer = pending(4, email="new@example.com")
    response = mod_client.get(QUEUE)
    records = {comment.pk: comment.queue_row.record for comment in rows(response)}
    assert (records[regular.pk].approved, records[regular.pk].spam) == (3, 1)
    assert records[regular.pk].ip_banned and not records[regular.pk].email_banned
    assert (records[newcomer.pk].approved, records[newcomer.pk].spam) == (0, 0)
    html = response.content.decode()
    assert "3 approved before" in html and "1 spam before" in html and "IP address banned" in html
    assert "No other comments" in html


def test_a_banned_email_is_shown_and_offers_no_second_ban(mod_client):
    Ban.objects.create(kind=Ban.Kind.EMAIL, value="troll@example.com")
    troll = pending(1, email="troll@example.com")
    html = mod_client.get(QUEUE).content.decode()
    assert "Email banned" in html
    assert f'formaction="{moderate_url(troll, troll.pk)}" name="decision" value="ban"' not in html


def test_each_row_has_one_click_approve_spam_remove_reply_and_ban(mod_client):
    first, second = pending(2), pending(1)
    html = mod_client.get(QUEUE).content.decode()
    for decision in ["approve", "spam", "remove", "ban"]:
        # Back to the row after it: this one leaves the pending list.
        button = f'form="queue-form" formaction="{moderate_url(first, second.pk)}" name="decision" value="{decision}"'
        assert button in html
    assert f'href="{reply_url(first)}?next=/admin/comments/comment/&amp;anchor={second.pk}"' in html
    assert '<form id="queue-form" method="post" hidden><input type="hidden" name="csrfmiddlewaretoken"' in html
    assert '<input type="hidden" name="next" value="/admin/comments/comment/">' in html


def test_the_queue_costs_the_same_queries_for_a_page_of_three_or_fifty(mod_client, django_assert_num_queries):
    def queue_page():
        with django_assert_num_queries(QUEUE_QUERIES):
            assert mod_client.get(QUEUE).status_code == 200

    for n in range(3):
        parent = CommentFactory()
        pending(n, parent=parent, email=f"reader{n}@example.com", ip_address="203.0.113.1")
    queue_page()
    for n in range(47):
        pending(n, parent=CommentFactory(), email=f"other{n}@example.com", ip_address=f"203.0.113.{n + 2}")
    queue_page()


# Session, user and the role's two permission lookups; the waiting counts; the
# articles with comments waiting (a filter); the page's count and rows; the
# page's records and bans. (No date bar: it read every waiting comment.)
QUEUE_QUERIES = 2 + 2 + 1 + 1 + 2 + 2


# -- one click, no JavaScript ----------------------------------------------------------------------


@pytest.mark.parametrize("decision, status", [("approve", "approved"), ("spam", "spam"), ("remove", "removed")])
def test_a_decision_is_a_plain_post_that_comes_back_to_the_same_place(mod_client, decision, status):
    comment, following = pending(2), pending(1)
    back = f"{QUEUE}?status__exact=pending&p=1"
    response = mod_client.post(moderate_url(comment, following.pk), {"decision": decision, "next": back})
    assert response.status_code == 302
    assert response["Location"] == f"{back}#comment-{following.pk}"
    assert status_of(comment) == status and status_of(following) == "pending"
    page = mod_client.get(response["Location"])
    assert f"Comment by {comment.name}" in page.content.decode()
    assert rows(page) == ([following] if status != "pending" else [comment, following])


def test_approving_from_the_queue_sends_what_set_status_sends(mod_client, committed):
    from django.core import mail

    parent = CommentFactory(notify_replies=True, email="asker@example.com")
    reply = pending(1, parent=parent, article=parent.article)
    with committed():
        mod_client.post(moderate_url(reply), {"decision": "approve"})
    assert [message.to for message in mail.outbox] == [["asker@example.com"]]


def test_a_decision_on_the_last_row_of_the_last_page_comes_back_to_the_new_last_page(mod_client):
    comments = [pending(60 - n) for n in range(51)]
    last = comments[-1]
    back = f"{QUEUE}?p=2"
    response = mod_client.post(moderate_url(last, comments[-2].pk), {"decision": "approve", "next": back})
    page = mod_client.get(response["Location"])
    assert page.status_code == 200 and page.context["cl"].page_num == 1
    assert len(rows(page)) == 50


def test_ban_bans_the_email_and_marks_the_comment_spam(mod_client, moderator):
    comment = pending(1, email="Troll@Example.com", ip_address="203.0.113.9")
    mod_client.post(moderate_url(comment), {"decision": "ban"})
    ban = Ban.objects.get()
    assert (ban.kind, ban.value, ban.created_by) == ("email", "troll@example.com", moderator)
    assert status_of(comment) == "spam"


def test_next_must_stay_on_this_site(mod_client):
    comment = pending(1)
    response = mod_client.post(moderate_url(comment), {"decision": "spam", "next": "https://evil.example/"})
    assert response["Location"] == QUEUE


def test_an_unknown_decision_or_a_get_changes_nothing(mod_client):
    comment = pending(1)
    assert mod_client.post(moderate_url(comment), {"decision": "publish"}).status_code == 400
    assert mod_client.get(moderate_url(comment)).status_code == 405
    assert status_of(comment) == "pending"


def test_decisions_need_the_csrf_token(moderator):
    comment = pending(1)
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    assert client.post(moderate_url(comment), {"decision": "approve"}).status_code == 403
    assert status_of(comment) == "pending"


# -- refused for roles without the permission ----------------------------------------------------------


@pytest.mark.parametrize("role", ["Author", "Editor"])
@pytest.mark.parametrize("decision", ["approve", "spam", "remove", "ban"])
def test_roles_without_comment_permissions_cannot_decide(client, role, decision):
    comment = pending(1)
    client.force_login(StaffFactory(role=role))
    assert client.post(moderate_url(comment), {"decision": decision}).status_code == 403
    assert status_of(comment) == "pending" and not Ban.objects.exists()


def viewer():
    user = User.objects.create_user("viewer", "v@example.com", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_comment"))
    return user


def test_a_viewer_sees_the_queue_without_buttons_and_is_refused(client):
    comment = pending(1)
    client.force_login(viewer())
    html = client.get(QUEUE).content.decode()
    assert comment.body in html and 'name="decision"' not in html and "data-reply" not in html
    for decision in ["approve", "ban"]:
        assert client.post(moderate_url(comment), {"decision": decision}).status_code == 403
    assert client.post(reply_url(comment), {"body": "Hi"}).status_code == 403
    assert status_of(comment) == "pending"


def test_ban_needs_the_ban_permission(mod_client, moderator):
    moderator.groups.clear()
    moderator.user_permissions.add(*Permission.objects.filter(codename__in=["view_comment", "change_comment"]))
    comment = pending(1)
    assert 'value="ban"' not in mod_client.get(QUEUE).content.decode()
    assert mod_client.post(moderate_url(comment), {"decision": "ban"}).status_code == 403
    assert not Ban.objects.exists() and status_of(comment) == "pending"
    assert mod_client.post(moderate_url(comment), {"decision": "spam"}).status_code == 302


# -- replies from the queue -------------------------------------------------------------------------


def test_reply_from_the_queue_comes_back_to_it(mod_client):
    comment, following = pending(2, name="Bea"), pending(1)
    back = f"{QUEUE}?status__exact=pending"
    page = mod_client.get(reply_url(comment), {"next": back, "anchor": following.pk})
    assert f'<input type="hidden" name="next" value="{back}">' in page.content.decode()
    response = mod_client.post(f"{reply_url(comment)}?anchor={following.pk}", {"body": "Thanks, Bea.", "next": back})
    assert response["Location"] == f"{back}#comment-{following.pk}"
    assert Comment.objects.get(parent=comment).body == "Thanks, Bea."
    assert status_of(comment) == "approved"


# -- the same with JavaScript: JSON for the row and the counts ----------------------------------------


def test_a_decision_asked_for_as_json_returns_the_row_and_the_counts(mod_client):
    comment, _ = pending(2), pending(1)
    response = mod_client.post(moderate_url(comment), {"decision": "approve"}, HTTP_ACCEPT="application/json")
    data = json.loads(response.content)
    assert data["status"] == "approved" and data["counts"] == {"pending": 1, "spam": 0}
    assert f'id="comment-{comment.pk}"' in data["entry"] and 'data-status="approved"' in data["entry"]
    assert 'value="approve"' not in data["entry"] and 'value="spam"' in data["entry"]
    assert "No other comments" in data["commenter"]
    assert data["message"] == f"Comment by {comment.name} approved."


def test_a_reply_asked_for_as_json_returns_the_answered_row(mod_client):
    comment = pending(1)
    response = mod_client.post(reply_url(comment), {"body": "We have fixed it."}, HTTP_ACCEPT="application/json")
    data = json.loads(response.content)
    assert data["status"] == "approved" and data["counts"]["pending"] == 0
    assert Comment.objects.filter(parent=comment, body="We have fixed it.").exists()
    empty = mod_client.post(reply_url(comment), {"body": ""}, HTTP_ACCEPT="application/json")
    assert empty.status_code == 400 and json.loads(empty.content)["errors"]["body"][0]["code"] == "required"
