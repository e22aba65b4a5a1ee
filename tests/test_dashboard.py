"""The admin home's dashboard: each part to the roles that can act on it, its
numbers against the data, a constant number of queries, the comment chart."""
import re
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from comments import dashboard as comment_dashboard
from comments.models import Comment

from .factories import ArticleFactory, AuthorFactory, CommentFactory, DraftFactory, StaffFactory

pytestmark = pytest.mark.django_db

INDEX = reverse("admin:index")
NOW = timezone.make_aware(timezone.datetime(2026, 3, 20, 15, 0))


def panels(client, user):
    client.force_login(user)
    return {panel.key: panel for panel in client.get(INDEX).context["dashboard"]}


@pytest.fixture
def author():
    user = StaffFactory(role="Author", email="wren@example.com")
    AuthorFactory(user=user, name="Wren Writer")
    return user


# -- who sees what ---------------------------------------------------------------------------


@pytest.mark.parametrize("role, shown", [
    ("Moderator", {"comments-waiting", "comments-popular", "comments-chart"}),
    ("Author", {"articles-mine"}),
    ("Editor", {"articles-review", "articles-mine", "articles-scheduled", "articles-activity", "comments-popular"}),
])
def test_each_role_sees_the_parts_it_can_act_on(client, role, shown):
    assert set(panels(client, StaffFactory(role=role))) == shown


def test_a_moderator_sees_the_queue_not_drafts(client):
    DraftFactory(title="A secret draft")
    html = panels(client, StaffFactory(role="Moderator"))
    assert "articles-mine" not in html and "articles-review" not in html


def test_an_author_sees_their_drafts_and_reviews_not_the_queue(client, author):
    CommentFactory(status=Comment.Status.PENDING, name="Waiting Walter")
    mine = DraftFactory(title="My own draft", authors=[author.author_profile])
    review = DraftFactory(title="Handed in", authors=[author.author_profile], status=Article.Status.REVIEW)
    DraftFactory(title="Someone else's draft")
    shown = panels(client, author)
    assert set(shown) == {"articles-mine"}
    html = shown["articles-mine"].html
    assert mine.title in html and review.title in html and "Ready for review" in html
    assert "Someone else" not in html and "Waiting Walter" not in html


def test_the_superuser_sees_every_part_in_order(admin_client):
    keys = [panel.key for panel in admin_client.get(INDEX).context["dashboard"]]
    assert keys == [
        "comments-waiting", "articles-review", "articles-mine", "articles-scheduled",
        "comments-popular", "articles-activity", "comments-chart",
    ]


# -- the numbers --------------------------------------------------------------------------------


def test_comments_waiting_counts_and_shows_the_oldest_with_why_they_were_held(client):
    article = ArticleFactory(title="Harbour cranes")
    with time_machine.travel(NOW - timedelta(hours=5), tick=False):
        CommentFactory(article=article, status=Comment.Status.PENDING, name="Old Olga", moderation_reasons=["2 links"])
    for _ in range(6):
        CommentFactory(article=article, status=Comment.Status.PENDING, moderation_reasons=["first comment from this email"])
    CommentFactory(article=article, status=Comment.Status.SPAM)
    CommentFactory(article=article)
    with time_machine.travel(NOW, tick=False):
        panel = panels(client, StaffFactory(role="Moderator"))["comments-waiting"]
    assert "<strong>7</strong> comments waiting" in panel.html
    assert "The oldest has waited 5\xa0hours." in panel.html
    assert panel.html.count("<li>") == comment_dashboard.OLDEST_SHOWN
    first = panel.html.index("Old Olga")
    assert "2 links" in panel.html[first:first + 400]
    assert reverse("admin:comments_comment_changelist") in panel.html


