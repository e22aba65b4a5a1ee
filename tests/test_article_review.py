"""Authors hand over, editors pick up: "ready for review", sending a draft back
with a note, and the article form's buttons named for the role and state."""
import json
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from taggit.models import Tag

from articles import permissions
from articles.models import Article
from articles.permissions import Action
from articles.tasks import send_review_request

from .factories import ArticleFactory, AuthorFactory, DraftFactory, StaffFactory
from .test_article_admin import form_data

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def refreshed(article):
    return Article.objects.get(pk=article.pk)


@pytest.fixture
def author():
    user = StaffFactory(role="Author", email="wren@example.com", first_name="Wren")
    AuthorFactory(user=user, name="Wren Writer")
    return user


@pytest.fixture
def editor():
    return StaffFactory(role="Editor", email="edna@example.com", first_name="Edna", username="edna")


@pytest.fixture
def draft(author):
    return DraftFactory(title="Cranes return to the harbour", authors=[author.author_profile])


def press(client, article, action, **changes):
    return client.post(change_url(article), form_data(article, _publishing=action, **changes))


# -- the round trip ------------------------------------------------------------------------------


def test_ready_for_review_round_trip(client, author, editor, draft, committed):
    StaffFactory(role="Moderator", email="mo@example.com")
    client.force_login(author)
    with committed():
        response = press(client, draft, "review")
    assert response.status_code == 302 and response["Location"] == change_url(draft)
    assert refreshed(draft).status == Article.Status.REVIEW
    [to_editors] = mail.outbox
    assert to_editors.to == ["edna@example.com"]
    assert to_editors.subject == "[Trill! Mag] Ready for review: Cranes return to the harbour"
    assert "Wren Writer marked a draft ready for review" in to_editors.body
    assert f"http://127.0.0.1:8000{change_url(draft)}" in to_editors.body

    client.force_login(editor)
    desk = client.get(reverse("admin:index")).context["dashboard"]
    assert draft.title in next(panel.html for panel in desk if panel.key == "articles-review")
    with committed():
        press(client, draft, "send_back", note_to_author="Add a quote from the harbour master.")
    sent_back = refreshed(draft)
    assert (sent_back.status, sent_back.review_note, sent_back.review_note_by) == (
        Article.Status.DRAFT, "Add a quote from the harbour master.", editor,
    )
    to_author = mail.outbox[1]
    assert to_author.to == ["wren@example.com"]
    assert "Edna sent your draft back with a note" in to_author.body
    assert "Add a quote from the harbour master." in to_author.body

    client.force_login(author)
    page = client.get(change_url(draft)).content.decode()
    assert "Sent back by Edna:" in page and "Add a quote from the harbour master." in page
    press(client, sent_back, "review", body="<p>“We are back,” said the harbour master.</p>")
    handed_in_again = refreshed(draft)
    assert handed_in_again.status == Article.Status.REVIEW and handed_in_again.review_note == ""

    client.force_login(editor)
    press(client, handed_in_again, "publish")
    assert refreshed(draft).is_live


def test_editors_email_can_be_set(client, author, draft, settings, committed):
    settings.ARTICLES_EDITOR_EMAILS = ["desk@example.com"]
    client.force_login(author)
    with committed():
        press(client, draft, "review")
    assert [message.to for message in mail.outbox] == [["desk@example.com"]]


def test_the_email_is_a_job_retried_while_smtp_refuses(client, author, editor, draft, monkeypatch, run_jobs):
    client.force_login(author)
    press(client, draft, "review")
    assert mail.outbox == []  # the request sent nothing
    [job] = DBTaskResult.objects.filter(task_path=send_review_request.module_path)
    with monkeypatch.context() as patched:
        patched.setattr("django.core.mail.EmailMessage.send", refuse)
        run_jobs()
    job.refresh_from_db()
    assert job.status == "READY" and len(job.worker_ids) == 1  # tried once, queued again for later
    assert refreshed(draft).status == Article.Status.REVIEW
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=1)):
        assert run_jobs() == 1
    assert [message.to for message in mail.outbox] == [["edna@example.com"]]


def refuse(self, *args, **kwargs):
    raise ConnectionRefusedError("SMTP is down")


def test_a_review_email_queued_before_the_draft_was_taken_back_sends_nothing(client, author, editor, draft, run_jobs):
    client.force_login(author)
    press(client, draft, "review")
    press(client, refreshed(draft), "draft")
    run_jobs()
    assert mail.outbox == []


