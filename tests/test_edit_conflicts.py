"""No lost edits: a save over a newer save is refused with who changed what,
both texts kept (two clients over HTTP); the soft lock's notice ("Maya
Okafor is editing this article"), its heartbeat and its expiry."""
import http.cookiejar
import re
import threading
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from harness.servers import Browser, hidden_value
from pages.models import Page
from tests.admin_helpers import article_form_data
from tests.factories import ArticleFactory, AuthorFactory, StaffFactory, staff_with_byline

NOTICE = "Maya Okafor is editing this article."


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def presence_url(article):
    return reverse("admin:articles_article_presence", args=[article.pk])


def editor(first, last):
    return staff_with_byline("Editor", first, last)


@pytest.fixture
def maya():
    return editor("Maya", "Okafor")


@pytest.fixture
def daniel():
    return editor("Daniel", "Reyes")


def signed_in(user, over_http=False):
    """A client with `user`'s session: Django's test client, or an HTTP
    client (harness.servers.Browser) for the live server on 127.0.0.1."""
    client = Client()
    client.force_login(user)
    if not over_http:
        return client
    browser = Browser()
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    browser.cookies.set_cookie(http.cookiejar.Cookie(
        0, settings.SESSION_COOKIE_NAME, session, None, False, "127.0.0.1", False, False, "/", True,
        False, None, False, None, None, {},
    ))
    return browser


def input_value(page, name):
    return re.search(rf'<input type="text" name="{name}" value="([^"]*)"', page)[1]


# -- two clients over HTTP ----------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_second_of_two_crossing_saves_is_refused_naming_who_changed_what_and_keeping_both_texts(live_server, maya, daniel):
    article = ArticleFactory(title="Cranes return to the harbour", standfirst="The port is busy again.")
    url = live_server.url.replace("localhost", "127.0.0.1") + change_url(article)
    first, second = signed_in(maya, over_http=True), signed_in(daniel, over_http=True)
    forms = {}
    for who, browser in [("maya", first), ("daniel", second)]:
        status, _, page = browser.get(url)
        assert status == 200
        forms[who] = {name: hidden_value(page, name) for name in ["csrfmiddlewaretoken", "edit_version"]}
    assert NOTICE in page.decode()  # Daniel opened it second

    status, _, _ = first.post(url, article_form_data(article, title="Cranes are back in the harbour", **forms["maya"]))
    assert status == 302
    status, _, page = second.post(url, article_form_data(
        article, title="Harbour cranes return", standfirst="Busy again, and loud.", **forms["daniel"]
    ))
    page = page.decode()
    assert status == 200
    assert re.search(r"Maya Okafor saved this article at .+?, after you opened it: Changed headline\.", page)
    assert "your version is still in the form" in page
    # Daniel's own text is in the form; what Maya changed is shown above it.
    assert input_value(page, "title") == "Harbour cranes return"
    assert "Busy again, and loud.</textarea>" in page
    conflict = page.split('class="edit-conflict"')[1].split("</section>")[0]
    assert "<del>return</del>" in conflict and "<ins>are</ins> <ins>back</ins> <ins>in</ins>" in conflict
    assert Article.objects.get(pk=article.pk).title == "Cranes are back in the harbour"

    # Having looked, Daniel saves again: now it is his choice to replace Maya's version.
    again = {**forms["daniel"], "edit_version": hidden_value(page, "edit_version")}
    status, _, _ = second.post(url, article_form_data(article, title="Harbour cranes return", **again))
    assert status == 302
    assert Article.objects.get(pk=article.pk).title == "Harbour cranes return"


@pytest.mark.django_db(transaction=True)
def test_of_two_saves_at_the_same_moment_one_is_kept_and_the_other_refused(live_server, maya, daniel):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL): SQLite lets one writer in at a time")
    article = ArticleFactory(title="Cranes return to the harbour")
    url = live_server.url.replace("localhost", "127.0.0.1") + change_url(article)
    clients = {"Maya": signed_in(maya, over_http=True), "Daniel": signed_in(daniel, over_http=True)}
    opened = {}
    for name, browser in clients.items():
        page = browser.get(url)[2]
        opened[name] = {field: hidden_value(page, field) for field in ["csrfmiddlewaretoken", "edit_version"]}
    start, statuses = threading.Barrier(2), {}

    def save(name):
        data = article_form_data(article, title=f"{name}'s headline", **opened[name])
        start.wait()
        statuses[name] = clients[name].post(url, data)[0]

    threads = [threading.Thread(target=save, args=[name]) for name in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses.values()) == [200, 302]
    [kept] = [name for name, status in statuses.items() if status == 302]
    assert Article.objects.get(pk=article.pk).title == f"{kept}'s headline"


# -- the refusal, in detail (Django's test client) --------------------------------------------------




