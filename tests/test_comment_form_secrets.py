"""The comment form on a page every reader shares: its CSRF token and signed
time come from comments:secrets (read by comments.js); without JavaScript, a
comment sent without them comes back with everything typed kept and fresh
secrets, never a 403 page; CSRF protection stays whole."""
import json

import pytest
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from harness.servers import hidden_value

from .comment_helpers import form_data
from .factories import ArticleFactory, DraftFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def quick_commenters(settings):
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0
    settings.PAGE_CACHE = True


@pytest.fixture
def story():
    return ArticleFactory()


def send(client, story, **fields):
    return client.post(reverse("comments:post", args=[story.pk]), form_data(story, **fields), REMOTE_ADDR="203.0.113.9")


def test_the_shared_page_has_an_empty_form_and_where_to_fetch_its_secrets(story):
    page = Client().get(story.get_absolute_url())
    assert 'name="csrfmiddlewaretoken" value=""' in page.text and 'name="token" value=""' in page.text
    assert f'data-secrets="{reverse("comments:secrets", args=[story.pk])}"' in page.text


def test_secrets_fetched_by_the_script_let_the_comment_through(story):
    reader = Client(enforce_csrf_checks=True)
    reader.get(story.get_absolute_url())
    answer = reader.get(reverse("comments:secrets", args=[story.pk]))
    assert "no-cache" in answer["Cache-Control"] and "csrftoken" in answer.cookies
    secrets = json.loads(answer.content)
    response = send(reader, story, **secrets)
    assert response.status_code == 302
    assert Comment.objects.filter(article=story).count() == 1


def test_each_reader_gets_their_own_secrets(story):
    first, second = (json.loads(Client().get(reverse("comments:secrets", args=[story.pk])).content) for _ in range(2))
    assert first["csrfmiddlewaretoken"] != second["csrfmiddlewaretoken"]


def test_no_secrets_for_an_article_readers_cannot_see():
    draft = DraftFactory()
    assert Client().get(reverse("comments:secrets", args=[draft.pk])).status_code == 404


def test_without_javascript_the_form_comes_back_kept_with_fresh_secrets(story):
    reader = Client(enforce_csrf_checks=True)
    reader.get(story.get_absolute_url())
    typed = {"body": "Typed without a script", "name": "Offline Reader", "email": "offline@example.com"}
    again = send(reader, story, csrfmiddlewaretoken="", token="", **typed)
    assert again.status_code == 400
    assert not Comment.objects.exists()
    assert "Typed without a script" in again.text and 'value="Offline Reader"' in again.text
    assert "please send it again" in again.text
    assert "private" in again["Cache-Control"] or "no-cache" in again["Cache-Control"]
    secrets = {name: hidden_value(again.content, name) for name in ("csrfmiddlewaretoken", "token")}
    assert all(secrets.values())
    assert send(reader, story, **secrets, **typed).status_code == 302
    assert Comment.objects.get().body == "Typed without a script"


def test_a_foreign_origin_is_still_refused_with_a_valid_token(story, settings):
    reader = Client(enforce_csrf_checks=True)
    secrets = json.loads(reader.get(reverse("comments:secrets", args=[story.pk])).content)
    response = reader.post(
        reverse("comments:post", args=[story.pk]), form_data(story, **secrets),
        HTTP_ORIGIN="https://attacker.example", REMOTE_ADDR="203.0.113.9",
    )
    assert response.status_code == 403
    assert "Typed" not in response.text and not Comment.objects.exists()


def test_a_wrong_token_is_still_refused(story):
    reader = Client(enforce_csrf_checks=True)
    json.loads(reader.get(reverse("comments:secrets", args=[story.pk])).content)
    response = send(reader, story, csrfmiddlewaretoken="x" * 64)
    assert response.status_code == 403 and not Comment.objects.exists()


def test_other_forms_keep_djangos_csrf_page(story):
    response = Client(enforce_csrf_checks=True).post(reverse("articles:search"), {"q": "x"})
    assert response.status_code == 403
