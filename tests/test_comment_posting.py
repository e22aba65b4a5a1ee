"""Posting comments and replies through the form, and every reason one is refused."""
import time
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils import timezone

from comments.cookies import DETAILS_COOKIE, PENDING_COOKIE
from comments.forms import DUPLICATE, sign_form_token
from comments.models import Comment
from comments.throttle import Rate, client_ip


from .comment_helpers import form_data, post_comment
from .factories import ArticleFactory, CommentFactory, DraftFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticleFactory()


def test_valid_comment_is_stored_pending_and_redirects_to_its_anchor(client, article):
    response = post_comment(client, article, body="First!\n\nSecond paragraph.")
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}#comment-{comment.pk}"
    assert comment.status == Comment.Status.PENDING
    assert comment.body == "First!\n\nSecond paragraph."
    assert comment.ip_address == "203.0.113.7"
    assert comment.moderation_reasons == ["not a known commenter"]


def test_commenter_is_told_their_comment_awaits_moderation(client, article):
    response = post_comment(client, article, follow=False)
    page = client.get(response["Location"])
    assert "Your comment is awaiting moderation." in page.content.decode()


def test_user_agent_is_recorded_for_moderators(client, article):
    client.post(
        reverse("comments:post", args=[article.pk]), form_data(article), HTTP_USER_AGENT="TestBrowser/1.0"
    )
    assert Comment.objects.get().user_agent == "TestBrowser/1.0"


def test_reply_is_nested_under_its_parent(client, article):
    parent = CommentFactory(article=article)
    post_comment(client, article, parent=str(parent.pk), body="I disagree.")
    reply = Comment.objects.get(body="I disagree.")
    assert reply.parent == parent
    assert reply.root == parent
    assert reply.depth == 1
    assert reply.path == f"{parent.path}/{reply.pk:010d}"


def test_replies_nest_five_levels_then_attach_at_the_deepest(client, article):
    comment = CommentFactory(article=article)
    for _ in range(4):
        comment = CommentFactory(article=article, parent=comment)
    assert comment.depth == 4
    deeper = CommentFactory(article=article, parent=comment)
    assert deeper.depth == 4
    assert deeper.parent == comment.parent


def test_reply_to_a_comment_of_another_article_is_refused(client, article):
    elsewhere = CommentFactory()
    response = post_comment(client, article, parent=str(elsewhere.pk))
    assert response.status_code == 400
    assert "no longer available" in response.content.decode()
    assert not Comment.objects.filter(article=article).exists()


def test_reply_to_a_pending_comment_is_refused(client, article):
    pending = CommentFactory(article=article, status=Comment.Status.PENDING)
    response = post_comment(client, article, parent=str(pending.pk))
    assert response.status_code == 400


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("body", "", "Please write your comment."),
        ("body", "   ", "Please write your comment."),
        ("name", "", "Please give your name."),
        ("email", "", "Please give your email address (it is never published)."),
        ("email", "a@", "Enter a valid email address, like name@example.com."),
        ("email", "@b.c", "Enter a valid email address, like name@example.com."),
        ("email", "a b@c.d", "Enter a valid email address, like name@example.com."),
        ("email", "a@b", "Enter a valid email address, like name@example.com."),
        ("email", "a@localhost", "Enter a valid email address, like name@example.com."),
        ("email", "no-at-sign.example.com", "Enter a valid email address, like name@example.com."),
        ("website", "javascript:alert(1)", "Enter a web address starting with http:// or https://."),
        ("website", "ftp://example.com/", "Enter a web address starting with http:// or https://."),
        ("website", "data:text/html,hi", "Enter a web address starting with http:// or https://."),
        ("name", "x" * 81, "Ensure this value has at most 80 characters (it has 81)."),
        ("body", "x" * 5001, "Keep your comment under 5000 characters (it has 5001)."),
        ("body", "bell\x07ringer", "Remove the invisible control characters from this text."),
        ("body", "null\x00byte", "Null characters are not allowed."),
        ("name", "Ann\u202eeivil", "Remove the invisible text-direction characters from this text."),
    ],
)
def test_invalid_field_gets_its_message_and_keeps_what_was_typed(client, article, field, value, message):
    response = post_comment(client, article, **{field: value, "body": "Kept text here." if field != "body" else value})
    html = response.content.decode()
    assert response.status_code == 400
    assert not Comment.objects.exists()
    assert response.context["comment_form"].errors[field] == [message]
    assert f'<span class="field-error" id="id_{field}_error">' in html
    if field != "body":
        assert "Kept text here." in html
    assert 'value="Ada Reader"' in html or field == "name"


