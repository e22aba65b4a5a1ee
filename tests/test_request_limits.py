"""Request bodies: what visitors and staff may send, answered with the 413
page before anything reads a byte of what is over the limit."""
import pytest
from django.http import HttpRequest
from django.test import Client
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Image
from comments.models import Comment
from trillmag.middleware import RequestSizeMiddleware
from wordpress.models import ImportRun

from .comment_helpers import post_comment
from .factories import ArticleFactory, StaffFactory, jpeg_bytes

pytestmark = pytest.mark.django_db


def test_a_comment_over_the_visitors_limit_gets_the_413_page_and_is_not_stored(client, settings):
    settings.REQUEST_MAX_BYTES = 2000
    response = post_comment(client, ArticleFactory(), body="word " * 500)
    assert response.status_code == 413
    assert "That was too much to send" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert not Comment.objects.exists()


def test_a_comment_within_the_limit_is_taken(client, settings):
    settings.REQUEST_MAX_BYTES = 4000
    assert post_comment(client, ArticleFactory(), body="word " * 500).status_code == 302


def test_the_body_over_the_limit_is_never_read(settings, monkeypatch):
    """Refused before CSRF (or anything else) reads the form."""
    settings.REQUEST_MAX_BYTES = 2000
    article = ArticleFactory()
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.CSRF_COOKIE_NAME] = "a" * 32  # so that CSRF goes on to read the form's token

    def unread(request, *args):
        raise AssertionError("the body was read")

    monkeypatch.setattr(HttpRequest, "read", unread)
    monkeypatch.setattr(HttpRequest, "_load_post_and_files", unread)
    assert post_comment(client, article, body="word " * 500).status_code == 413


def test_a_length_django_would_not_read_is_no_reason_to_refuse(rf, settings):
    settings.REQUEST_MAX_BYTES = 10
    request = rf.post("/comments/post/1/", data=b"", content_type="text/plain", CONTENT_LENGTH="lots")
    assert RequestSizeMiddleware(lambda request: None).process_view(request, lambda request: None, (), {}) is None


def photo_upload(client):
    data = {"alt_text": "A photo", "credit": "Jo Lens", "focal_x": 50, "focal_y": 50}
    data["file"] = SimpleUploadedFile("photo.jpg", jpeg_bytes(size=(400, 300)))
    return client.post(reverse("admin:articles_image_add"), data)


def test_staff_may_send_a_photo_larger_than_visitors_may_send_anything(client, settings):
    settings.REQUEST_MAX_BYTES = 1000
    client.force_login(StaffFactory(role="Editor"))
    assert photo_upload(client).status_code == 302
    assert Image.objects.count() == 1


def test_staff_too_have_a_limit(client, settings):
    settings.REQUEST_MAX_BYTES = settings.STAFF_REQUEST_MAX_BYTES = 1000
    client.force_login(StaffFactory(role="Editor"))
    assert photo_upload(client).status_code == 413
    assert not Image.objects.exists()


def export_upload(client):
    export = SimpleUploadedFile("export.xml", b'<?xml version="1.0"?><rss></rss>' + b" " * 5000)
    return client.post(reverse("admin:wordpress_importrun_add"), {"export": export})


def test_the_import_page_takes_more_from_staff_than_any_other_page(client, settings, tmp_path):
    settings.WORDPRESS_IMPORT_DIR = str(tmp_path)
    settings.REQUEST_MAX_BYTES = settings.STAFF_REQUEST_MAX_BYTES = 1000
    settings.WORDPRESS_UPLOAD_MAX_BYTES = 10_000
    client.force_login(StaffFactory(role="Editor"))
    assert export_upload(client).status_code == 302
    assert ImportRun.objects.count() == 1
    settings.WORDPRESS_UPLOAD_MAX_BYTES = 2000
    assert export_upload(client).status_code == 413


def test_the_import_pages_allowance_is_for_staff_only(client, settings):
    settings.REQUEST_MAX_BYTES = 1000
    assert export_upload(client).status_code == 413
