"""The staff bar (staffauth/bar.py): a signed-in staff member's links back to
the newsroom on every public page, filled into the cached page for them alone."""
import re

import pytest
from django.test import Client
from django.urls import reverse

from pages.models import Page

from .comment_helpers import post_comment
from .factories import ArticleFactory, StaffFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def bar(page):
    found = re.findall(r'<nav class="staff-bar".*?</nav>', page.text, re.S)
    return found[0] if found else None


@pytest.fixture
def staff():
    client = Client()
    client.force_login(StaffFactory(role="Editor", first_name="Maya", last_name="Okafor"))
    return client


def test_a_staff_member_gets_the_cached_article_with_their_bar_and_its_edit_link(staff):
    article = ArticleFactory()
    Client().get(article.get_absolute_url())  # a reader's visit stores the shared page
    page = staff.get(article.get_absolute_url())
    assert page["X-Page-Cache"] == "hit" and "private" in page["Cache-Control"]
    links = bar(page)
    assert f'href="{reverse("admin:articles_article_change", args=[article.pk])}">Edit this article' in links
    assert f'href="{reverse("admin:index")}">Newsroom' in links and "Signed in as Maya Okafor" in links


def test_a_static_page_offers_its_own_edit_link_and_a_listing_none(staff):
    about = Page.objects.create(title="About us", slug="about", body="<p>Who we are.</p>", is_published=True)
    links = bar(staff.get(about.get_absolute_url()))
    assert f'href="{reverse("admin:pages_page_change", args=[about.pk])}">Edit this page' in links
    front = bar(staff.get("/"))
    assert "Newsroom" in front and "Edit this" not in front


def test_readers_and_commenters_never_get_the_bar(staff):
    article = ArticleFactory()
    staff.get(article.get_absolute_url())
    commenter = Client()
    post_comment(commenter, article, body="My view", email="reader@example.com", save_details="on")
    for client in (Client(), commenter):
        page = client.get(article.get_absolute_url())
        assert bar(page) is None and "staff-bar" not in page.text and "Maya Okafor" not in page.text


def test_two_staff_members_each_see_their_own_name(staff):
    article = ArticleFactory()
    other = Client()
    other.force_login(StaffFactory(username="tom"))
    assert "Signed in as Maya Okafor" in bar(staff.get(article.get_absolute_url()))
    theirs = bar(other.get(article.get_absolute_url()))
    assert "Signed in as tom" in theirs and "Maya" not in theirs


def test_a_signed_in_reader_who_is_not_staff_gets_no_bar(django_user_model):
    article = ArticleFactory()
    member = Client()
    member.force_login(django_user_model.objects.create_user("reader", "reader@example.com", "pw-reader-123"))
    assert bar(member.get(article.get_absolute_url())) is None
