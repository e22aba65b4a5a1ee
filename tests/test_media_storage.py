"""Where photos are stored: unique names, the S3 bucket (a real one: SeaweedFS,
harness/seaweedfs.py), storage failures shown to the editor with nothing left
behind, pages that never ask the store, and the copy of a local media folder
into the bucket."""
import io
import uuid

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import DatabaseError
from django.urls import reverse
from PIL import Image as PILImage

from articles import images
from articles.models import Image
from harness.seaweedfs import ACCESS_KEY, SECRET_KEY, listening_addresses
from harness.servers import free_port
from tests.factories import ArticleFactory, ImageFactory, StaffFactory
from trillmag.storage import S3MediaStorage

pytestmark = pytest.mark.django_db

ADD = reverse("admin:articles_image_add")


def photo_bytes(size=(900, 600), fmt="JPEG"):
    buffer = io.BytesIO()
    PILImage.linear_gradient("L").resize(size).convert("RGB").save(buffer, fmt)
    return buffer.getvalue()


def upload(client, name="photo1.jpg", content=None):
    fields = {"alt_text": "A harbour at dawn", "credit": "Jo Lens/Agency", "focal_x": 50, "focal_y": 50}
    return client.post(ADD, {**fields, "file": SimpleUploadedFile(name, content or photo_bytes())})


def local_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def editor_client(client):
    client.force_login(StaffFactory(role="Editor"))
    return client


class Bucket:
    """The test bucket, seen under this test's own prefix."""

    def __init__(self, server, prefix):
        self.server, self.prefix = server, prefix
        self.client = boto3.client(
            "s3", endpoint_url=server.endpoint, region_name="us-east-1",
            aws_access_key_id=ACCESS_KEY, aws_secret_access_key=SECRET_KEY,
        )

    def keys(self):
        listing = self.client.list_objects_v2(Bucket=self.server.bucket, Prefix=self.prefix + "/")
        return sorted(item["Key"][len(self.prefix) + 1:] for item in listing.get("Contents", []))


def use_bucket(settings, endpoint, bucket="media", location=""):
    settings.AWS_STORAGE_BUCKET_NAME = bucket
    settings.AWS_S3_ENDPOINT_URL = endpoint
    settings.AWS_S3_REGION_NAME = "us-east-1"
    settings.AWS_ACCESS_KEY_ID = ACCESS_KEY
    settings.AWS_SECRET_ACCESS_KEY = SECRET_KEY
    settings.MEDIA_URL = f"{endpoint}/{bucket}/"
    # Set last: a change of STORAGES makes Django build the storage afresh.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "trillmag.storage.S3MediaStorage", "OPTIONS": {"location": location}},
    }


@pytest.fixture
def bucket(settings, s3_server):
    """Uploads go to the test S3 server's bucket, under a prefix of this test's own."""
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    use_bucket(settings, s3_server.endpoint, s3_server.bucket, location=prefix)
    return Bucket(s3_server, prefix)


def public_get(url):
    import urllib.request

    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers, response.read()


# -- names ----------------------------------------------------------------------------------------


def test_two_photos_of_one_file_name_never_share_a_path(editor_client):
    upload(editor_client, "photo1.jpg", photo_bytes(fmt="JPEG"))
    upload(editor_client, "photo1.jpg", photo_bytes(size=(700, 500)))
    first, second = Image.objects.order_by("pk")
    assert first.file.name != second.file.name
    assert not set(images.stored_names(first.renditions)) & set(images.stored_names(second.renditions))
    for photo in (first, second):
        assert photo.file.name.startswith("images/") and "/photo1-" in photo.file.name


def test_a_long_file_name_is_cut_to_fit_but_keeps_its_random_part(editor_client):
    upload(editor_client, "a-very-long-name-" * 12 + ".jpg")
    upload(editor_client, "a-very-long-name-" * 12 + ".jpg")
    names = [photo.file.name for photo in Image.objects.all()]
    assert all(len(name) <= Image._meta.get_field("file").max_length for name in names)
    assert len(set(names)) == 2


def test_renditions_are_named_from_the_stored_name_of_their_photo():
    photo = ImageFactory()
    stem = photo.file.name.rsplit("/", 1)[1].rsplit(".", 1)[0]
    for item in photo.renditions["items"]:
        assert item["name"].startswith("renditions/images/") and f"/{stem}-{item['width']}w." in item["name"]


