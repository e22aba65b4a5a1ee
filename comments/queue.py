"""What each row of the moderation queue shows beside the comment: what it
answers, the commenter's record and what the moderator may do with it.

A page of the queue costs two queries beyond the list itself, whatever its
length: one for the records of every email on the page, one for the bans
that match them. A row refreshed after a one-click decision costs the same.
"""
from dataclasses import dataclass

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils.text import Truncator

from .models import Ban, Comment

FIRST_LINE_CHARS = 140


@dataclass(frozen=True)
class Record:
    """What a commenter did before this comment."""

    approved: int
    spam: int
    email_banned: bool
    ip_banned: bool


@dataclass(frozen=True)
class Row:
    record: Record
    replies_to: str  # the first line of the parent comment, or ""
    anchor: int  # the row to come back to after a decision without JavaScript
    list_url: str  # the list as the moderator sees it, to come back to from a reply
    can_moderate: bool
    can_ban: bool
    can_reply: bool


def annotate_rows(comments, list_url, permissions):
    """Give each of `comments` (one page, in order) its `queue_row`."""
    if not comments:
        return comments
    emails = {comment.email for comment in comments}
    ips = {comment.ip_address for comment in comments if comment.ip_address}
    records = Comment.objects.commenter_records(emails)
    bans = set(
        Ban.objects.filter(Q(kind=Ban.Kind.EMAIL, value__in=emails) | Q(kind=Ban.Kind.IP, value__in=ips))
        .values_list("kind", "value")
    )
    pks = [comment.pk for comment in comments]
    for index, comment in enumerate(comments):
        # Without JavaScript a decision reloads the list, where the row may be
        # gone (approved, it leaves the pending list): come back to the next one.
        anchor = pks[index + 1] if index + 1 < len(pks) else pks[index - 1] if index else comment.pk
        counts = records[comment.email]
        comment.queue_row = Row(
            record=Record(
                approved=counts["approved"] - (comment.status == Comment.Status.APPROVED),
                spam=counts["spam"] - (comment.status == Comment.Status.SPAM),
                email_banned=(Ban.Kind.EMAIL, comment.email) in bans,
                ip_banned=(Ban.Kind.IP, comment.ip_address) in bans,
            ),
            replies_to=first_line(comment.parent.body) if comment.parent_id else "",
            anchor=anchor,
            list_url=list_url,
            **permissions,
        )
    return comments


def first_line(text):
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return Truncator(lines[0]).chars(FIRST_LINE_CHARS) if lines else ""


def render_entry(comment):
    return render_to_string("admin/comments/comment/queue_entry.html", {"comment": comment, "row": comment.queue_row})


def render_commenter(comment):
    return render_to_string(
        "admin/comments/comment/queue_commenter.html", {"comment": comment, "row": comment.queue_row}
    )
