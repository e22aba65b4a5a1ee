"""An article's thread, from one query, as a tree ready to print.

Rows arrive ordered by path, so every comment comes after its parent. A
comment whose parent is not shown (spam, or someone else's pending comment)
gets a stand-in parent built from its path, so the thread keeps its shape;
removed comments and stand-ins without anything to show under them are left
out.
"""
from dataclasses import dataclass, field
from datetime import datetime

from django.core.paginator import Paginator

from .conf import conf
from .models import Comment, ShownComment
from .querysets import THREAD_FIELDS


@dataclass(eq=False)
class ThreadComment(ShownComment):
    """A comment as its thread shows it: its THREAD_FIELDS, its replies and the
    name it replies to. Fifty model instances cost a thread more to build than
    its query costs to run; these are plain objects."""

    Status = Comment.Status

    pk: int
    path: str = ""
    status: str = Comment.Status.REMOVED
    name: str = ""
    email: str = ""
    website: str = ""
    staff_label: str = ""
    created_at: datetime | None = None
    body_html: str = ""
    thread_replies: list = field(default_factory=list)
    reply_to_name: str = ""


@dataclass
class Thread:
    roots: list = field(default_factory=list)
    by_id: dict = field(default_factory=dict)
    count: int = 0

    def page(self, number):
        per_page = conf.COMMENTS_PER_PAGE or max(len(self.roots), 1)
        return Paginator(self.roots, per_page).get_page(number)

    def page_number_of(self, comment):
        """The page of top-level comments that `comment` appears on."""
        root = self.by_id.get(comment.root_id)
        if not conf.COMMENTS_PER_PAGE or root not in self.roots:
            return 1
        return self.roots.index(root) // conf.COMMENTS_PER_PAGE + 1

    def replyable(self, pk):
        comment = self.by_id.get(pk)
        return comment if comment is not None and comment.is_public else None


def build_thread(article, mine=()):
    thread = Thread()
    for row in Comment.objects.for_thread(article, mine).values("pk", *THREAD_FIELDS):
        comment = ThreadComment(**row)
        attach(thread, comment)
        thread.count += comment.is_public
    thread.roots = [root for root in thread.roots if keep(root)]
    return thread


def attach(thread, comment):
    parent = None
    for pk in (int(part) for part in comment.path.split("/")[:-1]):
        if pk not in thread.by_id:
            thread.by_id[pk] = ThreadComment(pk=pk)  # a removed comment as far as readers know
            siblings = parent.thread_replies if parent else thread.roots
            siblings.append(thread.by_id[pk])
        parent = thread.by_id[pk]
    if parent:
        comment.reply_to_name = "a removed comment" if parent.is_removed else parent.name
    (parent.thread_replies if parent else thread.roots).append(comment)
    thread.by_id[comment.pk] = comment


def keep(comment):
    comment.thread_replies = [reply for reply in comment.thread_replies if keep(reply)]
    return not comment.is_removed or bool(comment.thread_replies)
