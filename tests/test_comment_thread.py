"""How the thread reads on the article page, and what it costs."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from comments.bulk import bulk_create_threads
from comments.models import Comment
from comments.threads import build_thread

from .comment_helpers import post_comment
from .factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticleFactory()


def page(client, article, query=""):
    return client.get(article.get_absolute_url() + query).content.decode()


def test_empty_article_has_the_form_and_the_seed_wording(client, article):
    html = page(client, article)
    assert '<section id="comments"' in html
    assert '<form id="commentform"' in html
    assert "Leave a Reply" in html
    assert "Your email address will not be published. Required fields are marked" in html
    assert "Save my name, email, and website in this browser for the next time I comment." in html
    assert 'href="#comments">Click to comment</a>' in html


def test_count_link_and_heading_count_approved_comments_only(client, article):
    CommentFactory.create_batch(2, article=article)
    CommentFactory(article=article, status=Comment.Status.PENDING)
    CommentFactory(article=article, status=Comment.Status.SPAM)
    CommentFactory(article=article, status=Comment.Status.REMOVED)
    html = page(client, article)
    assert "Click to comment <span class=\"comment-count\">(2 comments)</span>" in html
    assert ">2 Comments</h2>" in html


def test_thread_is_in_order_and_nested(client, article):
    first = CommentFactory(article=article, body="First")
    second = CommentFactory(article=article, body="Second")
    reply = CommentFactory(article=article, parent=first, body="Reply to first")
    html = page(client, article)
    assert html.index("First") < html.index("Reply to first") < html.index("Second")
    nested = html[html.index(f'id="comment-{first.pk}"'):html.index(f'id="comment-{second.pk}"')]
    assert '<ol class="children">' in nested
    assert f'id="comment-{reply.pk}"' in nested


def test_each_reply_says_whom_it_answers_to_screen_readers(client, article):
    parent = CommentFactory(article=article, name="Bea")
    CommentFactory(article=article, parent=parent)
    assert '<span class="visually-hidden">in reply to <bdi>Bea</bdi></span>' in page(client, article)


def test_pending_comment_is_seen_by_its_author_only(client, article):
    response = post_comment(client, article, body="My pending words")
    assert response.status_code == 302
    mine = page(client, article)
    assert "My pending words" in mine
    assert "Your comment is awaiting moderation." in mine
    from django.test import Client

    assert "My pending words" not in page(Client(), article)


def test_spam_verdict_looks_pending_to_its_author(client, article):
    from comments.models import DisallowedWord

    DisallowedWord.objects.create(word="casino")
    post_comment(client, article, body="casino deals")
    assert "Your comment is awaiting moderation." in page(client, article)


def test_removed_comment_with_replies_keeps_its_place(client, article):
    removed = CommentFactory(article=article, status=Comment.Status.REMOVED, body="Something rude", name="Rude")
    CommentFactory(article=article, parent=removed, body="Please be kind")
    html = page(client, article)
    assert "This comment was removed." in html
    assert "Something rude" not in html
    assert "Please be kind" in html
    assert "in reply to <bdi>a removed comment</bdi>" in html


def test_removed_comment_without_replies_is_left_out(client, article):
    CommentFactory(article=article, status=Comment.Status.REMOVED, body="Gone")
    assert "This comment was removed." not in page(client, article)


def test_approved_reply_under_a_spam_comment_keeps_the_thread_shape(client, article):
    spam = CommentFactory(article=article, status=Comment.Status.SPAM, body="Buy now")
    CommentFactory(article=article, parent=spam, body="Ignore that")
    html = page(client, article)
    assert "Buy now" not in html
    assert "This comment was removed." in html
    assert html.index("This comment was removed.") < html.index("Ignore that")


def test_body_is_escaped_with_paragraphs_and_safe_links(client, article):
    CommentFactory(article=article, body="<b>bold</b> & more\n\nSee https://example.com/a?b=1&c=2 now\nthanks")
    html = page(client, article)
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; more" in html
    assert "<p>See " in html and "<br>thanks</p>" in html
    assert '<a href="https://example.com/a?b=1&amp;c=2" rel="nofollow ugc noopener">' in html


def test_name_links_to_the_website_with_the_same_rel(client, article):
    CommentFactory(article=article, name="Cy", website="https://cy.example/")
    assert '<a href="https://cy.example/" rel="nofollow ugc noopener"><bdi>Cy</bdi></a>' in page(client, article)


def test_email_and_ip_are_never_shown(client, article):
    CommentFactory(article=article, email="secret@example.com", ip_address="203.0.113.99")
    html = page(client, article)
    assert "secret@example.com" not in html
    assert "203.0.113.99" not in html


def test_avatar_is_initials_coloured_from_the_email(client, article):
    CommentFactory(article=article, name="ada lovelace", email="ada@example.com")
    html = page(client, article)
    assert 'aria-hidden="true">AL</span>' in html
    assert f'comment-avatar hue-{Comment(email="ada@example.com").avatar_hue}"' in html
    assert "gravatar" not in html


def test_reply_controls_are_accessible_links_that_javascript_upgrades(client, article):
    comment = CommentFactory(article=article)
    html = page(client, article)
    assert f'href="?replytocom={comment.pk}#respond"' in html
    assert f'data-comment-id="{comment.pk}"' in html
    assert "js/comments.js" in html


def test_closed_article_shows_thread_without_form_or_reply_links(client):
    article = ArticleFactory(comments_enabled=False)
    CommentFactory(article=article, body="Earlier words")
    html = page(client, article)
    assert "Earlier words" in html
    assert "Comments are closed." in html
    assert 'id="commentform"' not in html
    assert "replytocom" not in html


def test_long_threads_paginate_top_level_comments(client, article, settings):
    settings.COMMENTS_PER_PAGE = 2
    comments = [CommentFactory(article=article, body=f"Top {n}") for n in range(5)]
    CommentFactory(article=article, parent=comments[0], body="Nested reply")
    first = page(client, article)
    assert "Top 0" in first and "Top 1" in first and "Nested reply" in first and "Top 2" not in first
    last = page(client, article, "?cpage=3")
    assert "Top 4" in last and "Top 0" not in last
    assert "Comments page 3 of 3" in last
    assert client.get(comments[4].get_absolute_url())["Location"].endswith(f"?cpage=3#comment-{comments[4].pk}")


def test_pagination_is_off_by_default(client, article):
    for n in range(30):
        CommentFactory(article=article, body=f"Comment number {n}.")
    html = page(client, article)
    assert "Comment number 0." in html and "Comment number 29." in html
    assert "Comments page" not in html


def nested_comments(article, count):
    """`count` comments in threads five levels deep."""
    parents = [None]
    for n in range(count):
        parent = parents[n % len(parents)] if n % 5 else None
        comment = CommentFactory(article=article, parent=parent)
        parents = [comment] if parent is None else parents + [comment]


def queries_for(client, article):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(article.get_absolute_url()).status_code == 200
    return len(queries)


def test_article_page_queries_do_not_grow_with_comments(client):
    empty, busy = ArticleFactory(), ArticleFactory()
    nested_comments(busy, 200)
    assert Comment.objects.filter(article=busy, depth=4).exists()
    assert queries_for(client, empty) == queries_for(client, busy) <= 6
    assert "200 Comments" in page(client, busy)


def test_comments_add_one_query_to_the_article_page(client, django_assert_num_queries):
    article = ArticleFactory()
    nested_comments(article, 20)
    # article, tags, related articles, the bylines of all of them, the footer's pages, the thread
    with django_assert_num_queries(6):
        client.get(article.get_absolute_url())


# --- bulk: imported and generated threads ---------------------------------------------


def test_threads_stored_in_bulk_read_like_saved_ones(settings):
    settings.COMMENTS_MAX_DEPTH = 3
    article = ArticleFactory()
    existing = CommentFactory(article=article)
    first = Comment(article=article, name="A", email="A@Example.com", body="Top, with https://example.com", status="approved")
    chain = [first]
    for n in range(4):  # deeper than the limit: the last ones join the deepest level
        chain.append(Comment(article=article, parent=chain[-1], name=f"R{n}", email="r@example.com", body=f"Reply {n}"))
    late_reply = Comment(article=article, parent=existing, name="L", email="l@example.com", body="To the old one")
    bulk_create_threads([*chain, late_reply])

    stored = {comment.body: comment for comment in Comment.objects.filter(article=article)}
    assert [stored[c.body].depth for c in chain] == [0, 1, 2, 2, 2]
    assert stored["Reply 3"].parent_id == stored["Reply 2"].parent_id == stored["Reply 0"].pk
    assert stored["To the old one"].path == f"{existing.path}/{late_reply.pk:010d}"
    assert {c.root_id for c in chain} == {first.pk}
    assert stored[first.body].email == "a@example.com" and 'rel="nofollow ugc noopener"' in stored[first.body].body_html
    assert [c.pk for c in build_thread(article).roots] == [existing.pk, first.pk]


def test_comments_saved_after_a_bulk_insert_get_fresh_ids():
    article = ArticleFactory()
    bulk_create_threads([Comment(article=article, name="A", email="a@example.com", body="One")])
    newest = Comment.objects.order_by("-pk").first()
    assert CommentFactory(article=article).pk > newest.pk
