import io

import pytest
from django.core.management import call_command

from comments.models import Comment

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_demo_comments_land_on_the_lead_story_once_with_a_threaded_reply():
    ArticleFactory()
    lead = ArticleFactory(is_featured=True)
    call_command("load_demo_comments", stdout=io.StringIO())
    call_command("load_demo_comments", stdout=io.StringIO())
    comments = Comment.objects.filter(article=lead)
    assert comments.count() == Comment.objects.count() == 4
    assert set(comments.values_list("status", flat=True)) == {Comment.Status.APPROVED}
    assert comments.filter(depth=1).count() == 1
