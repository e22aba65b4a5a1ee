"""generate_content: a realistic magazine for the benchmark, built with bulk inserts."""
import pytest
from django.core.management import call_command
from django.db import connection
from taggit.models import TaggedItem

from articles.models import Article
from comments.models import Comment

from .factories import CommentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def generated():
    call_command("generate_content", articles=30, comments_per_article=4, newest_article_comments=12)


def test_generates_articles_with_tags_and_threads(generated):
    assert Article.objects.count() == 30
    assert Article.objects.published().exists()
    assert TaggedItem.objects.count() >= 60
    assert Comment.objects.filter(article=Article.objects.published().latest().first()).count() == 12
    assert Comment.objects.filter(depth__gt=0).exists()


def test_generated_threads_read_like_saved_ones(generated):
    for comment in Comment.objects.select_related("parent"):
        expected = (f"{comment.parent.path}/" if comment.parent else "") + str(comment.pk).zfill(10)
        assert comment.path == expected
        assert comment.root_id == (comment.parent.root_id if comment.parent else comment.pk)
        assert comment.body_html.startswith("<p>")


def test_comments_made_afterwards_get_fresh_ids(generated):
    newest = Comment.objects.order_by("-pk").first()
    assert CommentFactory(article=newest.article).pk > newest.pk


def test_generated_pages_render(generated, client):
    article = Article.objects.published().latest().first()
    for url in ("/", article.get_absolute_url(), "/search/?q=budget"):
        assert client.get(url).status_code == 200


def test_the_generated_archive_has_planner_statistics(generated):
    """Without them SQLite reads every tag link to relate one article."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'taggit_taggeditem'")
        else:
            cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = 'taggit_taggeditem'")
        assert cursor.fetchone()[0] > 0
