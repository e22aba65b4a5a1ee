"""The moderation policy (without HTTP), bans, and moderating in the admin."""
import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse

from comments import admin as comment_admin
from comments import models as comment_models
from comments import views as comment_views
from comments import workflow
from comments.models import Ban, Comment, DisallowedWord
from comments.checks import check_auto_approve
from comments.cookies import KNOWN_COOKIE, PENDING_COOKIE
from comments.moderation import Moderator, Verdict
from comments.workflow import set_status

from .comment_helpers import post_comment
from .factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


def unsaved(**fields):
    fields.setdefault("article", ArticleFactory())
    fields.setdefault("name", "Ada")
    fields.setdefault("email", "ada@example.com")
    fields.setdefault("body", "Nice piece.")
    return Comment(**fields)


# --- The policy --------------------------------------------------------------


def test_first_comment_from_an_email_is_held():
    verdict = Moderator().moderate(unsaved())
    assert verdict.status == Comment.Status.PENDING
    assert verdict.reasons == ["not a known commenter"]


def test_an_email_alone_does_not_earn_trust():
    """Anyone can type a regular's address: under another name it is held."""
    CommentFactory(name="Ada", email="ada@example.com")
    verdict = Moderator().moderate(unsaved(name="Ada Lovelace (the real one)"))
    assert verdict == Verdict(Comment.Status.PENDING, ["not a known commenter"])


def test_same_name_and_email_as_an_approved_comment_is_published_at_once():
    CommentFactory(name="Ada", email="ada@example.com")
    verdict = Moderator().moderate(unsaved(email=" ADA@example.com"))
    assert verdict == Verdict(Comment.Status.APPROVED, ["same name and email as an approved comment"])


def test_name_and_email_of_a_comment_still_pending_or_spam_earn_nothing():
    CommentFactory(name="Ada", email="ada@example.com", status=Comment.Status.PENDING)
    CommentFactory(name="Ada", email="ada@example.com", status=Comment.Status.SPAM)
    assert Moderator().moderate(unsaved()).status == Comment.Status.PENDING


@pytest.mark.parametrize("fields", [{"body": "Source: https://a.example/"}, {"website": "https://a.example/"}])
def test_a_link_from_a_commenter_known_by_name_and_email_only_is_held(fields):
    CommentFactory(name="Ada", email="ada@example.com")
    verdict = Moderator().moderate(unsaved(**fields))
    assert verdict == Verdict(
        Comment.Status.PENDING, ["a link or website, from a commenter known by name and email only"]
    )


def test_an_email_this_browser_has_proven_is_published_at_once_under_any_name():
    verdict = Moderator().moderate(unsaved(name="Ada L."), proven_emails={"ada@example.com"})
    assert verdict == Verdict(Comment.Status.APPROVED, ["this browser posted an approved comment with this email"])


def test_one_link_from_a_proven_browser_is_not_held_on_its_own():
    verdict = Moderator().moderate(unsaved(body="Source: https://a.example/"), proven_emails={"ada@example.com"})
    assert verdict.status == Comment.Status.APPROVED


def test_comment_with_two_links_is_held_even_from_a_proven_browser():
    verdict = Moderator().moderate(
        unsaved(body="See https://a.example/ and http://b.example/x"), proven_emails={"ada@example.com"}
    )
    assert verdict == Verdict(Comment.Status.PENDING, ["2 links"])


def test_browser_rule_ignores_name_and_email(settings):
    settings.COMMENTS_AUTO_APPROVE = "browser"
    CommentFactory(name="Ada", email="ada@example.com")
    assert Moderator().moderate(unsaved()).reasons == ["not a known commenter"]
    assert Moderator().moderate(unsaved(), proven_emails={"ada@example.com"}).status == Comment.Status.APPROVED


def test_every_comment_is_held_when_auto_approve_is_off(settings):
    settings.COMMENTS_AUTO_APPROVE = "off"
    CommentFactory(name="Ada", email="ada@example.com")
    verdict = Moderator().moderate(unsaved(), proven_emails={"ada@example.com"})
    assert verdict == Verdict(Comment.Status.PENDING, ["every comment is held (auto-approve is off)"])


def test_an_unknown_auto_approve_rule_fails_the_system_check(settings):
    settings.COMMENTS_AUTO_APPROVE = "on"
    assert [error.id for error in check_auto_approve(None)] == ["comments.E001"]
    settings.COMMENTS_AUTO_APPROVE = "known"
    assert check_auto_approve(None) == []


def test_disallowed_word_marks_spam_and_names_the_word():
    verdict = Moderator(disallowed_words=["casino", "cheap pills"]).moderate(
        unsaved(body="Best CASINO bonus and cheap   pills here")
    )
    assert verdict.status == Comment.Status.SPAM
    assert verdict.reasons == ['disallowed word "casino"', 'disallowed word "cheap pills"']