def test_sending_back_needs_a_note(client, editor, draft):
    draft.submit_for_review()
    draft.save()
    client.force_login(editor)
    response = press(client, draft, "send_back", note_to_author="  ")
    assert response.status_code == 200
    assert "Say what the author should change" in str(response.context["adminform"].form.errors)
    assert refreshed(draft).status == Article.Status.REVIEW


def test_an_article_in_review_is_not_public(client, draft):
    draft.submit_for_review()
    draft.save()
    assert draft not in Article.objects.published()
    assert client.get(draft.get_absolute_url()).status_code == 404


# -- what authors may and may not do ----------------------------------------------------------------


def test_author_cannot_publish_a_draft_or_one_in_review(client, author, draft):
    client.force_login(author)
    assert press(client, draft, "publish").status_code == 403
    draft.submit_for_review()
    draft.save()
    assert press(client, draft, "publish").status_code == 403
    assert press(client, draft, "send_back", note_to_author="x").status_code == 403
    assert refreshed(draft).status == Article.Status.REVIEW


def test_author_edits_their_article_in_review_and_may_take_it_back(client, author, draft):
    draft.submit_for_review()
    draft.save()
    client.force_login(author)
    press(client, draft, "update", title="A sharper headline")
    assert (refreshed(draft).title, refreshed(draft).status) == ("A sharper headline", Article.Status.REVIEW)
    press(client, refreshed(draft), "draft")
    assert refreshed(draft).status == Article.Status.DRAFT


def test_author_cannot_touch_someone_elses_article_in_review(client, author):
    theirs = DraftFactory(status=Article.Status.REVIEW, authors=[AuthorFactory(user=StaffFactory(role="Author"))])
    client.force_login(author)
    press(client, theirs, "update", title="Hijacked")
    assert refreshed(theirs).title != "Hijacked"


def test_a_new_article_can_go_straight_to_review(client, author, editor, committed):
    client.force_login(author)
    new = DraftFactory.build(slug="straight-in", category=ArticleFactory().category, authors=[AuthorFactory()])
    with committed():
        response = client.post(reverse("admin:articles_article_add"), form_data(new, _publishing="review"))
    article = Article.objects.get(slug="straight-in")
    assert response["Location"] == change_url(article)
    assert article.status == Article.Status.REVIEW and [a.user for a in article.authors_in_order] == [author]
    assert len(mail.outbox) == 1


# -- editors' buttons ---------------------------------------------------------------------------------


def test_editor_schedules_with_a_future_date(client, editor, draft):
    client.force_login(editor)
    later = timezone.localtime() + timezone.timedelta(days=1)
    response = press(
        client, draft, "publish",
        published_at_0=later.strftime("%Y-%m-%d"), published_at_1=later.strftime("%H:%M:%S"),
    )
    article = refreshed(draft)
    assert article.status == Article.Status.PUBLISHED and not article.is_live
    assert "Scheduled: it goes live by itself" in [str(m) for m in response.wsgi_request._messages][0]


def test_editor_unpublishes_a_live_article(client, editor):
    article = ArticleFactory()
    client.force_login(editor)
    press(client, article, "unpublish")
    assert refreshed(article).status == Article.Status.DRAFT


def test_a_button_the_role_does_not_have_is_refused(client, editor):
    article = ArticleFactory()
    client.force_login(editor)
    assert press(client, article, "review").status_code == 403
    assert press(client, article, "nonsense").status_code == 403
    assert refreshed(article).is_live


# -- the buttons, named for the role and the state ------------------------------------------------------


def buttons(client, user, article=None):
    client.force_login(user)
    url = change_url(article) if article else reverse("admin:articles_article_add")
    html = client.get(url).content.decode()
    row = html[html.rindex('<div class="submit-row">'):]
    return re.findall(r'<button type="submit" name="_publishing" value="[a-z_]+" class="[^"]*"[^>]*>([^<]+)</button>', row)


def test_buttons_for_an_author(client, author, draft):
    assert buttons(client, author) == ["Save draft", "Ready for review"]
    assert buttons(client, author, draft) == ["Save draft", "Ready for review"]
    draft.submit_for_review()
    draft.save()
    assert buttons(client, author, draft) == ["Update", "Save draft"]
    assert buttons(client, author, ArticleFactory(authors=[author.author_profile])) == []


