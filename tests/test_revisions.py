"""Revisions of articles and pages: one per save that changes something, the
history page (who, when, what), compare, restore with the publishing rules,
recovering deleted articles with their tags, authors and comments, and the
audit of publishing actions."""
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.history import history
from articles.models import Article
from comments.models import Comment, Notification
from pages.history import history as page_history
from pages.models import Page
from tests.admin_helpers import article_form_data
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    CommentFactory,
    DraftFactory,
    ImageFactory,
    StaffFactory,
    staff_with_byline,
)

pytestmark = pytest.mark.django_db


def admin_url(name, *args):
    return reverse(f"admin:articles_article_{name}", args=args)


def kept(article):
    """The article's versions, newest first."""
    return list(history.versions(article.pk))


def notes(article):
    """(action, changed) of each revision, oldest first."""
    return [(v.revision.note.action, v.revision.note.changed) for v in reversed(kept(article))]


def save(client, article, **changes):
    """Save `article` through its change form, as opened now."""
    article = Article.objects.get(pk=article.pk)
    response = client.post(admin_url("change", article.pk), article_form_data(article, **changes))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    return Article.objects.get(pk=article.pk)


@pytest.fixture
def editor():
    return staff_with_byline("Editor", "Maya", "Okafor")


@pytest.fixture
def author_user():
    return staff_with_byline("Author", "Wren", "Writer")


@pytest.fixture
def article(editor):
    return ArticleFactory(
        title="Cranes return to the harbour", body="<p>The harbour <strong>reopened</strong> today.</p>",
        tags=["Port", "Weather"],
    )


# -- a revision per save ---------------------------------------------------------------------


def test_a_save_keeps_who_changed_what_and_when_after_the_earliest_version(client, editor, article):
    client.force_login(editor)
    save(client, article, title="Cranes come back to the harbour")
    earliest, change = reversed(kept(article))
    assert earliest.revision.note.action == "Earliest kept version"
    assert earliest.field_dict["title"] == "Cranes return to the harbour"
    assert change.revision.user == editor
    assert change.revision.note.changed == ["Headline"]
    assert change.revision.comment == "Changed headline."
    assert change.field_dict["title"] == "Cranes come back to the harbour"


def test_a_change_made_without_a_revision_is_not_put_on_the_next_editor(client, editor, article):
    client.force_login(editor)
    save(client, article, title="Cranes come back")
    Article.objects.filter(pk=article.pk).update(standfirst="Rewritten by an import.")
    save(client, article, title="Cranes are back")
    assert [(action, changed) for action, changed in notes(article)][2:] == [
        ("Saved without a revision", ["Standfirst"]), ("", ["Headline"]),
    ]
    assert kept(article)[1].revision.user is None


def test_a_save_that_changes_nothing_keeps_no_revision(client, editor, article):
    client.force_login(editor)
    save(client, article, title="A new headline")
    save(client, article)
    assert len(kept(article)) == 2


def test_a_new_article_starts_its_history_when_it_is_created(client, editor):
    client.force_login(editor)
    data = article_form_data(DraftFactory.build(category=CategoryFactory(), slug="new-story"), tags="Harbour")
    assert client.post(admin_url("add"), data).status_code == 302
    [created] = kept(Article.objects.get(slug="new-story"))
    assert (created.revision.note.action, created.revision.user) == ("Created", editor)


def test_a_revision_holds_headline_body_section_tags_authors_photo_status_and_dates(client, editor, article):
    client.force_login(editor)
    photo, section, second = ImageFactory(), CategoryFactory(name="Coast"), AuthorFactory(name="Daniel Reyes")
    first = article.authors_in_order[0]
    expires = timezone.now() + timedelta(days=3)
    save(
        client, article, featured_image=photo.pk, category=section.pk, tags="Port, Cranes",
        bylines=[(second, 0), (first, 1)], **dict(zip(["expires_at_0", "expires_at_1"], split(expires))),
    )
    state = history.revision_state(kept(article)[0])
    assert state["title"] == "Cranes return to the harbour"
    assert state["body"] == "<p>The harbour <strong>reopened</strong> today.</p>"
    assert (state["category"], state["featured_image"]) == (section.pk, photo.pk)
    assert state["tags"] == ("Cranes", "Port")
    assert state["authors"] == (second.pk, first.pk)
    assert state["status"] == Article.Status.PUBLISHED
    assert state["published_at"] == article.published_at.replace(microsecond=0)
    assert state["expires_at"] == expires.replace(microsecond=0)


def split(moment):
    local = timezone.localtime(moment)
    return local.strftime("%Y-%m-%d"), local.strftime("%H:%M:%S")


