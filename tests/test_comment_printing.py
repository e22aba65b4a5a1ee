"""The thread printed in Python (comments/printing.py) is the markup the
recursive template printed: this thread's expected HTML was captured once from
comments/thread.html before it was replaced."""
import re
from datetime import datetime, timezone

import pytest
from django.test import RequestFactory
from django.utils.timezone import override

from comments import printing
from comments.models import Comment
from comments.printing import print_thread_page
from comments.threads import build_thread

from .factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


def march(day, hour, minute):
    return datetime(2024, 3, day, hour, minute, tzinfo=timezone.utc)


@pytest.fixture
def tricky_thread(settings):
    """Five levels deep under a hostile name with a website, a staff reply, a
    removed comment whose replies include the visitor's own pending one, a
    reply under a spam comment, and a removed comment with nothing under it.
    Dates in Paris, an hour ahead of the stored UTC."""
    settings.TIME_ZONE = "Europe/Paris"
    article = ArticleFactory()

    def comment(**fields):
        return CommentFactory(article=article, **fields)

    first = comment(
        name="<b>Zoë</b> \"Z\" & O'Neil", email="zoe@example.com", website='https://zoe.example/?a=1&b="2"',
        body="Hello <there> & welcome\n\nSee https://example.com/x?y=1&z=2", created_at=march(1, 0, 5),
    )
    staff = comment(parent=first, name="Mo Editor", email="mo@example.com", staff_label="Science <editor>",
                    body="A thoughtful remark, number 1.", created_at=march(1, 12, 0))
    third = comment(parent=staff, name="élodie ünal", email="e@example.com",
                    body="A thoughtful remark, number 2.", created_at=march(2, 23, 59))
    fourth = comment(parent=third, name="   ", email="blank@example.com",
                     body="A thoughtful remark, number 3.", created_at=march(3, 9, 30))
    fifth = comment(parent=fourth, name="Deepest One", email="d@example.com",
                    body="A thoughtful remark, number 4.", created_at=march(4, 13, 1))
    removed = comment(name="Rude", status=Comment.Status.REMOVED, staff_label="Staff", body="Something rude",
                      created_at=march(5, 8, 0))
    kind = comment(parent=removed, name="Kind", email="k@example.com", body="Please be kind", created_at=march(6, 8, 0))
    mine = comment(parent=removed, name="Me, pending", email="me@example.com", status=Comment.Status.PENDING,
                   body="My words", created_at=march(7, 8, 0))
    spam = comment(name="Spammer", status=Comment.Status.SPAM, body="Buy now", created_at=march(8, 8, 0))
    answer = comment(parent=spam, name="Ignore", email="i@example.com", body="Ignore that", created_at=march(9, 8, 0))
    comment(name="Gone", status=Comment.Status.REMOVED, created_at=march(10, 8, 0))
    ids = dict(
        first=first.pk, staff=staff.pk, third=third.pk, fourth=fourth.pk, fifth=fifth.pk,
        removed=removed.pk, kind=kind.pk, mine=mine.pk, spam=spam.pk, answer=answer.pk,
    )
    return build_thread(article, [mine.pk]), ids


def layout(html):
    """HTML as a browser lays it out: each run of whitespace is one space, and
    whitespace next to a block element's tag is none."""
    html = re.sub(r"\s+", " ", html)
    return re.sub(r" ?(</?(?:ol|li|article|header|p|div|nav)\b[^>]*>) ?", r"\1", html).strip()


REQUEST = RequestFactory().get("/2024/03/article/?cpage=2&replytocom=5&q=a%20b")


@pytest.fixture(params=["printed", "remembered"])
def memory(request, settings, monkeypatch):
    """Comments printed, or taken from the memory of printed comments (which
    PAGE_CACHE=off leaves out): each expected page is checked both ways."""
    monkeypatch.setattr(printing, "printed", printing.PrintedComments(size=100))
    settings.PAGE_CACHE = request.param == "remembered"
    return request.param


