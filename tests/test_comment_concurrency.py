"""Many readers posting at once: every comment is stored exactly once."""
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.test import Client

from comments.models import Comment

from .comment_helpers import post_comment
from .factories import ArticleFactory, CommentFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: SQLite serialises writers, so there is no concurrency to test",
    ),
]

THREADS, PER_THREAD = 8, 25


def test_200_comments_from_8_threads_are_all_stored_exactly_once(settings):
    settings.COMMENTS_RATE_LIMIT = ""
    article = ArticleFactory()
    parent = CommentFactory(article=article)

    def post_batch(worker):
        client = Client()
        try:
            statuses = []
            for n in range(PER_THREAD):
                reply_to = str(parent.pk) if n % 2 else ""
                response = post_comment(
                    client, article, ip=f"198.51.100.{worker}", parent=reply_to,
                    body=f"Comment {n} from reader {worker}", email=f"reader{worker}-{n}@example.com",
                )
                statuses.append(response.status_code)
            return statuses
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        statuses = [code for batch in pool.map(post_batch, range(THREADS)) for code in batch]

    assert statuses == [302] * THREADS * PER_THREAD
    posted = Comment.objects.filter(article=article).exclude(pk=parent.pk)
    bodies = list(posted.values_list("body", flat=True))
    assert len(bodies) == len(set(bodies)) == THREADS * PER_THREAD
    paths = list(posted.values_list("path", flat=True))
    assert len(set(paths)) == len(paths)
    replies = posted.filter(parent=parent)
    assert replies.count() == THREADS * (PER_THREAD // 2)
    assert all(path.startswith(parent.path + "/") for path in replies.values_list("path", flat=True))
