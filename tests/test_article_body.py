"""The article body: the rich-text editor, sanitising, and library photos with their credit."""
import pytest
from django.urls import reverse

from articles.models import Article
from tests.admin_helpers import article_form_data
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, DraftFactory, ImageFactory, StaffFactory

pytestmark = pytest.mark.django_db

ADD = reverse("admin:articles_article_add")


def figure(photo, caption="On the steps of the embassy", alt="Two people talking"):
    return (
        f'<figure><img src="{photo.src}" alt="{alt}" data-file="{photo.pk}">'
        f"<figcaption>{caption}</figcaption></figure>"
    )


@pytest.fixture
def editor_client(client):
    user = StaffFactory(role="Editor")
    AuthorFactory(user=user)
    client.force_login(user)
    return client


def post_article(client, body, slug="the-story"):
    article = DraftFactory.build(title="The story", slug=slug, standfirst="What happened.", category=CategoryFactory())
    return client.post(ADD, article_form_data(article, bylines=[(AuthorFactory(), 0)], body=body))


def test_the_body_uses_the_rich_text_editor_with_the_photo_library(editor_client):
    html = editor_client.get(ADD).content.decode()
    assert "data-django-prose-editor-configurable" in html
    assert reverse("admin:articles_image_picker") in html
    assert "django_prose_editor/editor.js" in html
    assert '<script type="importmap"' in html


def test_editor_output_is_sanitised_whatever_the_browser_sends(editor_client):
    response = post_article(
        editor_client,
        '<h2 onclick="steal()">Heading</h2><script>alert(1)</script>'
        '<p style="color:red">Text with <a href="javascript:alert(1)">a bad link</a> and '
        '<a href="https://example.com/" target="_blank">a good one</a>.</p>'
        '<iframe src="https://evil.example/"></iframe>',
    )
    assert response.status_code == 302
    article = Article.objects.get()
    for stored in (article.body, article.body_html):
        assert "<script" not in stored and "onclick" not in stored and "style=" not in stored
        assert "javascript:" not in stored and "<iframe" not in stored and "target=" not in stored
        assert '<a href="https://example.com/" rel="noopener noreferrer">a good one</a>' in stored
        assert "<h2>Heading</h2>" in stored


def test_an_empty_body_is_refused(editor_client):
    response = post_article(editor_client, "<p></p>")
    assert "Write the body" in str(response.context["adminform"].form.errors["body"])


def test_photos_not_from_the_library_are_refused(editor_client):
    response = post_article(editor_client, '<p>Hi</p><img src="https://elsewhere.example/x.jpg" alt="x">')
    assert "must come from the photo library" in str(response.context["adminform"].form.errors["body"])
    assert not Article.objects.exists()


def test_a_library_photo_becomes_a_credited_responsive_picture(editor_client):
    photo = ImageFactory(credit="Ana Ruiz/Wire", source="https://wire.example/ana")
    post_article(editor_client, "<p>Before.</p>" + figure(photo))
    article = Article.objects.get()
    assert f'data-file="{photo.pk}"' in article.body  # the editor gets its markup back
    html = article.body_html
    assert '<figure class="body-photo">' in html and "<picture>" in html
    assert 'type="image/webp"' in html and 'width="64" height="48"' in html and 'loading="lazy"' in html
    assert 'alt="Two people talking"' in html
    assert '<span class="caption">On the steps of the embassy</span>' in html
    assert '<a href="https://wire.example/ana" rel="nofollow noopener">Ana Ruiz/Wire</a>' in html
    assert list(article.body_photos.all()) == [photo]


def test_a_photo_without_alt_in_the_editor_uses_the_library_alt_text():
    photo = ImageFactory(alt_text="A crowded square at dusk")
    article = ArticleFactory(body=figure(photo, alt=""))
    assert 'alt="A crowded square at dusk"' in article.body_html


def test_correcting_a_photo_credit_updates_the_articles_using_it():
    photo = ImageFactory(credit="Wrong Name/Agency")
    article = ArticleFactory(body=figure(photo))
    photo.credit = "Right Name/Agency"
    photo.save()
    article.refresh_from_db()
    assert "Right Name/Agency" in article.body_html and "Wrong Name" not in article.body_html


def test_the_article_page_prints_the_rendered_body(client):
    photo = ImageFactory(credit="Ana Ruiz/Wire")
    article = ArticleFactory(body="<p>Words.</p>" + figure(photo))
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<figure class="body-photo">' in page and "Ana Ruiz/Wire" in page


# -- the photo picker the editor opens --------------------------------------------------------


def test_photo_picker_lists_library_photos_for_staff(client):
    ImageFactory(alt_text="Harbour cranes at dawn", credit="Lee Park/Port News")
    client.force_login(StaffFactory(role="Author"))
    page = client.get(reverse("admin:articles_image_picker"), {"CKEditorFuncNum": "1"}).content.decode()
    assert "Harbour cranes at dawn" in page and "Lee Park/Port News" in page
    assert "articles/admin/image-picker.js" in page


def test_photo_picker_searches(client):
    ImageFactory(alt_text="Harbour cranes at dawn")
    ImageFactory(alt_text="A violinist on stage")
    client.force_login(StaffFactory(role="Author"))
    page = client.get(reverse("admin:articles_image_picker"), {"q": "violin"}).content.decode()
    assert "A violinist on stage" in page and "Harbour cranes" not in page


def test_photo_picker_is_closed_to_readers_and_to_staff_without_photo_rights(client):
    url = reverse("admin:articles_image_picker")
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(StaffFactory())
    assert client.get(url).status_code == 403
