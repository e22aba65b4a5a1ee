import pytest
from django.core.management import call_command

from articles.models import Article, Author, Byline, Category, Image
from comments.models import Comment
from pages.models import Page

pytestmark = pytest.mark.django_db


def counts():
    return [model.objects.count() for model in (Article, Author, Byline, Category, Image, Comment, Page)]


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


def test_load_demo_shows_pages_shared_bylines_a_subsection_and_an_embedded_video(client):
    call_command("load_demo", verbosity=0)
    footer = client.get("/").content.decode().split('aria-label="Footer"')[1]
    assert footer.index('href="/about/"') < footer.index('href="/privacy-policy/"')
    assert client.get("/about/").status_code == client.get("/privacy-policy/").status_code == 200

    assert Article.objects.get(slug="biden-israel-visit-risks").author_names == "Maya Okafor and Daniel Reyes"
    middle_east = Category.objects.get(slug="middle-east")
    assert str(middle_east) == "World › Middle East"
    world_page = client.get("/category/world/")
    assert any(article.category == middle_east for article in world_page.context["articles"])

    video = Article.objects.get(slug="nineteen-seconds-at-the-zoo")
    assert 'data-embed-player="https://www.youtube-nocookie.com/embed/jNQXAC9IVRw?autoplay=1"' in video.body_html
    [poster] = video.body_photos.all()
    assert poster.source == "https://www.youtube.com/watch?v=jNQXAC9IVRw" and poster.src in video.body_html
    assert '<a href="/privacy-policy/">our privacy policy</a>' in client.get(video.get_absolute_url()).content.decode()


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