def test_website_without_scheme_becomes_https(client, article):
    post_comment(client, article, website="example.com/me")
    assert Comment.objects.get().website == "https://example.com/me"


def test_email_is_stored_in_lower_case(client, article):
    post_comment(client, article, email="Ada@Example.COM")
    assert Comment.objects.get().email == "ada@example.com"


def test_honeypot_filled_in_is_refused_with_a_message(client, article):
    response = post_comment(client, article, url="http://spam.example/")
    assert response.status_code == 400
    assert "This field must be left empty." in response.content.decode()
    assert not Comment.objects.exists()


def test_posting_faster_than_the_minimum_is_refused_and_kept(client, article, settings):
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 3
    response = post_comment(client, article, token=sign_form_token(article), body="Speedy words")
    html = response.content.decode()
    assert response.status_code == 400
    assert "That was very quick!" in html
    assert "Speedy words" in html
    assert not Comment.objects.exists()


def test_form_from_another_article_or_tampered_is_refused(client, article):
    other = ArticleFactory()
    for token in [sign_form_token(other, issued_at=time.time() - 60), "forged:token", ""]:
        response = post_comment(client, article, token=token)
        assert response.status_code == 400
    assert not Comment.objects.exists()


def test_form_open_too_long_is_refused(client, article, settings):
    settings.COMMENTS_FORM_MAX_AGE = 60
    response = post_comment(client, article, token=sign_form_token(article, issued_at=time.time() - 600))
    assert "open too long" in response.content.decode()


def test_rate_limit_answers_429_with_a_readable_page_and_keeps_the_text(client, article, settings):
    settings.COMMENTS_RATE_LIMIT = "2/m"
    for n in range(2):
        assert post_comment(client, article, body=f"Comment {n}").status_code == 302
    response = post_comment(client, article, body="Third in a row")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Too many comments" in response.content.decode()
    assert "Third in a row" in response.content.decode()
    assert Comment.objects.count() == 2
    assert post_comment(client, article, ip="198.51.100.1", body="Another reader").status_code == 302


def test_rate_limit_can_be_turned_off(client, article, settings):
    settings.COMMENTS_RATE_LIMIT = "off"
    for n in range(8):
        assert post_comment(client, article, body=f"Comment {n}").status_code == 302


def test_duplicate_comment_is_refused(client, article):
    CommentFactory(article=article, email="ada@example.com", body="Same words.")
    response = post_comment(client, article, email="ADA@example.com", body="Same words.")
    assert response.status_code == 400
    assert response.context["comment_form"].errors["body"] == [DUPLICATE]


def test_same_words_from_another_reader_are_not_a_duplicate(client, article):
    CommentFactory(article=article, email="someone@example.com", body="Same words.")
    assert post_comment(client, article, body="Same words.").status_code == 302


def test_comments_disabled_on_an_article_refuse_posts(client):
    article = ArticleFactory(comments_enabled=False)
    response = post_comment(client, article, body="Words for a closed thread")
    assert response.status_code == 403
    assert "Comments are closed." in response.content.decode()
    assert "Words for a closed thread" in response.content.decode()
    assert "Comments are closed." in client.get(article.get_absolute_url()).content.decode()
    assert not Comment.objects.exists()


def test_comments_close_after_the_configured_days(client, settings):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 30
    old = ArticleFactory(published_at=timezone.now() - timedelta(days=31))
    fresh = ArticleFactory(published_at=timezone.now() - timedelta(days=29))
    assert post_comment(client, old).status_code == 403
    assert post_comment(client, fresh).status_code == 302


