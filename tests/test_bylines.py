"""Shared bylines: an article has one or more authors, in order, everywhere it is credited."""
import re

import feedparser
import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from articles.models import Article, Byline
from tests.admin_helpers import article_form_data
from tests.conftest import SITE_URL
from tests.factories import ArticleFactory, AuthorFactory, DraftFactory, StaffFactory
from tests.page_head import head

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("site_url")]


@pytest.fixture
def maya():
    return AuthorFactory(name="Maya Okafor", slug="maya-okafor", bio="Covers diplomacy.")


@pytest.fixture
def daniel():
    return AuthorFactory(name="Daniel Reyes", slug="daniel-reyes", bio="Covers Congress.")


@pytest.fixture
def shared(maya, daniel):
    return ArticleFactory(title="What could go wrong on the trip", authors=[maya, daniel])


@pytest.mark.parametrize(
    "names, byline",
    [
        (["Maya Okafor"], "Maya Okafor"),
        (["Maya Okafor", "Daniel Reyes"], "Maya Okafor and Daniel Reyes"),
        (["Maya Okafor", "Daniel Reyes", "Priya Raman"], "Maya Okafor, Daniel Reyes and Priya Raman"),
    ],
)
def test_byline_names_every_author_in_order(client, names, byline):
    article = ArticleFactory(authors=[AuthorFactory(name=name) for name in names])
    assert article.author_names == byline
    page = client.get(article.get_absolute_url()).content.decode()
    assert f"By {byline} " in byline_text(page)


def byline_text(html):
    """The text of the page's byline paragraphs."""
    return " ".join(re.sub(r"<[^>]+>", "", part) for part in re.findall(r'<p class="byline">(.*?)</p>', html))


def test_the_order_of_the_bylines_is_the_one_chosen_not_the_alphabet(maya, daniel):
    article = ArticleFactory(authors=[daniel, maya])
    assert article.author_names == "Daniel Reyes and Maya Okafor"


def test_author_box_shows_every_author(client, shared):
    page = client.get(shared.get_absolute_url()).content.decode()
    box = page[page.index('class="author-box"') :]
    assert box.index("Maya Okafor") < box.index("Daniel Reyes")
    assert "Covers diplomacy." in box and "Covers Congress." in box


@pytest.mark.parametrize("slug", ["maya-okafor", "daniel-reyes"])
def test_each_authors_page_lists_the_shared_article(client, shared, slug):
    ArticleFactory(title="Somebody else's story")
    response = client.get(reverse("articles:author", args=[slug]))
    assert [article.title for article in response.context["articles"]] == [shared.title]


@pytest.mark.parametrize("slug", ["maya-okafor", "daniel-reyes"])
def test_each_authors_feed_carries_the_shared_article(client, shared, slug):
    feed = feedparser.parse(client.get(reverse("articles:author_feed", args=[slug])).content)
    assert [entry.title for entry in feed.entries] == [shared.title]


def test_feeds_name_every_author(client, shared):
    [entry] = feedparser.parse(client.get(reverse("articles:feed")).content).entries
    assert entry.author == "Maya Okafor and Daniel Reyes"


def test_json_ld_and_open_graph_list_every_author(client, shared):
    page = head(client, shared.get_absolute_url())
    assert page.ld("NewsArticle")["author"] == [
        {"@type": "Person", "name": "Maya Okafor", "url": f"{SITE_URL}/author/maya-okafor/"},
        {"@type": "Person", "name": "Daniel Reyes", "url": f"{SITE_URL}/author/daniel-reyes/"},
    ]
    assert page.meta["article:author"] == [f"{SITE_URL}/author/maya-okafor/", f"{SITE_URL}/author/daniel-reyes/"]


def test_cards_name_every_author(client, shared):
    page = client.get("/").content.decode()
    assert 'href="/author/maya-okafor/">Maya Okafor</a> and <a href="/author/daniel-reyes/">Daniel Reyes</a>' in page


# -- who may edit: any article where one of the bylines is theirs ---------------------


def test_a_co_author_edits_and_previews_the_shared_draft(client, daniel):
    user = StaffFactory(role="Author")
    daniel.user = user
    daniel.save()
    draft = DraftFactory(authors=[AuthorFactory(), daniel])
    client.force_login(user)
    assert client.get(draft.get_absolute_url()).status_code == 200
    assert client.get(reverse("admin:articles_article_change", args=[draft.pk])).context["has_change_permission"]


def test_a_shared_published_article_is_listed_once_for_its_co_author(maya, daniel):
    user = StaffFactory()
    user.user_permissions.add(Permission.objects.get(codename="change_article"))
    maya.user = user
    maya.save()
    shared = ArticleFactory(authors=[maya, daniel])
    assert list(Article.objects.visible_to(user).filter(pk=shared.pk)) == [shared]


def test_editors_order_the_authors_in_the_admin(client, maya, daniel):
    article = ArticleFactory(authors=[maya])
    client.force_login(StaffFactory(role="Editor"))
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = client.post(url, article_form_data(article, bylines=[(maya, 2), (daniel, 1)]))
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).author_names == "Daniel Reyes and Maya Okafor"


def test_an_article_cannot_lose_its_last_author_in_the_admin(client, maya):
    article = ArticleFactory(authors=[maya])
    client.force_login(StaffFactory(role="Editor"))
    url = reverse("admin:articles_article_change", args=[article.pk])
    response = client.post(url, article_form_data(article, **{"bylines-0-DELETE": "on"}))
    assert response.status_code == 200
    assert "An article needs at least one author." in response.content.decode()
    assert article.bylines.count() == 1


# -- the data migration: every existing article keeps its author ---------------------------


@pytest.mark.django_db(transaction=True)
def test_migration_keeps_every_existing_articles_author_as_its_byline():
    before = [("articles", "0009_article_review_state")]
    after = [("articles", "0012_remove_article_author")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    OldAuthor, OldCategory = old.get_model("articles", "Author"), old.get_model("articles", "Category")
    OldArticle = old.get_model("articles", "Article")
    section = OldCategory.objects.create(name="World", slug="world")
    writers = [OldAuthor.objects.create(name=f"Writer {n}", slug=f"writer-{n}") for n in range(3)]
    articles = [
        OldArticle.objects.create(
            title=f"Story {n}", slug=f"story-{n}", standfirst="", body="<p>x</p>",
            author=writers[n % 3], category=section, status="published",
        )
        for n in range(7)
    ]
    expected = {article.pk: article.author_id for article in articles}
    try:
        executor = MigrationExecutor(connection)
        executor.migrate(after)
        new = executor.loader.project_state(after).apps
        NewByline, NewCategory = new.get_model("articles", "Byline"), new.get_model("articles", "Category")
        assert {b.article_id: b.author_id for b in NewByline.objects.all()} == expected
        assert set(NewByline.objects.values_list("position", flat=True)) == {0}
        assert NewCategory.objects.get(slug="world").tree_path == f"/{section.pk}/"

        executor = MigrationExecutor(connection)
        executor.migrate(before)  # and back: the first byline becomes the author again
        back = executor.loader.project_state(before).apps.get_model("articles", "Article")
        assert dict(back.objects.values_list("pk", "author_id")) == expected
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())


def test_deleting_an_article_deletes_its_bylines_but_never_an_author(shared, maya):
    shared.delete()
    assert not Byline.objects.exists()
    maya.refresh_from_db()
