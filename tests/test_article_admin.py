"""The article admin: what each newsroom role may do, checked through the admin views."""
import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Image
from tests.admin_helpers import article_form_data
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    DraftFactory,
    ImageFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")
ADD = reverse("admin:articles_article_add")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def delete_url(article):
    return reverse("admin:articles_article_delete", args=[article.pk])


def form_data(article, **changes):
    return article_form_data(article, **changes)


@pytest.fixture
def author_user():
    return StaffFactory(role="Author")


@pytest.fixture
def byline(author_user):
    return AuthorFactory(user=author_user)


@pytest.fixture
def own_draft(byline):
    return DraftFactory(authors=[byline])


@pytest.fixture
def others_draft():
    return DraftFactory(authors=[AuthorFactory(user=StaffFactory(role="Author"))])


@pytest.fixture
def editor_user():
    user = StaffFactory(role="Editor")
    AuthorFactory(user=user)
    return user


@pytest.fixture
def moderator_user():
    return StaffFactory(role="Moderator")


def act(client, action, articles, **extra):
    return client.post(CHANGELIST, {"action": action, "_selected_action": [a.pk for a in articles], **extra})


# -- Author ---------------------------------------------------------------------------------


def test_author_sees_only_own_articles_in_the_list(client, author_user, own_draft, others_draft):
    client.force_login(author_user)
    response = client.get(CHANGELIST)
    assert list(response.context["cl"].result_list) == [own_draft]


def test_author_adds_a_draft_under_their_own_byline(client, author_user, byline):
    client.force_login(author_user)
    other = AuthorFactory()
    section = CategoryFactory()
    data = form_data(
        DraftFactory.build(category=section, slug="new-story"), bylines=[(other, 0)], status="published",
    )
    response = client.post(ADD, data)
    assert response.status_code == 302
    article = Article.objects.get(slug="new-story")
    assert article.authors_in_order == [byline]
    assert article.status == Article.Status.DRAFT
    assert article.last_changed_by == author_user


def test_author_form_shows_their_byline_and_hides_publishing(client, author_user, byline):
    client.force_login(author_user)
    response = client.get(ADD)
    readonly = set(response.context["adminform"].readonly_fields)
    assert {"state", "published_at", "expires_at", "is_featured", "byline"} <= readonly
    assert f'<div class="readonly">{byline.name} (you)</div>' in response.content.decode()
    assert not response.context["inline_admin_formsets"]  # authors do not choose the bylines


def test_author_edits_own_draft(client, author_user, own_draft):
    client.force_login(author_user)
    response = client.post(change_url(own_draft), form_data(own_draft, title="A better headline"))
    assert response.status_code == 302
    own_draft.refresh_from_db()
    assert own_draft.title == "A better headline"


def test_author_cannot_publish_own_draft(client, author_user, own_draft):
    client.force_login(author_user)
    client.post(change_url(own_draft), form_data(own_draft, status="published"))
    act(client, "publish_now", [own_draft])
    own_draft.refresh_from_db()
    assert own_draft.status == Article.Status.DRAFT
    assert client.get(CHANGELIST).context["action_form"] is None  # no action is offered at all


def test_author_cannot_edit_others_draft(client, author_user, others_draft):
    client.force_login(author_user)
    assert client.get(change_url(others_draft)).status_code == 302  # "does not exist", back to the index
    client.post(change_url(others_draft), form_data(others_draft, title="Hijacked"))
    others_draft.refresh_from_db()
    assert others_draft.title != "Hijacked"


def test_author_cannot_edit_own_published_article(client, author_user, byline):
    article = ArticleFactory(authors=[byline])
    client.force_login(author_user)
    page = client.get(change_url(article))
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert "only an editor can change it now" in page.content.decode()  # said, not a bare 403
    assert client.post(change_url(article), form_data(article, title="Changed")).status_code == 403
    article.refresh_from_db()
    assert article.title != "Changed"


def test_read_only_visitors_see_the_body_as_readers_will(client, author_user, byline):
    article = ArticleFactory(authors=[byline], body="<p>Hello <strong>there</strong></p>")
    client.force_login(author_user)
    page = client.get(change_url(article)).content.decode()
    assert "<p>Hello <strong>there</strong></p>" in page and "&lt;strong&gt;" not in page


def test_author_deletes_own_draft_but_not_published_or_others(client, author_user, byline, own_draft, others_draft):
    published = ArticleFactory(authors=[byline])
    client.force_login(author_user)
    assert client.post(delete_url(own_draft), {"post": "yes"}).status_code == 302
    refused = client.post(delete_url(published), {"post": "yes"}, follow=True)
    assert refused.redirect_chain == [(change_url(published), 302)]
    assert "only an editor can change it now" in refused.content.decode()
    client.post(delete_url(others_draft), {"post": "yes"})
    assert set(Article.objects.all()) == {published, others_draft}