# -- failures of the local disk -----------------------------------------------------------------


def stored_original_size(content):
    return len(images.clean_upload(SimpleUploadedFile("photo1.jpg", content)).read())


@pytest.mark.parametrize(
    "backend, free, message",
    [
        ("tests.storages.ReadOnlyStorage", None, "the media storage does not accept new files (it is read-only or not writable)"),
        ("tests.storages.FillingStorage", 0, "the media storage is full"),
        ("tests.storages.FillingStorage", 100, "the media storage is full"),  # the original, cut short
        ("tests.storages.FillingStorage", "original+5000", "the media storage is full"),  # during the renditions
    ],
)
def test_a_failing_disk_is_a_form_error_that_leaves_no_file_and_no_row(editor_client, settings, backend, free, message):
    content = photo_bytes()
    options = {}
    if free is not None:
        options["free"] = stored_original_size(content) + 5000 if free == "original+5000" else free
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": backend, "OPTIONS": options}}
    response = upload(editor_client, content=content)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["file"] == [
        f"The photo could not be stored: {message}. Nothing was saved; "
        "try again later, or tell the site's administrator if it keeps happening."
    ]
    assert not Image.objects.exists()
    assert local_files(settings) == []


def test_a_media_folder_that_cannot_be_created_is_a_form_error(editor_client, settings, tmp_path):
    # Root may write anywhere, but not below a file.
    (tmp_path / "a-file").write_text("not a folder")
    settings.MEDIA_ROOT = tmp_path / "a-file" / "media"
    response = upload(editor_client)
    assert response.status_code == 200
    assert "it is read-only or not writable" in response.context["adminform"].form.errors["file"][0]
    assert not Image.objects.exists()


def test_a_photo_whose_row_cannot_be_saved_leaves_no_file(settings, monkeypatch):
    def database_down(*args, **kwargs):
        raise DatabaseError("the database went away")

    monkeypatch.setattr("django.db.models.Model.save_base", database_down)
    with pytest.raises(DatabaseError):
        ImageFactory()
    assert local_files(settings) == []


# -- the S3 bucket --------------------------------------------------------------------------------


def test_an_upload_and_every_rendition_go_to_the_bucket_as_public_cacheable_objects(editor_client, settings, bucket):
    assert upload(editor_client, content=photo_bytes(size=(1700, 1000))).status_code == 302
    photo = Image.objects.get()
    names = images.stored_names(photo.renditions)
    assert len(names) == 1 + 2 * 4  # the photo, 4 widths in JPEG and WebP
    assert bucket.keys() == sorted(names)
    assert local_files(settings) == []
    for name in names:
        url = photo.file.storage.url(name)
        assert url == f"{bucket.server.public_url}{bucket.prefix}/{name}"
        status, headers, body = public_get(url)  # anonymous: no signature, no expiry
        assert status == 200
        assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
        assert headers["Content-Type"] == ("image/webp" if name.endswith(".webp") else "image/jpeg")
        assert PILImage.open(io.BytesIO(body)).size[0] in (480, 800, 1200, 1600, 1700)


def test_renditions_made_again_from_an_unreachable_bucket_fail_with_the_editors_message(settings, bucket):
    photo = ImageFactory()
    use_bucket(settings, f"http://127.0.0.1:{free_port()}", location=bucket.prefix)
    photo.refresh_from_db()
    with pytest.raises(images.StorageFailed, match="the media storage could not be reached"):
        photo.replace_renditions()


def test_an_unreachable_bucket_is_a_form_error_and_nothing_is_saved(editor_client, settings):
    use_bucket(settings, f"http://127.0.0.1:{free_port()}")  # nothing listens there
    response = upload(editor_client)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["file"][0].startswith(
        "The photo could not be stored: the media storage could not be reached."
    )
    assert not Image.objects.exists()


def test_a_bucket_lost_in_the_middle_of_an_upload_keeps_nothing_of_it(editor_client, settings, bucket):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "tests.storages.VanishingS3Storage", "OPTIONS": {"location": bucket.prefix, "saves": 4}},
    }
    response = upload(editor_client)
    assert "could not be reached" in response.context["adminform"].form.errors["file"][0]
    assert not Image.objects.exists()
    assert bucket.keys() == []


