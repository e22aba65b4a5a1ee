import pytest
from django.core.management import call_command

from articles.models import Article, Author, Category, Image
from comments.models import Comment

pytestmark = pytest.mark.django_db


def counts():
    return [model.objects.count() for model in (Article, Author, Category, Image, Comment)]


def test_load_demo_builds_a_real_magazine_and_is_idempotent(client):
    call_command("load_demo", verbosity=0)
    first = counts()
    call_command("load_demo", verbosity=0)
    assert counts() == first
    assert Article.objects.published().count() >= 12
    assert Category.objects.count() >= 4 and Author.objects.count() >= 3

    lead = Article.objects.get(slug="antony-blinken-makes-secret-visit-to-iraq")
    assert lead.featured_image.credit == "Alexandros Michailidis/Shutterstock"
    assert lead.is_featured and lead.body.count("<h2>") >= 3
    assert (lead.featured_image.width, lead.featured_image.height) == (1600, 1000)

    page = client.get(lead.get_absolute_url()).content.decode()
    for teaser in ("$14.3 Billion", "Macron", "McConnell", "Biden"):
        assert teaser in page, teaser


def test_load_demo_puts_readers_comments_with_a_threaded_reply_on_the_lead_story():
    call_command("load_demo", verbosity=0)
    lead = Article.objects.get(is_featured=True)
    comments = Comment.objects.filter(article=lead)
    assert comments.count() == Comment.objects.count() == 4
    assert set(comments.values_list("status", flat=True)) == {Comment.Status.APPROVED}
    assert comments.filter(depth=1).count() == 1


def test_ensure_admin_creates_one_superuser_once(django_user_model, capsys):
    call_command("ensure_admin")
    first = capsys.readouterr().out
    assert "Username: admin" in first and "Password: " in first
    call_command("ensure_admin")
    assert "Password" not in capsys.readouterr().out
    assert django_user_model.objects.filter(is_superuser=True).count() == 1