def print_page(thread, number, is_open, memory):
    if memory == "remembered":
        print_thread_page(thread, number, is_open, REQUEST)
    return print_thread_page(thread, number, is_open, REQUEST)


def test_an_open_thread_prints_what_the_template_printed(tricky_thread, memory):
    thread, ids = tricky_thread
    assert layout(print_page(thread, None, True, memory)) == layout(OPEN_THREAD.format(**ids))


def test_a_later_page_of_a_closed_thread_prints_what_the_template_printed(tricky_thread, memory, settings):
    settings.COMMENTS_PER_PAGE = 1
    thread, ids = tricky_thread
    assert layout(print_page(thread, 2, False, memory)) == layout(SECOND_PAGE_CLOSED.format(**ids))


@pytest.fixture
def counted_prints(settings, monkeypatch):
    """The page cache on, a fresh memory of printed comments, and the number of
    comments actually printed."""
    settings.PAGE_CACHE = True
    monkeypatch.setattr(printing, "printed", printing.PrintedComments(size=100))
    shown = printing.ThreadPrinter.shown
    prints = []
    monkeypatch.setattr(printing.ThreadPrinter, "shown", lambda self, comment, pk: prints.append(pk) or shown(self, comment, pk))
    return prints


def test_a_thread_printed_again_prints_only_the_comments_that_changed(counted_prints):
    article = ArticleFactory()
    first, second = CommentFactory(article=article, body="First"), CommentFactory(article=article, body="Second")
    html = print_thread_page(build_thread(article), None, True, REQUEST)
    assert sorted(counted_prints) == sorted([str(first.pk), str(second.pk)])

    counted_prints.clear()
    assert print_thread_page(build_thread(article), None, True, REQUEST) == html
    assert counted_prints == []

    second.body = "Second, edited"
    second.save()
    third = CommentFactory(article=article, body="Third")
    html = print_thread_page(build_thread(article), None, True, REQUEST)
    assert sorted(counted_prints) == sorted([str(second.pk), str(third.pk)])
    assert "Second, edited" in html and "Third" in html


