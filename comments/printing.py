"""An article's comment thread as HTML, printed in Python.

The thread used to be a template including itself once per level: for 50
comments the template engine's lookups, includes and context pushes cost
several times what building the thread does. This walks the tree and prints
each comment with a few format strings, reading each field once. Every field
a commenter typed goes through `escape` before it is printed; body_html is
printed as stored (sanitised when the comment was saved). The list around the
comments and its pagination stay a template, comments/thread_list.html.
"""
import threading
from html import escape  # what Django's escape() prints, without its checks for lazy strings (most of its cost)

from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.timezone import get_current_timezone, localtime
from django.utils.translation import get_language

from trillmag.conf import conf as site_conf

# `formatted` is news_date's memory of printed dates, called with the language looked up once per thread.
from trillmag.templatetags.dates import formatted, machine_date

from .querysets import THREAD_FIELDS

DATE_FORMAT = r"N j, Y \a\t g:i a"

# Ids are printed with str(), never localised: a thousands separator would break the anchors.
COMMENT = '<li id="comment-{pk}" class="comment{staff_class}">{content}{replies}</li>\n'
REMOVED = '<p class="comment-removed">This comment was removed.</p>'
SHOWN = (
    '<article class="comment-body" aria-labelledby="comment-{pk}-author">'
    '<header class="comment-meta">'
    '<span class="avatar avatar-small comment-avatar hue-{hue}" aria-hidden="true">{initials}</span>'
    '<p class="comment-author" id="comment-{pk}-author">{author}{badge}{in_reply_to}</p>'
    '<a class="comment-date" href="#comment-{pk}"><time datetime="{machine_date}">{news_date}</time></a>'
    "</header>"
    "{awaiting}"
    '<div class="comment-text" dir="auto">{body_html}</div>'
    "{reply_link}"
    "</article>"
)
AUTHOR = "<bdi>{name}</bdi>"
AUTHOR_WITH_WEBSITE = '<a href="{website}" rel="nofollow ugc noopener"><bdi>{name}</bdi></a>'
# The spaces before these two keep them apart from the name: they are inline text.
BADGE = ' <span class="staff-badge">{staff_label}</span>'
IN_REPLY_TO = ' <span class="visually-hidden">in reply to <bdi>{reply_to_name}</bdi></span>'
AWAITING = '<p class="comment-awaiting">Your comment is awaiting moderation.</p>'
REPLY_LINK = (
    '<a class="comment-reply-link" href="?replytocom={pk}#respond" data-comment-id="{pk}" data-name="{name}">'
    'Reply<span class="visually-hidden"> to <bdi>{name}</bdi></span></a>'
)
CHILDREN = '<ol class="children">\n{replies}</ol>'


def print_thread_page(thread, number, is_open, request):
    """Page `number` of `thread` (comments/threads.py) with its pagination
    links; `is_open`: whether public comments get a reply link."""
    page_obj = thread.page(number)
    comments = SafeString(ThreadPrinter(is_open).comments(page_obj.object_list))
    return render_to_string("comments/thread_list.html", {"page_obj": page_obj, "comments": comments}, request)


class PrintedComments:
    """Comments printed lately, each under everything it was printed from: its
    id and THREAD_FIELDS, the name it replies to, whether replies are open, and
    the time zone and language of its date. A thread printed again because one
    comment changed (an approval, the busy evening's commonest change) prints
    that one and reuses the others. A key cannot outlive what it printed, so
    nothing is ever invalidated. Bounded, oldest out first."""

    def __init__(self, size):
        self.size = size
        self.entries = {}
        self.lock = threading.Lock()

    def get(self, key, print_comment):
        html = self.entries.get(key)
        if html is None:
            html = print_comment()
            with self.lock:
                self.entries[key] = html
                if len(self.entries) > self.size:
                    del self.entries[next(iter(self.entries))]
        return html


# Some eighty threads of fifty comments: a few megabytes per process.
printed = PrintedComments(size=4096)


class ThreadPrinter:
    """Prints comments and their replies. What they all share is read once:
    whether replies are open, and the time zone and language dates are
    printed in (each a look-up in the request's context-local state).
    PAGE_CACHE=off prints every comment, as it renders everything else."""

    def __init__(self, is_open):
        self.is_open = is_open
        self.zone = get_current_timezone()
        self.language = get_language()
        self.memory = printed if site_conf.PAGE_CACHE else None

    def comments(self, comments):
        return "".join([self.comment(comment) for comment in comments])

    def comment(self, comment):
        pk = str(comment.pk)
        replies = comment.thread_replies
        return COMMENT.format(
            pk=pk,
            staff_class=" comment-staff" if comment.staff_label else "",
            content=REMOVED if comment.is_removed else self.remembered(comment, pk),
            replies=CHILDREN.format(replies=self.comments(replies)) if replies else "",
        )

    def remembered(self, comment, pk):
        if self.memory is None:
            return self.shown(comment, pk)
        fields = tuple(getattr(comment, name) for name in THREAD_FIELDS)
        key = (pk, fields, comment.reply_to_name, self.is_open, self.zone, self.language)
        return self.memory.get(key, lambda: self.shown(comment, pk))

    def shown(self, comment, pk):
        """A comment that is not removed: its author, date, body and reply link."""
        name, website = escape(comment.name), escape(comment.website)
        staff_label, reply_to_name = comment.staff_label, comment.reply_to_name
        created_at = localtime(comment.created_at, self.zone)
        return SHOWN.format(
            pk=pk,
            hue=comment.avatar_hue,
            initials=escape(comment.avatar_initials),
            author=AUTHOR_WITH_WEBSITE.format(website=website, name=name) if website else AUTHOR.format(name=name),
            badge=BADGE.format(staff_label=escape(staff_label)) if staff_label else "",
            in_reply_to=IN_REPLY_TO.format(reply_to_name=escape(reply_to_name)) if reply_to_name else "",
            machine_date=escape(machine_date(created_at)),
            news_date=escape(formatted(created_at, created_at.tzinfo, DATE_FORMAT, self.language)),
            awaiting=AWAITING if comment.is_awaiting_moderation else "",
            body_html=comment.body_html,
            reply_link=REPLY_LINK.format(pk=pk, name=name) if self.is_open and comment.is_public else "",
        )
