"""Publishing: staff preview, scheduling by the clock, and URLs that never break."""
from datetime import datetime, timedelta, timezone as dt_timezone

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertTemplateUsed

from articles.models import Article, ArticleRedirect
from tests.admin_helpers import article_form_data
from tests.factories import ArticleFactory, AuthorFactory, DraftFactory, StaffFactory

pytestmark = pytest.mark.django_db

DUE = datetime(2031, 3, 14, 9, 30, tzinfo=dt_timezone.utc)


# -- preview ---------------------------------------------------------------------------------


@pytest.fixture
def draft():
    return DraftFactory(title="Not ready yet")


def test_readers_get_404_for_drafts(client, draft):
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_editors_preview_drafts_on_the_real_page_never_cached(client, draft):
    client.force_login(StaffFactory(role="Editor"))
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assertTemplateUsed(response, "articles/article_detail.html")
    assert "Preview." in response.content.decode()
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_authors_preview_their_own_drafts_only(client, draft):
    user = StaffFactory(role="Author")
    own = DraftFactory(authors=[AuthorFactory(user=user)])
    client.force_login(user)
    assert client.get(own.get_absolute_url()).status_code == 200
    assert client.get(draft.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("role", ["Moderator", None])
def test_staff_who_cannot_change_articles_get_404_for_drafts(client, draft, role):
    client.force_login(StaffFactory(role=role))
    assert client.get(draft.get_absolute_url()).status_code == 404


# -- scheduling --------------------------------------------------------------------------------


def test_a_scheduled_article_appears_by_itself_exactly_when_due(client):
    with time_machine.travel(DUE - timedelta(days=1), tick=False):
        article = ArticleFactory(title="Embargoed report", published_at=DUE)
    home = reverse("articles:home")
    with time_machine.travel(DUE - timedelta(seconds=1), tick=False):
        assert client.get(article.get_absolute_url()).status_code == 404
        assert "Embargoed report" not in client.get(home).content.decode()
        assert not Article.objects.published().filter(pk=article.pk).exists()
    with time_machine.travel(DUE, tick=False):
        assert client.get(article.get_absolute_url()).status_code == 200
        assert "Embargoed report" in client.get(home).content.decode()
        assert Article.objects.published().filter(pk=article.pk).exists()


def test_scheduled_articles_are_listed_as_scheduled_until_due():
    with time_machine.travel(DUE - timedelta(hours=1), tick=False):
        article = ArticleFactory(published_at=DUE)
        assert list(Article.objects.scheduled()) == [article]
    with time_machine.travel(DUE, tick=False):
        assert not Article.objects.scheduled().exists()


# -- URL history -------------------------------------------------------------------------------


def test_changing_a_published_slug_redirects_the_old_url(client):
    article = ArticleFactory(slug="first-headline")
    old_url = article.get_absolute_url()
    article.slug = "better-headline"
    article.save()
    response = client.get(old_url)
    assert response.status_code == 301 and response["Location"] == article.get_absolute_url()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_changing_a_published_date_redirects_the_old_url(client):
    article = ArticleFactory(published_at=timezone.now() - timedelta(days=3))
    old_url = article.get_absolute_url()
    article.published_at = timezone.now() - timedelta(days=1)
    article.save()
    response = client.get(old_url)
    assert response.status_code == 301 and response["Location"] == article.get_absolute_url()


def test_every_old_url_of_an_article_keeps_working(client):
    article = ArticleFactory(slug="one")
    first = article.get_absolute_url()
    for slug in ("two", "three"):
        article.slug = slug
        article.save()
    assert client.get(first)["Location"] == article.get_absolute_url()
    assert client.get(first.replace("/one/", "/two/"))["Location"] == article.get_absolute_url()


def test_going_back_to_an_old_slug_does_not_loop(client):
    article = ArticleFactory(slug="original")
    article.slug = "renamed"
    article.save()
    article.slug = "original"
    article.save()
    assert client.get(article.get_absolute_url()).status_code == 200
    assert list(ArticleRedirect.objects.values_list("path", flat=True)) == [
        article.get_absolute_url().replace("/original/", "/renamed/")
    ]


def test_draft_slug_changes_leave_no_history():
    article = DraftFactory(slug="working-title")
    article.slug = "final-title"
    article.save()
    assert not ArticleRedirect.objects.exists()


def test_old_urls_of_unpublished_articles_are_404_for_readers(client):
    article = ArticleFactory(slug="was-live")
    old_url = article.get_absolute_url()
    article.slug = "now-draft"
    article.save()
    article.unpublish()
    article.save()
    assert client.get(old_url).status_code == 404


def test_unknown_article_urls_are_404(client):
    assert client.get("/2024/01/02/never-existed/").status_code == 404


def test_editors_slug_change_in_the_admin_is_remembered(client):
    article = ArticleFactory(slug="admin-before")
    old_url = article.get_absolute_url()
    user = StaffFactory(role="Editor")
    client.force_login(user)
    client.post(reverse("admin:articles_article_change", args=[article.pk]), article_form_data(article, slug="admin-after"))
    assert client.get(old_url)["Location"] == Article.objects.get().get_absolute_url()