def test_disallowed_word_matches_whole_words_only():
    verdict = Moderator(disallowed_words=["ass"]).moderate(unsaved(body="A classic assessment."))
    assert verdict.status != Comment.Status.SPAM


def test_disallowed_words_also_apply_to_name_email_and_website():
    DisallowedWord.objects.create(word="Replica")
    for fields in [{"name": "replica watches"}, {"website": "https://replica.example/"}]:
        assert Moderator().moderate(unsaved(**fields)).status == Comment.Status.SPAM


def test_staff_reply_is_approved_whatever_it_contains(admin_user):
    verdict = Moderator(disallowed_words=["casino"]).moderate(
        unsaved(user=admin_user, body="casino https://a.example https://b.example")
    )
    assert verdict == verdict.__class__(Comment.Status.APPROVED, ["staff reply"])


def test_held_and_spam_comments_store_why_through_the_form(client):
    article = ArticleFactory()
    DisallowedWord.objects.create(word="casino")
    post_comment(client, article, body="casino casino")
    post_comment(client, article, body="one https://a.example two https://b.example", email="bo@example.com")
    reasons = dict(Comment.objects.values_list("status", "moderation_reasons"))
    assert reasons["spam"] == ['disallowed word "casino"']
    assert reasons["pending"] == ["2 links", "not a known commenter"]


# --- Trust earned in the browser -------------------------------------------------


def approve_all():
    set_status(Comment.objects.all(), Comment.Status.APPROVED)


def test_a_browser_whose_comment_a_moderator_approved_is_known_for_that_email(client):
    article = ArticleFactory()
    post_comment(client, article, name="Ada", body="My first remark.")
    approve_all()
    response = post_comment(client, article, name="Ada L.", body="Source: https://a.example/")
    assert Comment.objects.latest("pk").status == Comment.Status.APPROVED
    known = response.cookies[KNOWN_COOKIE]
    assert known["httponly"] and known["path"] == "/comments/post/"


def test_the_known_cookie_outlives_the_pending_one(client):
    article = ArticleFactory()
    post_comment(client, article, name="Ada", body="My first remark.")
    approve_all()
    post_comment(client, article, name="Ada", body="Second.")
    del client.cookies[PENDING_COOKIE]
    post_comment(client, article, name="A. L.", body="Third, see https://a.example/")
    assert Comment.objects.latest("pk").status == Comment.Status.APPROVED


def test_another_browser_typing_the_same_email_is_held(client):
    article = ArticleFactory()
    post_comment(client, article, name="Ada", body="My first remark.")
    approve_all()
    stranger = Client()
    response = post_comment(stranger, article, ip="198.51.100.9", name="Ada L.", body="I take it all back.")
    assert Comment.objects.latest("pk").moderation_reasons == ["not a known commenter"]
    assert KNOWN_COOKIE not in response.cookies


def test_a_forged_known_cookie_earns_nothing(client):
    client.cookies[KNOWN_COOKIE] = "ada@example.com"
    post_comment(client, ArticleFactory(), name="Ada")
    assert Comment.objects.get().status == Comment.Status.PENDING


def test_a_browser_known_for_one_email_is_not_known_for_another(client):
    article = ArticleFactory()
    post_comment(client, article, email="bob@example.com", name="Bob", body="Hello.")
    approve_all()
    post_comment(client, article, email="ada@example.com", name="Ada", body="Hello again.")
    assert Comment.objects.latest("pk").status == Comment.Status.PENDING


# --- Bans ----------------------------------------------------------------------


def test_banned_email_cannot_comment(client):
    article = ArticleFactory()
    Ban.objects.create(kind=Ban.Kind.EMAIL, value="Troll@Example.com")
    response = post_comment(client, article, email="troll@example.com")
    assert response.status_code == 400
    assert response.context["comment_form"].errors["email"] == ["Comments from this email address are not accepted."]
    assert not Comment.objects.exists()


def test_banned_ip_cannot_comment(client):
    article = ArticleFactory()
    Ban.objects.create(kind=Ban.Kind.IP, value="203.0.113.9")
    response = post_comment(client, article, ip="203.0.113.9")
    assert response.status_code == 400
    assert "Comments from your network address are not accepted." in response.content.decode()
    assert post_comment(client, article, ip="203.0.113.10").status_code == 302


# --- The admin -------------------------------------------------------------------


@pytest.fixture
def moderator():
    user = User.objects.create_user("mod", "mod@example.com", "pw", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_comment", "change_comment", "add_comment", "add_ban"])
    )
    return user


def changelist(status=None):
    url = reverse("admin:comments_comment_changelist")
    return f"{url}?status__exact={status}" if status else url