@pytest.mark.django_db
def test_a_form_opened_before_a_publication_cannot_undo_it(maya, daniel):
    article = ArticleFactory(status=Article.Status.DRAFT, published_at=None, title="Night ferry")
    opened = article_form_data(article)
    signed_in(maya).post(change_url(article), article_form_data(article, _publishing="publish"))
    page = signed_in(daniel).post(change_url(article), {**opened, "_publishing": "draft", "title": "Night ferries"})
    assert page.status_code == 200
    assert "Maya Okafor saved this article at" in page.content.decode()
    assert "Published." in page.content.decode()
    assert Article.objects.get(pk=article.pk).is_live


@pytest.mark.django_db
def test_a_form_with_no_version_is_refused(maya):
    article = ArticleFactory()
    data = article_form_data(article, title="Posted by hand")
    del data["edit_version"]
    assert signed_in(maya).post(change_url(article), data).status_code == 200
    assert Article.objects.get(pk=article.pk).title != "Posted by hand"


@pytest.mark.django_db
def test_a_page_save_over_a_newer_one_is_refused_too(maya, daniel):
    maya.is_superuser = daniel.is_superuser = True
    maya.save()
    daniel.save()
    page = Page.objects.create(title="About us", slug="about", body="<p>Who we are.</p>")
    url = reverse("admin:pages_page_change", args=[page.pk])
    data = {"title": "About us", "slug": "about", "summary": "", "body": "<p>Who we are.</p>",
            "footer_position": 0, "edit_version": page.version}
    assert signed_in(maya).post(url, {**data, "title": "About the magazine"}).status_code == 302
    refused = signed_in(daniel).post(url, {**data, "summary": "Who makes it."})
    assert refused.status_code == 200
    assert "Maya Okafor saved this page at" in refused.content.decode()
    assert Page.objects.get(pk=page.pk).summary == ""


# -- the soft lock ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_opening_an_article_someone_has_open_says_who_is_editing_it(maya, daniel):
    article = ArticleFactory()
    assert NOTICE not in signed_in(maya).get(change_url(article)).content.decode()
    page = signed_in(daniel).get(change_url(article)).content.decode()
    assert NOTICE in page
    assert f'data-presence-url="{presence_url(article)}"' in page
    both = signed_in(StaffFactory(role="Editor", first_name="Ava", last_name="Lind"))
    assert "Maya Okafor and Daniel Reyes are editing this article." in both.get(change_url(article)).content.decode()


@pytest.mark.django_db
def test_the_notice_goes_by_itself_two_minutes_after_the_form_last_said_it_was_open(maya, daniel):
    article = ArticleFactory()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        signed_in(maya).get(change_url(article))
    with time_machine.travel(start + timedelta(seconds=119), tick=False):
        assert NOTICE in signed_in(daniel).get(change_url(article)).content.decode()
    with time_machine.travel(start + timedelta(seconds=121), tick=False):
        assert NOTICE not in signed_in(daniel).get(change_url(article)).content.decode()


@pytest.mark.django_db
def test_the_heartbeat_keeps_the_notice_and_leaving_the_form_ends_it(maya, daniel):
    article = ArticleFactory()
    mayas, daniels = signed_in(maya), signed_in(daniel)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        mayas.get(change_url(article))
    with time_machine.travel(start + timedelta(seconds=100), tick=False):
        assert mayas.post(presence_url(article)).json() == {"notice": ""}
    with time_machine.travel(start + timedelta(seconds=200), tick=False):
        assert daniels.post(presence_url(article)).json() == {"notice": NOTICE}
        assert mayas.post(presence_url(article), {"leave": "1"}).json() == {"notice": ""}
        assert daniels.post(presence_url(article)).json() == {"notice": ""}
        assert mayas.post(presence_url(article)).json() == {"notice": "Daniel Reyes is editing this article."}


@pytest.mark.django_db
def test_the_heartbeat_is_for_those_who_may_change_the_article(maya):
    article = ArticleFactory()
    assert signed_in(StaffFactory(role="Moderator")).post(presence_url(article)).status_code == 403
    author = StaffFactory(role="Author")
    assert signed_in(author).post(presence_url(article)).status_code == 404  # not theirs: not found
    assert signed_in(maya).get(presence_url(article)).status_code == 405
    assert Client().post(presence_url(article)).status_code == 302  # to the login page


@pytest.mark.django_db
def test_someone_who_may_only_read_an_article_holds_no_lock(maya):
    author = StaffFactory(role="Author")
    article = ArticleFactory(authors=[AuthorFactory(user=author)])  # published: read-only to its author
    signed_in(author).get(change_url(article))
    assert "is editing this article" not in signed_in(maya).get(change_url(article)).content.decode()