def test_a_page_save_keeps_a_revision_too(client, editor):
    editor.is_superuser = True
    editor.save()
    client.force_login(editor)
    page = Page.objects.create(title="About us", slug="about", body="<p>Who we are.</p>")
    data = {"title": "About the magazine", "slug": "about", "summary": "", "body": "<p>Who we are.</p>",
            "footer_position": 0, "edit_version": page.version}
    assert client.post(reverse("admin:pages_page_change", args=[page.pk]), data).status_code == 302
    assert [v.revision.note.changed for v in page_history.versions(page.pk)] == [["Title"], []]


# -- the audit: publishing actions, said as such ----------------------------------------------


def test_publishing_actions_are_kept_with_who_did_them(client, editor, author_user, committed):
    draft = DraftFactory(title="Night ferry", authors=[author_user.author_profile])
    client.force_login(author_user)
    save(client, draft, _publishing="review")
    client.force_login(editor)
    save(client, draft, _publishing="send_back", note_to_author="A quote, please.")
    client.force_login(author_user)
    save(client, draft, _publishing="review")
    client.force_login(editor)
    save(client, draft, _publishing="publish")
    save(client, draft, _publishing="unpublish")
    tomorrow = timezone.now() + timedelta(days=1)
    client.post(admin_url("changelist"), {
        "action": "schedule", "_selected_action": [draft.pk], "apply": "1",
        "publish_at": timezone.localtime(tomorrow).strftime("%Y-%m-%dT%H:%M"),
    })
    client.post(admin_url("delete", draft.pk), {"post": "yes"})
    version = history.deleted().get()
    client.post(admin_url("recover", version.pk))

    actions = [(v.revision.note.action, v.revision.user) for v in reversed(kept(draft))]
    scheduled_for = timezone.localtime(tomorrow).replace(second=0, microsecond=0)
    assert [action for action, _ in actions] == [
        "Earliest kept version", "Marked ready for review", "Sent back to the author", "Marked ready for review",
        "Published", "Unpublished", f"Scheduled for {localized(scheduled_for)}", "Deleted", "Recovered",
    ]
    assert [user for _, user in actions[1:]] == [author_user, editor, author_user, editor, editor, editor, editor, editor]


def localized(moment):
    from django.utils.formats import localize

    return localize(moment)


def test_the_history_page_lists_each_revision_with_who_when_and_what(client, editor, article):
    client.force_login(editor)
    save(client, article, title="A second headline", tags="Port")
    save(client, article, _publishing="unpublish")
    page = client.get(admin_url("history", article.pk))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Changed headline, tags" in html
    assert "<strong>Unpublished</strong>" in html and "Maya Okafor" in html
    assert html.count('name="from"') == 3
    assert html.count("Restore this version") == 2  # not the current one


def test_the_history_page_costs_the_same_queries_however_long_the_history(client, editor, article, django_assert_num_queries):
    client.force_login(editor)
    save(client, article, title="Once")

    def queries():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(admin_url("history", article.pk)).status_code == 200
        return len(captured)

    short = queries()
    for n in range(6):
        save(client, article, title=f"Headline {n}")
    with django_assert_num_queries(short):
        client.get(admin_url("history", article.pk))


def test_an_author_sees_the_history_of_their_own_articles_only(client, author_user, editor):
    own = DraftFactory(authors=[author_user.author_profile])
    others = DraftFactory()
    client.force_login(author_user)
    save(client, own, title="Mine, better")
    assert client.get(admin_url("history", own.pk)).status_code == 200
    assert client.get(admin_url("history", others.pk)).status_code == 404


# -- compare -----------------------------------------------------------------------------------


def compare(client, article, older, newer):
    return client.get(admin_url("compare", article.pk), {"from": older.pk, "to": newer.pk}).content.decode()


def row(html, part):
    return re.search(rf'<tr class="part-{part} [^"]*">(.*?)</tr>', html, re.S)[1]


def test_compare_marks_the_changed_words_of_the_headline_and_of_the_body_as_text(client, editor, article):
    client.force_login(editor)
    save(client, article, title="Cranes come back to the harbour",
         body="<p>The harbour reopened on Monday.</p><p>Ferries run again.</p>")
    newer, older = kept(article)
    html = compare(client, article, older, newer)
    assert "<del>return</del>" in row(html, "title") and "<ins>come</ins> <ins>back</ins>" in row(html, "title")
    body = row(html, "body")
    # Markup is not compared: "reopened" lost its bold without a mark; words are.
    assert "<del>reopened</del>" not in body and "<del>today.</del>" in body
    assert "<ins>on</ins> <ins>Monday.</ins>" in body and "<ins>Ferries</ins>" in body
    assert "&lt;p&gt;" not in body and "<strong>" not in body