def act(client, action, comments, status=None):
    """A bulk action on `comments`, chosen in the list showing `status` (pending unless said)."""
    data = {"action": action, "_selected_action": [c.pk for c in comments]}
    return client.post(changelist(status), data, follow=True)


def test_moderation_queue_lists_pending_first_with_reasons(client, moderator):
    CommentFactory(body="Old approved one")
    CommentFactory(body="Waiting one", status=Comment.Status.PENDING, moderation_reasons=["2 links"])
    client.force_login(moderator)
    response = client.get(changelist())
    rows = list(response.context["cl"].result_list)
    assert rows[0].body == "Waiting one"
    assert "2 links" in response.content.decode()


def test_admin_filters_and_search(client, moderator):
    target = CommentFactory(body="About the budget", status=Comment.Status.SPAM)
    CommentFactory(body="Something else")
    client.force_login(moderator)
    by_status = client.get(changelist(), {"status__exact": "spam"}).context["cl"].result_list
    every = {"status__exact": "all"}
    by_article = client.get(changelist(), {**every, "article__id__exact": target.article_id}).context["cl"].result_list
    by_search = client.get(changelist(), {**every, "q": "budget"}).context["cl"].result_list
    assert list(by_status) == list(by_article) == list(by_search) == [target]


def test_bulk_approve_spam_and_remove(client, moderator):
    comments = CommentFactory.create_batch(3, status=Comment.Status.PENDING)
    client.force_login(moderator)
    act(client, "approve", comments[:1])
    act(client, "mark_spam", comments[1:2])
    act(client, "remove", comments[2:])
    statuses = [Comment.objects.get(pk=c.pk).status for c in comments]
    assert statuses == ["approved", "spam", "removed"]


def test_approved_comment_shows_on_the_site_after_the_admin_action(client, moderator):
    comment = CommentFactory(status=Comment.Status.PENDING, body="Now you see me")
    assert "Now you see me" not in client.get(comment.article.get_absolute_url()).content.decode()
    client.force_login(moderator)
    act(client, "approve", [comment])
    client.logout()
    assert "Now you see me" in client.get(comment.article.get_absolute_url()).content.decode()


def test_bulk_actions_need_the_change_permission(client):
    viewer = User.objects.create_user("viewer", "v@example.com", "pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_comment"))
    comment = CommentFactory(status=Comment.Status.PENDING)
    client.force_login(viewer)
    response = client.get(changelist())
    assert response.status_code == 200
    assert 'name="action"' not in response.content.decode()
    act(client, "approve", [comment])
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.PENDING


def test_ban_actions_need_the_ban_permission(client, moderator):
    moderator.user_permissions.remove(Permission.objects.get(codename="add_ban"))
    client.force_login(moderator)
    html = client.get(changelist()).content.decode()
    assert "approve" in html
    assert "ban_emails" not in html


def test_one_action_bans_an_email_and_marks_its_comments_spam(client, moderator):
    comment = CommentFactory(email="troll@example.com", ip_address="203.0.113.50", status=Comment.Status.PENDING)
    client.force_login(moderator)
    act(client, "ban_emails", [comment])
    act(client, "ban_ips", [comment], status="spam")
    assert set(Ban.objects.values_list("kind", "value")) == {("email", "troll@example.com"), ("ip", "203.0.113.50")}
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.SPAM
    assert Ban.objects.get(kind="email").created_by == moderator


def test_admin_links_to_the_comment_on_the_site(client, moderator):
    comment = CommentFactory()
    client.force_login(moderator)
    assert comment.get_absolute_url() in client.get(changelist("approved")).content.decode()
    response = client.get(comment.get_absolute_url())
    assert response["Location"] == f"{comment.article.get_absolute_url()}#comment-{comment.pk}"


def test_reply_as_staff_from_the_admin_publishes_and_approves_the_parent(client, moderator):
    parent = CommentFactory(status=Comment.Status.PENDING, name="Bea")
    client.force_login(moderator)
    url = reverse("admin:comments_comment_reply", args=[parent.pk])
    assert "Reply to Bea" in client.get(url).content.decode()
    client.post(url, {"body": "Thanks, we have corrected the date."})
    reply = Comment.objects.get(parent=parent)
    assert reply.status == Comment.Status.APPROVED
    assert reply.staff_label == "Staff"
    assert reply.email == "mod@example.com"
    assert Comment.objects.get(pk=parent.pk).status == Comment.Status.APPROVED


def test_reply_as_staff_needs_permission(client):
    viewer = User.objects.create_user("viewer", "v@example.com", "pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_comment"))
    client.force_login(viewer)
    parent = CommentFactory()
    assert client.post(reverse("admin:comments_comment_reply", args=[parent.pk]), {"body": "x"}).status_code == 403
    assert not Comment.objects.filter(parent=parent).exists()