def test_comments_on_unpublished_articles_are_404(client):
    draft = DraftFactory()
    assert post_comment(client, draft).status_code == 404


def test_get_on_the_post_url_is_not_allowed(client, article):
    assert client.get(reverse("comments:post", args=[article.pk])).status_code == 405


def test_saved_details_prefill_the_next_form_only_when_ticked(client, article):
    post_comment(client, article, save_details="on", website="https://ada.example/")
    assert DETAILS_COOKIE in client.cookies
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'value="Ada Reader"' in html
    assert 'value="ada@example.com"' in html
    assert 'value="https://ada.example/"' in html
    post_comment(client, article, body="Without saving this time.")
    assert client.cookies[DETAILS_COOKIE].value == ""
    assert 'value="Ada Reader"' not in client.get(article.get_absolute_url()).content.decode()


def test_reply_link_without_javascript_sets_up_the_form(client, article):
    parent = CommentFactory(article=article, name="Bea")
    html = client.get(f"{article.get_absolute_url()}?replytocom={parent.pk}").content.decode()
    assert "Reply to <bdi>Bea</bdi>" in html
    assert f'name="parent" value="{parent.pk}"' in html
    assert 'id="cancel-comment-reply-link"' in html


def test_staff_reply_on_the_site_is_published_at_once_and_marked(client, article, admin_user):
    parent = CommentFactory(article=article)
    client.force_login(admin_user)
    post_comment(client, article, parent=str(parent.pk), name="The Desk", email="desk@example.com")
    reply = Comment.objects.get(parent=parent)
    assert reply.status == Comment.Status.APPROVED
    assert reply.user == admin_user
    assert reply.staff_label == "Staff"
    assert "staff-badge" in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "text, expected", [("5/m", Rate(5, 60)), ("100/hour", Rate(100, 3600)), ("2/s", Rate(2, 1)), ("", None), ("off", None)]
)
def test_rate_limit_setting_is_read(text, expected):
    assert Rate.parse(text) == expected


@pytest.mark.parametrize("text", ["5", "five/m", "5/fortnight", "/m"])
def test_malformed_rate_limit_setting_is_a_clear_configuration_error(text):
    with pytest.raises(ImproperlyConfigured, match="COMMENTS_RATE_LIMIT"):
        Rate.parse(text)


def test_client_ip_comes_from_the_configured_header_and_must_be_an_address(rf, settings):
    settings.COMMENTS_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    request = rf.post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5, 198.51.100.20")
    assert client_ip(request) == "198.51.100.20"
    assert client_ip(rf.post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="<script>")) is None
    assert client_ip(rf.post("/", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"


def test_forged_pending_cookie_shows_nobody_elses_comment(client, article):
    pending = CommentFactory(article=article, status=Comment.Status.PENDING, body="Not yours")
    client.cookies[PENDING_COOKIE] = str(pending.pk)
    assert "Not yours" not in client.get(article.get_absolute_url()).content.decode()


def test_the_rate_limit_counts_in_the_database_and_forgets_past_windows(client, article, settings):
    from comments.models import RateCounter

    settings.COMMENTS_RATE_LIMIT = "2/h"
    hour = (timezone.now() + timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    with time_machine.travel(hour, tick=False):
        for n in range(2):
            assert post_comment(client, article, body=f"Remark {n}", email=f"r{n}@example.com").status_code == 302
        assert post_comment(client, article, body="One too many", email="r9@example.com").status_code == 429
        assert RateCounter.objects.get().count == 3
    with time_machine.travel(hour + timedelta(hours=1, seconds=1), tick=False):
        assert post_comment(client, article, body="A new hour", email="r3@example.com").status_code == 302
        assert [counter.count for counter in RateCounter.objects.all()] == [1]


def test_each_fields_errors_are_one_element_that_the_input_points_at(client):
    response = post_comment(client, ArticleFactory(), name="x\u202e" + "y" * 100)
    page = response.content.decode()
    assert 'aria-describedby="id_name_error"' in page
    assert page.count('id="id_name_error"') == 1
    error = page.split('id="id_name_error">', 1)[1].split("</span>", 1)[0]
    assert "text-direction" in error and "at most 80 characters" in error