def test_buttons_for_an_editor(client, editor, draft):
    assert buttons(client, editor) == ["Save draft", "Publish"]
    assert buttons(client, editor, draft) == ["Save draft", "Publish"]
    draft.submit_for_review()
    draft.save()
    assert buttons(client, editor, draft) == ["Update", "Publish", "Send back to the author"]
    assert buttons(client, editor, ArticleFactory()) == ["Update", "Unpublish"]
    scheduled = ArticleFactory(published_at=timezone.now() + timezone.timedelta(days=1))
    assert buttons(client, editor, scheduled) == ["Update", "Unschedule"]
    later_draft = DraftFactory(published_at=timezone.now() + timezone.timedelta(days=1))
    assert buttons(client, editor, later_draft) == ["Save draft", "Schedule"]


def test_a_moderator_gets_no_buttons(client):
    assert buttons(client, StaffFactory(role="Moderator"), ArticleFactory()) == []


def test_preview_sits_next_to_the_buttons(client, editor, draft):
    client.force_login(editor)
    html = client.get(change_url(draft)).content.decode()
    row = html[html.rindex('<div class="submit-row">'):]
    assert f'<a href="{draft.get_absolute_url()}" class="preview-link" target="_blank">Preview</a>' in row
    assert 'data-publish-label="Publish" data-schedule-label="Schedule"' in row
    assert 'name="_save"' not in html and 'name="_continue"' not in html


def test_the_note_field_is_offered_only_when_sending_back_is(client, editor, draft):
    client.force_login(editor)
    assert "note_to_author" not in client.get(change_url(draft)).content.decode()
    draft.submit_for_review()
    draft.save()
    assert 'name="note_to_author"' in client.get(change_url(draft)).content.decode()


def test_the_rules_name_the_actions(author, editor, draft):
    assert permissions.actions(author, draft) == [Action.SAVE_DRAFT, Action.SUBMIT]
    assert permissions.actions(editor, Article()) == [Action.SAVE_DRAFT, Action.PUBLISH]


def test_the_list_filters_and_shows_articles_ready_for_review(client, editor, draft):
    draft.submit_for_review()
    draft.save()
    DraftFactory(title="Not yet")
    client.force_login(editor)
    response = client.get(reverse("admin:articles_article_changelist"), {"state": "review"})
    assert list(response.context["cl"].result_list) == [draft]
    assert "Ready for review" in response.content.decode()


# -- the form: lengths search engines show, tags from those that exist --------------------------------------


def test_headline_and_descriptions_carry_the_lengths_search_engines_show(client, editor):
    client.force_login(editor)
    html = client.get(reverse("admin:articles_article_add")).content.decode()
    for field, length in [("title", 60), ("standfirst", 160), ("seo_title", 60), ("seo_description", 160)]:
        assert re.search(rf'<(input|textarea)[^>]*name="{field}"[^>]*data-shown-length="{length}"', html), field
    assert "articles/admin/article-form.js" in html


def test_tag_suggestions_start_with_what_is_typed(client, author):
    for name in ["Harbour", "Budget", "Old harbour", "Budapest", "Shipping"]:
        Tag.objects.create(name=name)
    client.force_login(author)
    response = client.get(reverse("admin:articles_article_tags"), {"term": "bu"})
    assert [result["text"] for result in json.loads(response.content)["results"]] == ["Budapest", "Budget"]
    harbour = json.loads(client.get(reverse("admin:articles_article_tags"), {"term": "harb"}).content)["results"]
    assert harbour == [{"id": "Harbour", "text": "Harbour"}, {"id": "Old harbour", "text": "Old harbour"}]


def test_tag_suggestions_are_for_those_who_write(client):
    client.force_login(StaffFactory(role="Moderator"))
    assert client.get(reverse("admin:articles_article_tags"), {"term": "a"}).status_code == 403


def test_the_tags_box_names_the_tags_for_the_picker_and_still_takes_new_ones(client, editor, draft):
    draft.tags.set(["New York", "Budget"])
    client.force_login(editor)
    html = client.get(change_url(draft)).content.decode()
    assert 'data-tag-names="[&quot;Budget&quot;, &quot;New York&quot;]"' in html
    press(client, draft, "draft", tags='"New York", "Brand new"')
    assert sorted(refreshed(draft).tags.names()) == ["Brand new", "New York"]
