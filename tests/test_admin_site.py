"""The newsroom's admin: its own name on every page, a way back to the site."""
import re

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from django.contrib.auth.models import User
from taggit.models import Tag

from articles.models import Article
from comments.models import Comment
from trillmag.admin import NewsroomAdminSite

from .factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


def assert_branded(html, name="Trill! Mag"):
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert title.strip().endswith(f"| {name} newsroom")
    assert f'<div id="site-name"><a href="/admin/">{name} newsroom</a></div>' in html
    assert f'class="newsroom-site-link" href="/">{name} <span aria-hidden="true">&#8599;</span></a>' in html
    assert "Django administration" not in html and "Django site admin" not in html


def every_admin_page(superuser):
    """The home page, and the list and add pages of every model in the admin."""
    request = RequestFactory().get("/admin/")
    request.user = superuser
    pages = [reverse("admin:index"), reverse("admin:password_change")]
    for app in admin.site.get_app_list(request):
        pages.append(app["app_url"])
        for model in app["models"]:
            pages += [url for url in (model["admin_url"], model["add_url"]) if url]  # the job list has no add page
    return pages


def test_every_admin_page_says_trill_mag_newsroom(admin_client, admin_user):
    pages = every_admin_page(admin_user)
    assert len(pages) > 20
    for url in pages:
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert_branded(response.content.decode())


def test_change_pages_and_the_queue_tools_are_branded_too(admin_client):
    comment = CommentFactory(article=ArticleFactory())
    for url in [
        reverse("admin:articles_article_change", args=[comment.article_id]),
        reverse("admin:comments_comment_change", args=[comment.pk]),
        reverse("admin:comments_comment_reply", args=[comment.pk]),
    ]:
        assert_branded(admin_client.get(url).content.decode())


def test_the_login_page_is_branded_and_links_to_the_site(client):
    assert_branded(client.get(reverse("admin:login")).content.decode())


def test_the_name_follows_the_site_name_setting(admin_client, settings):
    settings.SITE_NAME = "Harbour Herald"
    assert_branded(admin_client.get(reverse("admin:index")).content.decode(), name="Harbour Herald")


def test_the_newsroom_site_is_the_default_admin_site():
    # Every app's @admin.register lands on it.
    assert isinstance(admin.site, NewsroomAdminSite)
    assert all(admin.site.is_registered(model) for model in [Article, Comment, Tag, User])


def test_the_admin_keeps_djangos_look_and_dark_mode(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()
    assert "admin/css/base.css" in html and "admin/css/dark_mode.css" in html
    assert "trillmag/admin/newsroom.css" in html