def test_author_has_no_bulk_delete(client, author_user, own_draft):
    client.force_login(author_user)
    act(client, "delete_selected", [own_draft], post="yes")
    assert Article.objects.filter(pk=own_draft.pk).exists()


def test_author_without_byline_writes_at_once_under_a_byline_made_from_their_name(client):
    user = StaffFactory(role="Author", first_name="Inès", last_name="Duarte")
    client.force_login(user)
    assert client.get(ADD).status_code == 200
    data = form_data(DraftFactory.build(category=CategoryFactory(), slug="first-story"), bylines=[])
    assert client.post(ADD, data).status_code == 302
    byline = Article.objects.get(slug="first-story").authors_in_order
    assert [(author.name, author.slug, author.user) for author in byline] == [("Inès Duarte", "ines-duarte", user)]


# -- Editor ----------------------------------------------------------------------------------


def test_editor_edits_anyones_article(client, editor_user, others_draft):
    client.force_login(editor_user)
    response = client.post(change_url(others_draft), form_data(others_draft, title="Edited by the desk"))
    assert response.status_code == 302
    others_draft.refresh_from_db()
    assert others_draft.title == "Edited by the desk"
    assert others_draft.last_changed_by == editor_user


def test_editor_publishes_from_the_form(client, editor_user, others_draft):
    client.force_login(editor_user)
    client.post(change_url(others_draft), form_data(others_draft, _publishing="publish"))
    others_draft.refresh_from_db()
    assert others_draft.is_live


def test_editor_deletes_anyones_article(client, editor_user, others_draft):
    client.force_login(editor_user)
    act(client, "delete_selected", [others_draft], post="yes")
    assert not Article.objects.exists()


def test_editor_add_form_starts_with_their_byline(client, editor_user):
    client.force_login(editor_user)
    response = client.get(ADD)
    [authors] = response.context["inline_admin_formsets"]
    assert authors.formset.forms[0].initial["author"] == editor_user.author_profile.pk


def test_an_article_an_editor_leaves_without_authors_is_signed_by_them(client, editor_user):
    client.force_login(editor_user)
    data = form_data(DraftFactory.build(category=CategoryFactory(), slug="desk-story"), bylines=[])
    assert client.post(ADD, data).status_code == 302
    assert Article.objects.get(slug="desk-story").authors_in_order == [editor_user.author_profile]


# -- Moderator -------------------------------------------------------------------------------


def test_moderator_only_views_articles(client, moderator_user, others_draft):
    client.force_login(moderator_user)
    assert client.get(CHANGELIST).status_code == 200
    assert client.get(ADD).status_code == 403
    assert client.post(change_url(others_draft), form_data(others_draft, title="x")).status_code == 403
    refused = client.post(delete_url(others_draft), {"post": "yes"}, follow=True)
    assert "You can read articles here but not change them." in refused.content.decode()
    assert Article.objects.filter(pk=others_draft.pk, title=others_draft.title).exists()


# -- Photos ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role, may_add, may_change, may_delete",
    [("Author", True, False, False), ("Editor", True, True, True), ("Moderator", False, False, False)],
)
def test_photo_permissions_by_role(client, role, may_add, may_change, may_delete):
    photo = ImageFactory()
    client.force_login(StaffFactory(role=role))
    add = client.get(reverse("admin:articles_image_add"))
    change = client.post(
        reverse("admin:articles_image_change", args=[photo.pk]),
        {"alt_text": "Renamed", "focal_x": 50, "focal_y": 50},
    )
    delete = client.post(reverse("admin:articles_image_delete", args=[photo.pk]), {"post": "yes"})
    assert (add.status_code == 200) is may_add
    assert (change.status_code == 302) is may_change
    assert (delete.status_code == 302) is may_delete
    assert Image.objects.filter(pk=photo.pk).exists() is not may_delete


# -- Actions -----------------------------------------------------------------------------------


def test_publish_now_action_publishes_and_logs(client, editor_user, others_draft):
    client.force_login(editor_user)
    act(client, "publish_now", [others_draft])
    others_draft.refresh_from_db()
    assert others_draft.is_live
    assert LogEntry.objects.filter(object_id=str(others_draft.pk), change_message="Published").exists()


def test_publish_now_keeps_the_original_date_of_a_republished_article(client, editor_user):
    article = ArticleFactory()
    first_published = article.published_at
    client.force_login(editor_user)
    act(client, "unpublish", [article])
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT
    act(client, "publish_now", [article])
    article.refresh_from_db()
    assert article.is_live and article.published_at == first_published


