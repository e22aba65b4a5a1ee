"""The comments app's parts of the admin dashboard (trillmag/dashboard.py):
what waits for a moderator, the stories readers talk about this week, and a
chart of comments posted and approved over the last 30 days, drawn here as
SVG with its numbers as a table.

The queue is read fresh (two queries); the week's stories and the chart are
aggregates over many comments, so they are kept in the cache for a few
minutes: a trend may lag a little, what waits never does.
"""
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from itertools import count

from django.core.cache import cache
from django.db.models import Count, Min, Q
from django.db.models.functions import TruncDate
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from trillmag.dashboard import Panel, register

from .models import Comment

OLDEST_SHOWN = 5
POPULAR_SHOWN = 5
POPULAR_DAYS = 7
CHART_DAYS = 30
CACHE_SECONDS = 300


def may_moderate(user):
    return user.has_perm("comments.change_comment")


def waiting(request):
    queue = Comment.objects.moderation_queue()
    summary = queue.aggregate(count=Count("pk"), oldest=Min("created_at"))
    return {
        **summary,
        "comments": queue.select_related("article")[:OLDEST_SHOWN],
        "queue_url": reverse("admin:comments_comment_changelist"),
    }


def most_commented(request):
    def compute():
        since = timezone.now() - timedelta(days=POPULAR_DAYS)
        return list(
            Article.objects.filter(comments__status=Comment.Status.APPROVED, comments__created_at__gte=since)
            .annotate(recent_comments=Count("comments"))
            .order_by("-recent_comments", "-pk")
            .only("title", "slug", "published_at", "created_at")[:POPULAR_SHOWN]
        )

    return {
        "articles": cache.get_or_set(f"dashboard:comments:popular:{timezone.localdate()}", compute, CACHE_SECONDS),
        "queue_url": reverse("admin:comments_comment_changelist"),
        "days": POPULAR_DAYS,
    }


@dataclass(frozen=True)
class Day:
    date: object
    posted: int
    approved: int


def daily_counts(today):
    """Comments posted on each of the CHART_DAYS days up to `today` (in the
    newsroom's time zone), and how many of them are approved now."""
    zone = timezone.get_current_timezone()
    first = today - timedelta(days=CHART_DAYS - 1)
    rows = (
        Comment.objects.filter(created_at__gte=datetime.combine(first, time.min, tzinfo=zone))
        .annotate(day=TruncDate("created_at", tzinfo=zone))
        .values("day")
        .annotate(posted=Count("pk"), approved=Count("pk", filter=Q(status=Comment.Status.APPROVED)))
        .order_by("day")
    )
    found = {row["day"]: row for row in rows}
    days = [first + timedelta(days=n) for n in range(CHART_DAYS)]
    return [Day(day, found.get(day, {}).get("posted", 0), found.get(day, {}).get("approved", 0)) for day in days]


# The chart's drawing, in SVG user units (it scales to the panel's width).
WIDTH, HEIGHT = 600, 180
LEFT, BOTTOM, TOP = 34, 22, 8


def chart(days):
    """Bars for the template: for each day the posted bar, and the approved
    part of it drawn over its base; a scale with three lines; a date under
    today and every seventh day before it."""
    top = nice_ceiling(max((day.posted for day in days), default=0))
    slot = (WIDTH - LEFT) / len(days)
    plot = HEIGHT - BOTTOM - TOP

    def y(value):
        return round(TOP + plot - plot * value / top, 1)

    bars = []
    for index, day in enumerate(days):
        x, width = round(LEFT + index * slot + slot * 0.15, 1), round(slot * 0.7, 1)
        last = index == len(days) - 1
        bars.append({
            "day": day, "x": x, "width": width,
            "posted_y": y(day.posted), "posted_height": round(y(0) - y(day.posted), 1),
            "approved_y": y(day.approved), "approved_height": round(y(0) - y(day.approved), 1),
            "labelled": (len(days) - 1 - index) % 7 == 0,  # today, and weekly back
            # Today's date ends at the chart's edge rather than running past it.
            "label_x": round(x + width, 1) if last else round(x + width / 2, 1), "label_anchor": "end" if last else "middle",
        })
    scale = [{"value": value, "y": y(value)} for value in (0, top // 2, top)]
    busiest = max(days, key=lambda day: day.posted)
    return {
        "width": WIDTH, "height": HEIGHT, "left": LEFT, "baseline": y(0), "label_y": HEIGHT - 6,
        "bars": bars, "scale": scale, "days": days, "busiest": busiest,
        "posted": sum(day.posted for day in days), "approved": sum(day.approved for day in days),
    }


def nice_ceiling(value):
    """The smallest of 2, 4, 10, 20, 40, 100… at or above `value` (even, so the
    middle line of the scale is a whole number too)."""
    for magnitude in count():
        for base in (2, 4, 10):
            if base * 10**magnitude >= value:
                return base * 10**magnitude


def comment_chart(request):
    today = timezone.localdate()
    days = cache.get_or_set(f"dashboard:comments:chart:{today}", lambda: daily_counts(today), CACHE_SECONDS)
    return {"chart": chart(days)}


def register_panels():
    register(Panel(
        key="comments-waiting", title="Comments waiting", template="admin/dashboard/comments_waiting.html",
        data=waiting, shown_to=may_moderate, order=10,
    ))
    register(Panel(
        key="comments-popular", title="Most commented this week", template="admin/dashboard/comments_popular.html",
        data=most_commented, order=50,
        # Moderators watch busy threads; editors follow the stories readers talk about.
        shown_to=lambda user: may_moderate(user) or user.has_perm("articles.publish_article"),
    ))
    register(Panel(
        key="comments-chart", title="Comments, last 30 days", template="admin/dashboard/comments_chart.html",
        data=comment_chart, shown_to=may_moderate, order=70, wide=True,
    ))