def test_compare_shows_tags_added_and_removed_and_the_photo_before_and_after(client, editor, article):
    client.force_login(editor)
    photo = ImageFactory(alt_text="Cranes at dawn")
    save(client, article, tags="Port, Cranes", featured_image=photo.pk)
    newer, older = kept(article)
    html = compare(client, article, older, newer)
    tags = row(html, "tags")
    assert "<del>Weather</del>" in tags and "<ins>Cranes</ins>" in tags and "Port" in tags
    before, after = re.findall(r"<td>(.*?)</td>", row(html, "featured_image"), re.S)
    assert before == "–"
    assert f'<img src="{photo.thumbnail_url}"' in after and "Cranes at dawn" in after
    assert "Headline" in html.split("Unchanged:")[1]


def test_text_compared_is_escaped(client, editor, article):
    client.force_login(editor)
    save(client, article, title="<script>alert(1)</script> Cranes")
    newer, older = kept(article)
    html = compare(client, article, older, newer)
    assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in row(html, "title")


# -- restore -------------------------------------------------------------------------------------


def test_restoring_takes_two_clicks_and_is_kept_as_a_new_revision(client, editor, article):
    client.force_login(editor)
    daniel = AuthorFactory(name="Daniel Reyes")
    save(client, article, title="A worse headline", tags="Gossip", bylines=[(daniel, 0)])
    older = kept(article)[-1]
    history_page = client.get(admin_url("history", article.pk)).content.decode()
    restore_url = admin_url("restore", article.pk, older.pk)
    assert f'href="{restore_url}"' in history_page  # click one
    confirm = client.get(restore_url).content.decode()
    assert "<del>A</del> <del>worse</del> <del>headline</del>" in confirm
    response = client.post(restore_url)  # click two
    assert response["Location"] == admin_url("change", article.pk)
    restored = Article.objects.get(pk=article.pk)
    assert restored.title == "Cranes return to the harbour"
    assert sorted(restored.tags.names()) == ["Port", "Weather"]
    assert restored.authors_in_order != [daniel] and len(restored.authors_in_order) == 1
    assert restored.last_changed_by == editor
    newest = kept(article)[0]
    assert newest.revision.note.action.startswith("Restored the version of ")
    assert len(kept(article)) == 3


def test_an_editor_restoring_a_published_version_keeps_it_published(client, editor, article):
    client.force_login(editor)
    save(client, article, _publishing="unpublish")
    published = kept(article)[-1]
    client.post(admin_url("restore", article.pk, published.pk))
    restored = Article.objects.get(pk=article.pk)
    assert restored.is_live and restored.published_at == article.published_at.replace(microsecond=0)


def test_an_author_restoring_a_version_that_was_published_gets_a_draft(client, editor, author_user):
    article = ArticleFactory(title="Live once", authors=[author_user.author_profile])
    client.force_login(editor)
    save(client, article, _publishing="unpublish", title="Taken down")
    was_live = kept(article)[-1]
    client.force_login(author_user)
    confirm = client.get(admin_url("restore", article.pk, was_live.pk)).content.decode()
    assert "It will be a draft: only an editor can publish it again." in confirm
    response = client.post(admin_url("restore", article.pk, was_live.pk), follow=True)
    restored = Article.objects.get(pk=article.pk)
    assert (restored.title, restored.status) == ("Live once", Article.Status.DRAFT)
    assert "It is a draft: only an editor can publish it again." in response.content.decode()


def test_nobody_restores_what_they_may_not_change(client, editor, author_user, article):
    client.force_login(editor)
    save(client, article, title="Changed")
    older = kept(article)[-1]
    client.force_login(author_user)  # a published article, and not theirs
    assert client.post(admin_url("restore", article.pk, older.pk)).status_code == 404
    client.force_login(StaffFactory(role="Moderator"))
    assert client.post(admin_url("restore", article.pk, older.pk)).status_code == 403
    assert Article.objects.get(pk=article.pk).title == "Changed"


def test_a_revision_of_another_article_cannot_be_restored_here(client, editor, article):
    client.force_login(editor)
    other = ArticleFactory()
    save(client, other, title="Elsewhere")
    assert client.get(admin_url("restore", article.pk, kept(other)[0].pk)).status_code == 404


def test_restoring_keeps_the_current_slug_when_another_article_took_the_old_one(client, editor, article):
    client.force_login(editor)
    save(client, article, slug="cranes-moved")
    ArticleFactory(slug=article.slug)
    response = client.post(admin_url("restore", article.pk, kept(article)[-1].pk), follow=True)
    assert Article.objects.get(pk=article.pk).slug == "cranes-moved"
    assert "so it keeps “cranes-moved”" in response.content.decode()


# -- recovering deleted articles -----------------------------------------------------------------