def test_schedule_action_asks_for_a_time_then_schedules(client, editor_user, others_draft):
    client.force_login(editor_user)
    page = act(client, "schedule", [others_draft])
    assert page.status_code == 200 and "publish_at" in page.context["form"].fields
    when = timezone.localtime() + timezone.timedelta(days=2)
    act(client, "schedule", [others_draft], apply="1", publish_at=when.strftime("%Y-%m-%dT%H:%M"))
    others_draft.refresh_from_db()
    assert others_draft.status == Article.Status.PUBLISHED and not others_draft.is_live
    assert others_draft.published_at == when.replace(second=0, microsecond=0)


def test_schedule_action_refuses_a_past_time(client, editor_user, others_draft):
    client.force_login(editor_user)
    past = timezone.localtime() - timezone.timedelta(hours=1)
    page = act(client, "schedule", [others_draft], apply="1", publish_at=past.strftime("%Y-%m-%dT%H:%M"))
    assert "future" in str(page.context["form"].errors)
    others_draft.refresh_from_db()
    assert others_draft.status == Article.Status.DRAFT


# -- Lists and links ------------------------------------------------------------------------------


def test_list_shows_state_and_preview_or_view_on_site(client, editor_user):
    DraftFactory(title="Draft piece")
    ArticleFactory(title="Scheduled piece", published_at=timezone.now() + timezone.timedelta(days=1))
    ArticleFactory(title="Live piece")
    client.force_login(editor_user)
    html = client.get(CHANGELIST).content.decode()
    assert html.count(">Preview</a>") == 2 and html.count(">View on site</a>") == 1
    assert "Scheduled" in html


@pytest.mark.parametrize("state, titles", [
    ("draft", {"Draft piece"}), ("scheduled", {"Scheduled piece"}), ("published", {"Live piece"}),
])
def test_state_filter(client, editor_user, state, titles):
    DraftFactory(title="Draft piece")
    ArticleFactory(title="Scheduled piece", published_at=timezone.now() + timezone.timedelta(days=1))
    ArticleFactory(title="Live piece")
    client.force_login(editor_user)
    response = client.get(CHANGELIST, {"state": state})
    assert {a.title for a in response.context["cl"].result_list} == titles


def test_change_form_offers_preview_for_drafts_and_view_on_site_when_live(client, editor_user, others_draft):
    client.force_login(editor_user)
    draft_page = client.get(change_url(others_draft)).content.decode()
    assert f'href="{others_draft.get_absolute_url()}" class="viewsitelink" target="_blank">Preview' in draft_page
    live = ArticleFactory()
    assert "View on site" in client.get(change_url(live)).content.decode()


def test_change_form_shows_who_changed_it_last(client, editor_user, others_draft):
    client.force_login(editor_user)
    client.post(change_url(others_draft), form_data(others_draft))
    page = client.get(change_url(others_draft)).content.decode()
    assert f"by {editor_user.username}" in page


def test_changelist_query_count_does_not_grow_with_articles(client, editor_user):
    client.force_login(editor_user)
    ArticleFactory.create_batch(2, featured_image=ImageFactory(), tags=["a"])
    with CaptureQueriesContext(connection) as few:
        client.get(CHANGELIST)
    ArticleFactory.create_batch(8, featured_image=ImageFactory(), tags=["b"], last_changed_by=editor_user)
    with CaptureQueriesContext(connection) as many:
        client.get(CHANGELIST)
    assert len(many) == len(few)


# -- The rest of the newsroom -------------------------------------------------------------------


@pytest.mark.parametrize("model", ["articles_author", "articles_category", "taggit_tag"])
@pytest.mark.parametrize("role, allowed", [("Editor", True), ("Author", False), ("Moderator", False)])
def test_only_editors_manage_authors_sections_and_tags(client, model, role, allowed):
    client.force_login(StaffFactory(role=role))
    assert (client.get(reverse(f"admin:{model}_add")).status_code == 200) is allowed


def test_editors_link_bylines_to_accounts_only_when_they_may_see_accounts(client, editor_user):
    client.force_login(editor_user)
    form = client.get(reverse("admin:articles_author_add")).context["adminform"]
    assert "user" in form.readonly_fields


def test_photo_thumbnail_link_follows_the_chosen_photo(client, author_user, byline):
    photo = ImageFactory()
    client.force_login(author_user)
    response = client.get(reverse("admin:articles_image_thumbnail", args=[photo.pk]))
    assert response.status_code == 302 and response["Location"] == photo.thumbnail_url
    assert 'data-thumbnail-url="/admin/articles/image/0/thumbnail/"' in client.get(ADD).content.decode()