CHANGES = {
    "name": lambda comment: setattr(comment, "name", "Renamed"),
    "email (the avatar's hue)": lambda comment: setattr(comment, "email", "someone.else@example.com"),
    "website": lambda comment: setattr(comment, "website", "https://elsewhere.example/"),
    "staff label": lambda comment: setattr(comment, "staff_label", "Editor"),
    "date": lambda comment: setattr(comment, "created_at", march(2, 9, 0)),
    "body": lambda comment: setattr(comment, "body", "Other words"),
    "status": lambda comment: setattr(comment, "status", Comment.Status.REMOVED),
    "the name replied to": lambda comment: Comment.objects.filter(pk=comment.parent_id).update(name="New parent name"),
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_whatever_a_comment_is_printed_from_prints_it_anew(change, settings, monkeypatch):
    """The memory gives the very bytes a print without it gives, after any change."""
    article = ArticleFactory()
    parent = CommentFactory(article=article, name="Parent", created_at=march(1, 8, 0))
    reply = CommentFactory(article=article, parent=parent, name="Replier", email="r@example.com", created_at=march(1, 9, 0))
    settings.PAGE_CACHE = True
    monkeypatch.setattr(printing, "printed", printing.PrintedComments(size=100))
    print_thread_page(build_thread(article), None, True, REQUEST)

    change(reply)
    reply.save()
    remembered = print_thread_page(build_thread(article), None, True, REQUEST)
    settings.PAGE_CACHE = False
    fresh = print_thread_page(build_thread(article), None, True, REQUEST)
    assert remembered == fresh
    assert remembered != print_thread_page(build_thread(article), None, False, REQUEST)  # reply links: open or not


def test_dates_are_remembered_per_time_zone(settings, monkeypatch):
    article = ArticleFactory()
    CommentFactory(article=article, created_at=march(1, 23, 30))
    settings.PAGE_CACHE = True
    monkeypatch.setattr(printing, "printed", printing.PrintedComments(size=100))
    assert "March 1, 2024 at 11:30 p.m." in print_thread_page(build_thread(article), None, True, REQUEST)
    with override("Europe/Paris"):
        assert "March 2, 2024 at 12:30 a.m." in print_thread_page(build_thread(article), None, True, REQUEST)


def test_the_memory_keeps_the_newest_comments_up_to_its_size():
    memory = printing.PrintedComments(size=2)
    for key in ("a", "b", "c"):
        memory.get(key, lambda key=key: key.upper())
    assert list(memory.entries) == ["b", "c"]
    assert memory.get("c", lambda: "printed again") == "C"


OPEN_THREAD = """
    <ol class="comment-list">
      <li id="comment-{first}" class="comment">
        <article class="comment-body" aria-labelledby="comment-{first}-author">
          <header class="comment-meta">
            <span class="avatar avatar-small comment-avatar hue-255" aria-hidden="true">&lt;&quot;</span>
            <p class="comment-author" id="comment-{first}-author"><a href="https://zoe.example/?a=1&amp;b=&quot;2&quot;" rel="nofollow ugc noopener"><bdi>&lt;b&gt;Zoë&lt;/b&gt; &quot;Z&quot; &amp; O&#x27;Neil</bdi></a></p>
            <a class="comment-date" href="#comment-{first}"><time datetime="2024-03-01T01:05:00+0100">March 1, 2024 at 1:05 a.m.</time></a>
          </header>
          <div class="comment-text" dir="auto"><p>Hello &lt;there&gt; &amp; welcome</p><p>See <a href="https://example.com/x?y=1&amp;z=2" rel="nofollow ugc noopener">https://example.com/x?y=1&amp;z=2</a></p></div>
          <a class="comment-reply-link" href="?replytocom={first}#respond" data-comment-id="{first}" data-name="&lt;b&gt;Zoë&lt;/b&gt; &quot;Z&quot; &amp; O&#x27;Neil">Reply<span class="visually-hidden"> to <bdi>&lt;b&gt;Zoë&lt;/b&gt; &quot;Z&quot; &amp; O&#x27;Neil</bdi></span></a>
        </article>
        <ol class="children">
          <li id="comment-{staff}" class="comment comment-staff">
            <article class="comment-body" aria-labelledby="comment-{staff}-author">
              <header class="comment-meta">
                <span class="avatar avatar-small comment-avatar hue-30" aria-hidden="true">ME</span>
                <p class="comment-author" id="comment-{staff}-author"><bdi>Mo Editor</bdi> <span class="staff-badge">Science &lt;editor&gt;</span> <span class="visually-hidden">in reply to <bdi>&lt;b&gt;Zoë&lt;/b&gt; &quot;Z&quot; &amp; O&#x27;Neil</bdi></span></p>
                <a class="comment-date" href="#comment-{staff}"><time datetime="2024-03-01T13:00:00+0100">March 1, 2024 at 1:00 p.m.</time></a>
              </header>
              <div class="comment-text" dir="auto"><p>A thoughtful remark, number 1.</p></div>
              <a class="comment-reply-link" href="?replytocom={staff}#respond" data-comment-id="{staff}" data-name="Mo Editor">Reply<span class="visually-hidden"> to <bdi>Mo Editor</bdi></span></a>
            </article>
            <ol class="children">
              <li id="comment-{third}" class="comment">
                <article class="comment-body" aria-labelledby="comment-{third}-author">
                  <header class="comment-meta">
                    <span class="avatar avatar-small comment-avatar hue-225" aria-hidden="true">ÉÜ</span>
                    <p class="comment-author" id="comment-{third}-author"><bdi>élodie ünal</bdi> <span class="visually-hidden">in reply to <bdi>Mo Editor</bdi></span></p>
                    <a class="comment-date" href="#comment-{third}"><time datetime="2024-03-03T00:59:00+0100">March 3, 2024 at 12:59 a.m.</time></a>
                  </header>
                  <div class="comment-text" dir="auto"><p>A thoughtful remark, number 2.</p></div>
                  <a class="comment-reply-link" href="?replytocom={third}#respond" data-comment-id="{third}" data-name="élodie ünal">Reply<span class="visually-hidden"> to <bdi>élodie ünal</bdi></span></a>
                </article>
                <ol class="children">
                  <li id="comment-{fourth}" class="comment">
                    <article class="comment-body" aria-labelledby="comment-{fourth}-author">
                      <header class="comment-meta">
                        <span class="avatar avatar-small comment-avatar hue-240" aria-hidden="true">?</span>
                        <p class="comment-author" id="comment-{fourth}-author"><bdi> </bdi> <span class="visually-hidden">in reply to <bdi>élodie ünal</bdi></span></p>
                        <a class="comment-date" href="#comment-{fourth}"><time datetime="2024-03-03T10:30:00+0100">March 3, 2024 at 10:30 a.m.</time></a>
                      </header>
                      <div class="comment-text" dir="auto"><p>A thoughtful remark, number 3.</p></div>
                      <a class="comment-reply-link" href="?replytocom={fourth}#respond" data-comment-id="{fourth}" data-name=" ">Reply<span class="visually-hidden"> to <bdi> </bdi></span></a>
                    </article>
                    <ol class="children">
                      <li id="comment-{fifth}" class="comment">
                        <article class="comment-body" aria-labelledby="comment-{fifth}-author">
                          <header class="comment-meta">
                            <span class="avatar avatar-small comment-avatar hue-315" aria-hidden="true">DO</span>
                            <p class="comment-author" id="comment-{fifth}-author"><bdi>Deepest One</bdi> <span class="visually-hidden">in reply to <bdi> </bdi></span></p>
                            <a class="comment-date" href="#comment-{fifth}"><time datetime="2024-03-04T14:01:00+0100">March 4, 2024 at 2:01 p.m.</time></a>
                          </header>
                          <div class="comment-text" dir="auto"><p>A thoughtful remark, number 4.</p></div>
                          <a class="comment-reply-link" href="?replytocom={fifth}#respond" data-comment-id="{fifth}" data-name="Deepest One">Reply<span class="visually-hidden"> to <bdi>Deepest One</bdi></span></a>
                        </article>
                      </li>
                    </ol>
                  </li>
                </ol>
              </li>
            </ol>
          </li>
        </ol>
      </li>
      <li id="comment-{removed}" class="comment comment-staff">
        <p class="comment-removed">This comment was removed.</p>
        <ol class="children">
          <li id="comment-{kind}" class="comment">
            <article class="comment-body" aria-labelledby="comment-{kind}-author">
              <header class="comment-meta">
                <span class="avatar avatar-small comment-avatar hue-345" aria-hidden="true">K</span>
                <p class="comment-author" id="comment-{kind}-author"><bdi>Kind</bdi> <span class="visually-hidden">in reply to <bdi>a removed comment</bdi></span></p>
                <a class="comment-date" href="#comment-{kind}"><time datetime="2024-03-06T09:00:00+0100">March 6, 2024 at 9:00 a.m.</time></a>
              </header>
              <div class="comment-text" dir="auto"><p>Please be kind</p></div>
              <a class="comment-reply-link" href="?replytocom={kind}#respond" data-comment-id="{kind}" data-name="Kind">Reply<span class="visually-hidden"> to <bdi>Kind</bdi></span></a>
            </article>
          </li>
          <li id="comment-{mine}" class="comment">
            <article class="comment-body" aria-labelledby="comment-{mine}-author">
              <header class="comment-meta">
                <span class="avatar avatar-small comment-avatar hue-30" aria-hidden="true">MP</span>
                <p class="comment-author" id="comment-{mine}-author"><bdi>Me, pending</bdi> <span class="visually-hidden">in reply to <bdi>a removed comment</bdi></span></p>
                <a class="comment-date" href="#comment-{mine}"><time datetime="2024-03-07T09:00:00+0100">March 7, 2024 at 9:00 a.m.</time></a>
              </header>
              <p class="comment-awaiting">Your comment is awaiting moderation.</p>
              <div class="comment-text" dir="auto"><p>My words</p></div>
            </article>
          </li>
        </ol>
      </li>
      <li id="comment-{spam}" class="comment">
        <p class="comment-removed">This comment was removed.</p>
        <ol class="children">
          <li id="comment-{answer}" class="comment">
            <article class="comment-body" aria-labelledby="comment-{answer}-author">
              <header class="comment-meta">
                <span class="avatar avatar-small comment-avatar hue-150" aria-hidden="true">I</span>
                <p class="comment-author" id="comment-{answer}-author"><bdi>Ignore</bdi> <span class="visually-hidden">in reply to <bdi>a removed comment</bdi></span></p>
                <a class="comment-date" href="#comment-{answer}"><time datetime="2024-03-09T09:00:00+0100">March 9, 2024 at 9:00 a.m.</time></a>
              </header>
              <div class="comment-text" dir="auto"><p>Ignore that</p></div>
              <a class="comment-reply-link" href="?replytocom={answer}#respond" data-comment-id="{answer}" data-name="Ignore">Reply<span class="visually-hidden"> to <bdi>Ignore</bdi></span></a>
            </article>
          </li>
        </ol>
      </li>
    </ol>
"""

SECOND_PAGE_CLOSED = """
    <ol class="comment-list">
      <li id="comment-{removed}" class="comment comment-staff">
        <p class="comment-removed">This comment was removed.</p>
        <ol class="children">
          <li id="comment-{kind}" class="comment">
            <article class="comment-body" aria-labelledby="comment-{kind}-author">
              <header class="comment-meta">
                <span class="avatar avatar-small comment-avatar hue-345" aria-hidden="true">K</span>
                <p class="comment-author" id="comment-{kind}-author"><bdi>Kind</bdi> <span class="visually-hidden">in reply to <bdi>a removed comment</bdi></span></p>
                <a class="comment-date" href="#comment-{kind}"><time datetime="2024-03-06T09:00:00+0100">March 6, 2024 at 9:00 a.m.</time></a>
              </header>
              <div class="comment-text" dir="auto"><p>Please be kind</p></div>
            </article>
          </li>
          <li id="comment-{mine}" class="comment">
            <article class="comment-body" aria-labelledby="comment-{mine}-author">
              <header class="comment-meta">
                <span class="avatar avatar-small comment-avatar hue-30" aria-hidden="true">MP</span>
                <p class="comment-author" id="comment-{mine}-author"><bdi>Me, pending</bdi> <span class="visually-hidden">in reply to <bdi>a removed comment</bdi></span></p>
                <a class="comment-date" href="#comment-{mine}"><time datetime="2024-03-07T09:00:00+0100">March 7, 2024 at 9:00 a.m.</time></a>
              </header>
              <p class="comment-awaiting">Your comment is awaiting moderation.</p>
              <div class="comment-text" dir="auto"><p>My words</p></div>
            </article>
          </li>
        </ol>
      </li>
    </ol>
    <nav class="pagination" aria-label="Comment pages">
      <a rel="prev" href="?cpage=1&amp;q=a+b#comments">&larr; Earlier comments</a>
      <span class="page-current" aria-current="page">Comments page 2 of 3</span>
      <a rel="next" href="?cpage=3&amp;q=a+b#comments">Later comments &rarr;</a>
    </nav>
"""
