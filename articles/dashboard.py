"""The articles app's parts of the admin dashboard (trillmag/dashboard.py):
what waits for an editor, what goes live next, an author's own drafts, and
the newsroom's latest edits and publications. Each is one or two queries on
an index, limited to a few rows, whatever the size of the archive."""
from django.urls import reverse

from trillmag.dashboard import Panel, register

from . import permissions
from .models import Article

ROWS = 8


def ready_for_review(request):
    return {
        "articles": Article.objects.in_review().with_bylines()[:ROWS],
        "list_url": reverse("admin:articles_article_changelist") + "?state=review",
    }


def scheduled_next(request):
    return {"articles": Article.objects.scheduled().with_bylines().order_by("published_at", "pk")[:ROWS]}


def my_drafts(request):
    mine = Article.objects.written_by(request.user).filter(status__in=[Article.Status.DRAFT, Article.Status.REVIEW])
    return {"articles": mine.order_by("-updated_at")[:ROWS], "add_url": reverse("admin:articles_article_add")}


def latest_activity(request):
    return {
        "edited": Article.objects.select_related("last_changed_by").order_by("-updated_at")[:ROWS],
        "published": Article.objects.published().with_bylines().latest()[:ROWS],
    }


def register_panels():
    register(Panel(
        key="articles-review", title="Ready for review", template="admin/dashboard/articles_review.html",
        data=ready_for_review, shown_to=permissions.can_publish, order=20,
    ))
    register(Panel(
        key="articles-mine", title="My drafts", template="admin/dashboard/articles_mine.html",
        data=my_drafts, shown_to=lambda user: user.has_perm("articles.add_article"), order=30,
    ))
    register(Panel(
        key="articles-scheduled", title="Scheduled next", template="admin/dashboard/articles_scheduled.html",
        data=scheduled_next, shown_to=permissions.can_publish, order=40,
    ))
    register(Panel(
        key="articles-activity", title="Last edits and publications",
        template="admin/dashboard/articles_activity.html",
        data=latest_activity, shown_to=permissions.can_edit_any, order=60, wide=True,
    ))