def test_pages_render_from_stored_names_without_asking_the_bucket(client, settings, bucket, monkeypatch):
    photo = ImageFactory()
    article = ArticleFactory(
        featured_image=photo, body=f'<figure><img src="x" alt="Inline" data-file="{photo.pk}"></figure>'
    )
    public_prefix = f"{bucket.server.public_url}{bucket.prefix}/"
    # The store is now unreachable, and any use of a connection to it fails the test.
    use_bucket(settings, f"http://127.0.0.1:{free_port()}", location=bucket.prefix)
    settings.MEDIA_URL = bucket.server.public_url

    def asked_the_store(storage):
        raise AssertionError("a page asked the media storage")

    monkeypatch.setattr(S3MediaStorage, "connection", property(asked_the_store))
    for url in ("/", article.get_absolute_url(), "/feed/", "/sitemap.xml", f"/author/{article.authors_in_order[0].slug}/"):
        response = client.get(url)
        assert response.status_code == 200, url
    page = client.get(article.get_absolute_url()).content.decode()
    for item in photo.renditions["items"]:
        assert public_prefix + item["name"] in page


def test_the_s3_server_of_the_tests_listens_on_the_loopback_interface_only(s3_server):
    addresses = listening_addresses(s3_server.process.pid)
    assert addresses, "no listening socket found"
    assert {address for address, _port in addresses} == {"127.0.0.1"}


# -- copying a local media folder into the bucket -----------------------------------------------


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_copy_media_moves_a_local_folder_into_the_bucket_once_and_repoints_bodies(settings, s3_server):
    local_root = settings.MEDIA_ROOT
    photos = [ImageFactory(), ImageFactory()]
    article = ArticleFactory(body=f'<figure><img src="x" alt="Inline" data-file="{photos[0].pk}"></figure>')
    assert "/media/renditions/" in article.body_html
    files = local_files(settings)
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    use_bucket(settings, s3_server.endpoint, s3_server.bucket, location=prefix)
    bucket = Bucket(s3_server, prefix)

    out, terminal = io.StringIO(), Terminal()
    call_command("copy_media", str(local_root), stdout=out, stderr=terminal)
    assert bucket.keys() == files
    assert f"{len(files)} file(s) copied, 0 already there, 0 failed, of {len(files)}" in out.getvalue()
    assert "1 article body with photos re-rendered" in out.getvalue()
    assert "Copying media: 100%" in terminal.getvalue()
    article.refresh_from_db()
    assert f"{s3_server.public_url}{prefix}/renditions/" in article.body_html
    assert "/media/renditions/" not in article.body_html

    out, log = io.StringIO(), io.StringIO()
    call_command("copy_media", str(local_root), stdout=out, stderr=log)
    assert f"0 file(s) copied, {len(files)} already there, 0 failed" in out.getvalue()
    assert log.getvalue() == "", "no progress bar outside a terminal"


def test_copy_media_replaces_a_partial_copy_and_reports_what_failed(settings, s3_server):
    local_root = settings.MEDIA_ROOT
    photo = ImageFactory()
    prefix = f"test-{uuid.uuid4().hex[:12]}"
    use_bucket(settings, s3_server.endpoint, s3_server.bucket, location=prefix)
    bucket = Bucket(s3_server, prefix)
    bucket.client.put_object(Bucket=s3_server.bucket, Key=f"{prefix}/{photo.file.name}", Body=b"cut sh")
    out = io.StringIO()
    call_command("copy_media", str(local_root), stdout=out, stderr=io.StringIO())
    stored = bucket.client.get_object(Bucket=s3_server.bucket, Key=f"{prefix}/{photo.file.name}")["Body"].read()
    assert stored == (local_root / photo.file.name).read_bytes()

    use_bucket(settings, f"http://127.0.0.1:{free_port()}")
    err = io.StringIO()
    with pytest.raises(CommandError, match="could not be copied; run the command again"):
        call_command("copy_media", str(local_root), stdout=io.StringIO(), stderr=err)
    assert photo.file.name in err.getvalue()


def test_copy_media_refuses_to_copy_the_media_storage_onto_itself(settings):
    settings.MEDIA_ROOT.mkdir(parents=True)
    with pytest.raises(CommandError, match="set MEDIA_STORAGE=s3"):
        call_command("copy_media", stdout=io.StringIO())