def test_ready_for_review_lists_what_authors_handed_in_longest_waiting_first(client, author):
    with time_machine.travel(NOW - timedelta(days=1)):
        first = DraftFactory(title="Handed in yesterday", authors=[author.author_profile], status=Article.Status.REVIEW)
    second = DraftFactory(title="Handed in today", status=Article.Status.REVIEW)
    DraftFactory(title="Still a draft")
    html = panels(client, StaffFactory(role="Editor"))["articles-review"].html
    assert html.index(first.title) < html.index(second.title)
    assert "Still a draft" not in html and "by Wren Writer" in html
    assert reverse("admin:articles_article_change", args=[first.pk]) in html


def test_scheduled_next_lists_the_soonest_first_with_their_times(client):
    later = ArticleFactory(title="Due in two days", published_at=timezone.now() + timedelta(days=2))
    sooner = ArticleFactory(title="Due in an hour", published_at=timezone.now() + timedelta(hours=1))
    ArticleFactory(title="Already live")
    html = panels(client, StaffFactory(role="Editor"))["articles-scheduled"].html
    assert html.index(sooner.title) < html.index(later.title) and "Already live" not in html
    assert f'datetime="{timezone.localtime(sooner.published_at).isoformat()}"' in html


def test_my_drafts_flags_a_draft_sent_back_with_a_note(client, author):
    draft = DraftFactory(title="Needs a quote", authors=[author.author_profile])
    draft.send_back("Add a quote.", StaffFactory(role="Editor"))
    draft.save()
    ArticleFactory(title="My published piece", authors=[author.author_profile])
    html = panels(client, author)["articles-mine"].html
    assert "Needs a quote" in html and "Sent back with a note" in html
    assert "My published piece" not in html


def test_last_edits_and_publications_say_who_what_and_when(client):
    editor = StaffFactory(role="Editor", username="edna")
    edited = DraftFactory(title="Edited just now", last_changed_by=editor)
    published = ArticleFactory(title="Out this morning", authors=[AuthorFactory(name="Priya Raman")])
    html = panels(client, editor)["articles-activity"].html
    assert edited.title in html and "edna" in html and "Draft" in html
    assert published.title in html and "by Priya Raman" in html and published.get_absolute_url() in html


def test_most_commented_this_week_counts_approved_comments_of_the_last_seven_days(client):
    busy, quiet, old = ArticleFactory(title="Busy story"), ArticleFactory(title="Quiet story"), ArticleFactory(title="Old story")
    CommentFactory.create_batch(3, article=busy)
    CommentFactory(article=busy, status=Comment.Status.SPAM)
    CommentFactory(article=quiet)
    with time_machine.travel(timezone.now() - timedelta(days=8)):
        CommentFactory.create_batch(5, article=old)
    articles = panels(client, StaffFactory(role="Moderator"))["comments-popular"]
    html = articles.html
    assert html.index("Busy story") < html.index("Quiet story") and "Old story" not in html
    assert "3 comments" in html and "1 comment<" in html


# -- the chart ---------------------------------------------------------------------------------


def comments_on(day_offset, count, status=Comment.Status.APPROVED, article=None):
    with time_machine.travel(NOW - timedelta(days=day_offset), tick=False):
        CommentFactory.create_batch(count, status=status, article=article or ArticleFactory())


def test_daily_counts_are_posted_and_approved_per_day_over_thirty_days():
    article = ArticleFactory()
    comments_on(0, 3, article=article)
    comments_on(0, 2, Comment.Status.PENDING, article)
    comments_on(29, 1, article=article)
    comments_on(30, 4, article=article)  # a day too old
    days = comment_dashboard.daily_counts(timezone.localdate(NOW))
    assert len(days) == 30
    assert (days[-1].posted, days[-1].approved) == (5, 3)
    assert (days[0].date, days[0].posted, days[0].approved) == (timezone.localdate(NOW) - timedelta(days=29), 1, 1)
    assert sum(day.posted for day in days) == 6