def test_disallowed_words_are_editable_in_the_admin(client, admin_user):
    client.force_login(admin_user)
    client.post(reverse("admin:comments_disallowedword_add"), {"word": "  Cheap   PILLS "})
    assert list(DisallowedWord.objects.values_list("word", flat=True)) == ["cheap pills"]


def change_form_data(comment, **extra):
    return {
        "status": comment.status, "body": comment.body, "name": comment.name, "email": comment.email,
        "website": comment.website, **extra,
    }


def test_change_page_bans_an_email_in_one_click(client, moderator):
    comment = CommentFactory(email="troll@example.com", ip_address="203.0.113.51", status=Comment.Status.PENDING)
    url = reverse("admin:comments_comment_change", args=[comment.pk])
    client.force_login(moderator)
    assert 'name="_ban_email"' in client.get(url).content.decode()
    client.post(url, change_form_data(comment, _ban_email="Ban"))
    assert Ban.objects.filter(kind="email", value="troll@example.com").exists()
    assert Comment.objects.get(pk=comment.pk).status == Comment.Status.SPAM


def test_change_page_ban_is_refused_without_the_ban_permission(client, moderator):
    moderator.user_permissions.remove(Permission.objects.get(codename="add_ban"))
    comment = CommentFactory(ip_address="203.0.113.52")
    url = reverse("admin:comments_comment_change", args=[comment.pk])
    client.force_login(moderator)
    assert 'name="_ban_ip"' not in client.get(url).content.decode()
    assert client.post(url, change_form_data(comment, _ban_ip="Ban")).status_code == 403
    assert not Ban.objects.exists()


def test_approving_on_the_change_page_emails_the_parent_author(client, moderator, committed):
    from django.core import mail

    parent = CommentFactory(notify_replies=True)
    reply = CommentFactory(article=parent.article, parent=parent, status=Comment.Status.PENDING)
    client.force_login(moderator)
    with committed():
        client.post(
            reverse("admin:comments_comment_change", args=[reply.pk]), change_form_data(reply, status="approved")
        )
    assert Comment.objects.get(pk=reply.pk).status == Comment.Status.APPROVED
    assert [m.to for m in mail.outbox] == [[parent.email]]


def test_article_admin_list_counts_comments_without_a_query_per_row(admin_client, django_assert_max_num_queries):
    for _ in range(3):
        article = ArticleFactory()
        CommentFactory.create_batch(2, article=article)
        CommentFactory(article=article, status=Comment.Status.PENDING)
    with django_assert_max_num_queries(12):
        response = admin_client.get("/admin/articles/article/")
    assert response.status_code == 200
    rows = response.context["cl"].result_list
    assert [(a.approved_total, a.pending_total) for a in rows] == [(2, 1)] * 3
    assert "status__exact=pending" in response.content.decode()


# --- One way in: the form and a staff reply both go through workflow.submit ----------


def count_formatting(monkeypatch):
    calls = []
    real = comment_models.format_body
    monkeypatch.setattr(comment_models, "format_body", lambda text: calls.append(text) or real(text))
    return calls


def test_a_posted_comment_is_formatted_once_for_moderation_and_storage(client, monkeypatch):
    calls = count_formatting(monkeypatch)
    post_comment(client, ArticleFactory(), body="See https://example.com and https://example.org")
    comment = Comment.objects.get()
    assert comment.moderation_reasons == ["2 links", "not a known commenter"]
    assert calls == [comment.body]


def test_a_status_change_does_not_format_the_body_again(monkeypatch, moderator):
    comment = CommentFactory(status=Comment.Status.PENDING)
    calls = count_formatting(monkeypatch)
    set_status(Comment.objects.filter(pk=comment.pk), Comment.Status.APPROVED)
    assert calls == []


def test_an_edited_body_is_formatted_again_on_save():
    comment = CommentFactory(body="First words.")
    comment.body = "Second words."
    comment.save()
    comment.refresh_from_db()
    assert "Second words." in comment.body_html


def test_the_form_and_a_staff_reply_both_submit_through_the_workflow(client, moderator, monkeypatch):
    submitted = []
    real = workflow.submit
    monkeypatch.setattr(workflow, "submit", lambda comment, *proven: submitted.append(comment) or real(comment, *proven))
    monkeypatch.setattr(comment_views, "submit", workflow.submit)
    monkeypatch.setattr(comment_admin, "submit", workflow.submit)
    article = ArticleFactory()
    post_comment(client, article)
    parent = Comment.objects.get()
    client.force_login(moderator)
    client.post(reverse("admin:comments_comment_reply", args=[parent.pk]), {"body": "Thanks, Ada."})
    assert [comment.body for comment in submitted] == ["I enjoyed this piece.", "Thanks, Ada."]
    assert submitted[1].status == Comment.Status.APPROVED and submitted[1].parent == parent