def test_an_editor_recovers_a_deleted_article_with_its_tags_authors_and_comments(client, editor, article):
    first = CommentFactory(article=article, body="First!")
    reply = CommentFactory(article=article, parent=first, body="A reply.", notify_replies=True)
    held = CommentFactory(article=article, status=Comment.Status.PENDING)
    Notification.objects.create(comment=reply, kind="reply")
    authors, url = article.authors_in_order, article.get_absolute_url()
    client.force_login(editor)
    assert client.post(admin_url("delete", article.pk), {"post": "yes"}).status_code == 302
    assert not Article.objects.exists() and not Comment.objects.exists()

    listing = client.get(admin_url("recoverlist")).content.decode()
    version = history.deleted().get()
    assert "Cranes return to the harbour" in listing and "Maya Okafor" in listing
    confirm = client.get(admin_url("recover", version.pk)).content.decode()
    assert "3 comments" in confirm
    response = client.post(admin_url("recover", version.pk))

    recovered = Article.objects.get(pk=article.pk)
    assert response["Location"] == admin_url("change", recovered.pk)
    assert (recovered.title, recovered.get_absolute_url(), recovered.is_live) == (article.title, url, True)
    assert abs(recovered.created_at - article.created_at) < timedelta(milliseconds=1)  # JSON keeps milliseconds
    assert recovered.body_html == article.body_html
    assert sorted(recovered.tags.names()) == ["Port", "Weather"]
    assert recovered.authors_in_order == authors
    restored = {c.pk: c for c in Comment.objects.all()}
    assert set(restored) == {first.pk, reply.pk, held.pk}
    assert (restored[reply.pk].parent_id, restored[reply.pk].path) == (first.pk, reply.path)
    assert restored[held.pk].status == Comment.Status.PENDING
    assert Notification.objects.filter(comment=reply).exists()
    page = client.get(url).content.decode()
    assert "First!" in page and "A reply." in page


def test_bulk_deleted_articles_come_back_one_at_a_time(client, editor):
    one, two = ArticleFactory(title="One"), ArticleFactory(title="Two")
    client.force_login(editor)
    client.post(admin_url("changelist"), {"action": "delete_selected", "_selected_action": [one.pk, two.pk], "post": "yes"})
    assert history.deleted().count() == 2
    client.post(admin_url("recover", history.deleted().get(object_id=str(two.pk)).pk))
    assert list(Article.objects.values_list("title", flat=True)) == ["Two"]


def test_an_article_deleted_outside_the_admin_can_be_recovered(client, editor, article):
    pk = article.pk
    article.delete()
    version = history.deleted().get()
    assert version.revision.note.action == "Deleted" and version.revision.user is None
    client.force_login(editor)
    client.post(admin_url("recover", version.pk))
    assert Article.objects.filter(pk=pk).exists()


def test_only_those_who_edit_any_article_recover_deleted_ones(client, author_user, article):
    article.delete()
    version = history.deleted().get()
    client.force_login(author_user)
    assert client.get(admin_url("recoverlist")).status_code == 403
    assert client.post(admin_url("recover", version.pk)).status_code == 403
    assert "Recover deleted" not in client.get(admin_url("changelist")).content.decode()
    assert not Article.objects.exists()


def test_a_recovered_article_whose_section_is_gone_is_refused_with_a_reason(client, editor):
    article = ArticleFactory(category=CategoryFactory(name="Gone soon"))
    section = article.category
    article.delete()
    section.delete()
    client.force_login(editor)
    response = client.post(admin_url("recover", history.deleted().get().pk), follow=True)
    assert "Its section no longer exists" in response.content.decode()
    assert not Article.objects.exists()


def test_a_deletion_is_kept_once(editor, article):
    """The admin keeps it with who deleted it; the model's own receiver then keeps nothing more."""
    pk = article.pk
    history.record_deletion(article, editor)
    article.delete()
    [deletion] = Version.objects.get_for_object_reference(Article, pk)  # not a second "Deleted"
    assert deletion.revision.user == editor


def test_a_deleted_page_is_recovered_and_its_history_goes_on(client, editor):
    editor.is_superuser = True
    editor.save()
    client.force_login(editor)
    page = Page.objects.create(title="About us", slug="about", body="<p>Who we are.</p>", is_published=True)
    pk = page.pk
    assert client.post(reverse("admin:pages_page_delete", args=[pk]), {"post": "yes"}).status_code == 302
    listing = client.get(reverse("admin:pages_page_changelist")).content.decode()
    assert reverse("admin:pages_page_recoverlist") in listing
    version = page_history.deleted().get()
    client.post(reverse("admin:pages_page_recover", args=[version.pk]))
    recovered = Page.objects.get(pk=pk)
    assert (recovered.title, recovered.is_published, recovered.body_html) == ("About us", True, page.body_html)
    assert [v.revision.note.action for v in page_history.versions(pk)] == ["Recovered", "Deleted"]
    assert client.get(reverse("admin:pages_page_history", args=[pk])).status_code == 200