def test_the_chart_is_svg_drawn_on_the_server_with_a_text_alternative(client):
    comments_on(3, 9)
    comments_on(3, 1, Comment.Status.PENDING)
    comments_on(1, 2)
    with time_machine.travel(NOW, tick=False):
        html = panels(client, StaffFactory(role="Moderator"))["comments-chart"].html
    assert '<svg viewBox="0 0 600 180" role="img" aria-labelledby="comment-chart-title comment-chart-desc"' in html
    summary = "12 comments posted in 30 days, 11 of them approved; the busiest day was Tuesday 17 March, with 10."
    assert f'<desc id="comment-chart-desc">{summary}' in html
    assert html.count('class="chart-posted"') == 30 and html.count('class="chart-approved"') == 30
    table = html[html.index("<table>"):]
    assert table.count("<tr>") == 31  # the heading and thirty days
    assert "<td>10</td><td>9</td>" in table
    assert "<script" not in html


def test_the_chart_scale_rounds_up_to_an_even_step():
    assert [comment_dashboard.nice_ceiling(n) for n in (0, 3, 5, 11, 39, 41, 250)] == [2, 4, 10, 20, 40, 100, 400]


def test_an_empty_month_says_so(client):
    html = panels(client, StaffFactory(role="Moderator"))["comments-chart"].html
    assert "No comments in the last 30 days." in html


# -- cost ------------------------------------------------------------------------------------------


def build_newsroom(size, author):
    """`size` articles of every kind, with comments of every status, some old."""
    for n in range(size):
        ArticleFactory(title=f"Live {n}", last_changed_by=author)
        ArticleFactory(title=f"Due {n}", published_at=timezone.now() + timedelta(hours=n + 1))
        DraftFactory(title=f"Review {n}", authors=[author.author_profile], status=Article.Status.REVIEW)
        DraftFactory(title=f"Draft {n}", authors=[author.author_profile])
    for article in Article.objects.published()[:size]:
        CommentFactory.create_batch(2, article=article)
        CommentFactory(article=article, status=Comment.Status.PENDING, moderation_reasons=["2 links"])
        CommentFactory(article=article, status=Comment.Status.SPAM)


# Session and user, the role's permissions (none for the superuser), the
# sidebar's recent actions, then each part: comments waiting 2, ready for review
# 1, my drafts 1, scheduled 1, most commented 1, last edits and publications 2,
# the chart 1; and the bylines of the three lists that print them (ready for
# review, scheduled, publications), one prefetch each however many articles and
# co-authors. A warm cache saves the two comment aggregates.
BYLINES = 3
QUERIES = {
    "Moderator": 2 + 2 + 1 + 2 + 1 + 1,
    "Author": 2 + 2 + 1 + 1,
    "Editor": 2 + 2 + 1 + 1 + 1 + 1 + 1 + 2 + BYLINES,
}
SUPERUSER_QUERIES = 2 + 1 + 2 + 1 + 1 + 1 + 1 + 2 + 1 + BYLINES
CACHED = {"Moderator": 2, "Editor": 1, "Author": 0}


@pytest.mark.parametrize("size", [2, 12])
@pytest.mark.parametrize("role", ["Moderator", "Author", "Editor"])
def test_the_dashboard_costs_the_same_few_queries_whatever_the_data(client, author, django_assert_num_queries, size, role):
    build_newsroom(size, author)
    user = author if role == "Author" else StaffFactory(role=role)
    client.force_login(user)
    with django_assert_num_queries(QUERIES[role]):
        assert client.get(INDEX).status_code == 200
    with django_assert_num_queries(QUERIES[role] - CACHED[role]):
        client.get(INDEX)


@pytest.mark.parametrize("size", [2, 12])
def test_the_superusers_dashboard_costs_the_same_whatever_the_data(admin_client, author, django_assert_num_queries, size):
    build_newsroom(size, author)
    with django_assert_num_queries(SUPERUSER_QUERIES):
        assert admin_client.get(INDEX).status_code == 200


# -- one way -----------------------------------------------------------------------------------------


def test_the_articles_app_never_imports_comments():
    """SPEC: dependencies point one way; comments fills in its own panels."""
    root = Path(__file__).resolve().parents[1] / "articles"
    importing = [
        path.name for path in root.rglob("*.py")
        if re.search(r"^\s*(from|import) comments\b", path.read_text(), re.M)
    ]
    assert importing == []
