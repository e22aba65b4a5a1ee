"""Cached pages for everyone who reads: commenters with saved details or a
pending comment, and signed-in staff, get the shared page with their own parts
filled in per request (trillmag/pagecache/holes.py, comments/holes.py), and
nothing of theirs ever reaches a shared entry."""
import pickle

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client

from .comment_helpers import post_comment
from .factories import ArticleFactory, DraftFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


@pytest.fixture(autouse=True)
def instant_posting(settings):
    settings.COMMENTS_MIN_SUBMIT_SECONDS = 0


@pytest.fixture
def stored(monkeypatch):
    """Every value written to the cache, pickled as the cache would keep it."""
    values = []
    original = cache.set

    def recorded(key, value, *args, **kwargs):
        values.append(pickle.dumps(value))
        return original(key, value, *args, **kwargs)

    monkeypatch.setattr(cache, "set", recorded)
    return values


@pytest.fixture
def story():
    return ArticleFactory(title="Harbour bridge reopens")


@pytest.fixture
def commenter(story):
    """A reader who saved their details and has a comment awaiting moderation."""
    client = Client()
    response = post_comment(
        client, story, body="Zanele's first thoughts", name="Zanele Private",
        email="zanele@example.com", website="https://zanele.example", save_details="on",
    )
    assert response.status_code == 302
    return client


@pytest.fixture
def staff():
    client = Client()
    client.force_login(User.objects.create_superuser("deskeditor", "desk@example.com", "pw-desk-123"))
    return client


def test_a_returning_commenter_gets_the_cached_page_with_their_details(story, commenter):
    Client().get(story.get_absolute_url())
    page = commenter.get(story.get_absolute_url())
    assert page["X-Page-Cache"] == "hit"
    assert "private" in page["Cache-Control"] and "X-Cache-Tags" not in page
    assert 'value="Zanele Private"' in page.text and 'value="zanele@example.com"' in page.text
    assert 'name="save_details" id="id_save_details" checked' in page.text
    assert "Zanele's first thoughts" in page.text and "awaiting moderation" in page.text


def test_their_flash_message_is_shown_to_them_once_on_the_cached_page(story):
    Client().get(story.get_absolute_url())
    writer = Client()
    post_comment(writer, story, body="A first comment", email="first@example.com")
    page = writer.get(story.get_absolute_url())
    assert page["X-Page-Cache"] == "hit" and "Your comment is awaiting moderation." in page.text
    assert 'class="message' not in writer.get(story.get_absolute_url()).text


def test_other_readers_never_see_a_commenters_parts(story, commenter):
    commenter.get(story.get_absolute_url())
    for _ in range(2):
        page = Client().get(story.get_absolute_url())
        assert "Zanele" not in page.text and "zanele@example.com" not in page.text


def test_staff_get_cached_pages_and_the_preview_of_a_draft_in_full(story, staff):
    Client().get("/")
    assert staff.get("/")["X-Page-Cache"] == "hit"
    draft = DraftFactory(title="Embargoed budget story")
    preview = staff.get(draft.get_absolute_url())
    assert preview.status_code == 200 and "Embargoed budget story" in preview.text
    assert preview["X-Page-Cache"] == "bypass" and "no-cache" in preview["Cache-Control"]
    assert Client().get(draft.get_absolute_url()).status_code == 404


def test_no_shared_entry_ever_holds_personal_data(story, commenter, staff, stored):
    urls = [story.get_absolute_url(), "/", f"{story.get_absolute_url()}?replytocom=1"]
    for client in (commenter, staff, Client(), Client()):
        for url in urls:
            assert client.get(url).status_code == 200
    session = staff.cookies["sessionid"].value
    assert stored, "the anonymous reader's pages were stored"
    for value in stored:
        for personal in (b"Zanele", b"zanele@example.com", b"zanele.example", b"deskeditor", b"desk@example.com",
                         session.encode(), b"You are signed in", b"staff-bar\""):
            assert personal not in value


def test_two_commenters_each_get_their_own_details(story):
    Client().get(story.get_absolute_url())
    first, second = Client(), Client()
    post_comment(first, story, name="First Person", email="first@example.com", save_details="on")
    post_comment(second, story, name="Second Person", email="second@example.com", save_details="on", ip="203.0.113.8")
    for _ in range(2):
        mine, theirs = first.get(story.get_absolute_url()).text, second.get(story.get_absolute_url()).text
        assert 'value="First Person"' in mine and "Second Person" not in mine
        assert 'value="Second Person"' in theirs and "First Person" not in theirs
