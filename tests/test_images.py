"""Photos: upload validation, clean-up, renditions and the responsive <picture>."""
import io
import struct
import zlib

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image as PILImage

from articles import images
from articles.models import Image
from articles.printing import picture
from tests.factories import ArticleFactory, ImageFactory, StaffFactory, jpeg_bytes

pytestmark = pytest.mark.django_db

ADD = reverse("admin:articles_image_add")
GPS_IFD = 0x8825
ORIENTATION = 0x0112


def encoded(size=(64, 48), fmt="JPEG", exif=None, color=(30, 120, 200)):
    buffer = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    PILImage.new("RGB", size, color).save(buffer, fmt, **options)
    return buffer.getvalue()


def png_header_only(width, height):
    """A tiny PNG that claims to be width x height: a decompression bomb's header."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 16)) + chunk(b"IEND", b"")


def upload(client, content, name, **fields):
    data = {"alt_text": "A test photo", "credit": "Jo Lens/Agency", "focal_x": 50, "focal_y": 50, **fields}
    return client.post(ADD, {**data, "file": SimpleUploadedFile(name, content)})


@pytest.fixture
def editor_client(client):
    client.force_login(StaffFactory(role="Editor"))
    return client


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) if root.exists() else []


# -- accepted uploads -----------------------------------------------------------------------


@pytest.mark.parametrize("fmt, name", [("JPEG", "photo.jpg"), ("PNG", "chart.png"), ("WEBP", "shot.webp"), ("GIF", "a.gif")])
def test_real_images_are_accepted_in_their_own_format(editor_client, fmt, name):
    response = upload(editor_client, encoded(fmt=fmt), name)
    assert response.status_code == 302
    photo = Image.objects.get()
    with photo.file.open("rb") as stored, PILImage.open(stored) as decoded:
        assert decoded.format == fmt
    assert (photo.width, photo.height) == (64, 48)
    assert photo.credit == "Jo Lens/Agency"


def test_format_comes_from_the_content_not_the_name(editor_client):
    upload(editor_client, encoded(fmt="PNG"), "really-a-png.jpg")
    assert Image.objects.get().file.name.endswith(".png")


# -- refused uploads: a clear error and nothing saved -------------------------------------------


@pytest.mark.parametrize(
    "content, name, message",
    [
        (b"Just some words, not a photo.\n" * 20, "notes.jpg", "not a photo we can use"),
        (jpeg_bytes(size=(400, 300))[:700], "cut-off.jpg", "damaged or incomplete"),
        (png_header_only(30000, 30000), "bomb.png", "too many pixels"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect width="9" height="9"/></svg>',
            "logo.svg",
            "not a photo we can use",
        ),
        (b"", "empty.jpg", "The submitted file is empty"),
    ],
    ids=["text-named-jpg", "truncated-jpeg", "decompression-bomb", "svg-with-script", "empty"],
)
def test_bad_uploads_get_a_clear_error_and_nothing_is_saved(editor_client, settings, content, name, message):
    response = upload(editor_client, content, name)
    assert response.status_code == 200
    assert message in str(response.context["adminform"].form.errors["file"])
    assert not Image.objects.exists()
    assert stored_files(settings) == []


def test_images_over_the_pixel_limit_are_refused(editor_client, settings):
    settings.ARTICLES_IMAGE_MAX_PIXELS = 2000 * 1000
    response = upload(editor_client, encoded(size=(2001, 1000)), "wide.jpg")
    assert "too many pixels" in str(response.context["adminform"].form.errors["file"])
    assert not Image.objects.exists()


def test_files_over_the_byte_limit_are_refused(editor_client, settings):
    settings.ARTICLES_IMAGE_MAX_BYTES = 1000
    response = upload(editor_client, jpeg_bytes(size=(300, 300)), "big.jpg")
    assert "photos may be at most 1000" in str(response.context["adminform"].form.errors["file"])
    assert not Image.objects.exists()


def test_alt_text_is_required(editor_client):
    response = upload(editor_client, encoded(), "photo.jpg", alt_text="")
    assert "alt_text" in response.context["adminform"].form.errors
    assert not Image.objects.exists()


# -- clean-up ----------------------------------------------------------------------------------------


def test_exif_orientation_is_applied_and_dropped(editor_client):
    exif = PILImage.Exif()
    exif[ORIENTATION] = 6  # the camera was turned: rotate 90 degrees clockwise to view
    upload(editor_client, encoded(size=(60, 40), exif=exif.tobytes()), "turned.jpg")
    photo = Image.objects.get()
    assert (photo.width, photo.height) == (40, 60)
    with photo.file.open("rb") as stored, PILImage.open(stored) as decoded:
        assert decoded.size == (40, 60)
        assert ORIENTATION not in decoded.getexif()


def test_location_metadata_is_stripped(editor_client):
    exif = PILImage.Exif()
    exif[GPS_IFD] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}
    original = encoded(exif=exif.tobytes())
    with PILImage.open(io.BytesIO(original)) as check:
        assert check.getexif().get_ifd(GPS_IFD)  # the test photo really carries a location
    upload(editor_client, original, "where.jpg")
    with Image.objects.get().file.open("rb") as stored, PILImage.open(stored) as decoded:
        assert not decoded.getexif().get_ifd(GPS_IFD)
        assert b"GPS" not in stored.read()


# -- renditions -----------------------------------------------------------------------------------------


def test_renditions_are_made_at_upload_in_original_format_and_webp(editor_client, settings):
    upload(editor_client, encoded(size=(2000, 1000)), "wide.jpg")
    photo = Image.objects.get()
    made = {(item["format"], item["width"], item["height"]) for item in photo.renditions["items"]}
    assert made == {
        (fmt, width, width // 2) for fmt in ("JPEG", "WEBP") for width in (480, 800, 1200, 1600)
    }
    for item in photo.renditions["items"]:
        with photo.file.storage.open(item["name"]) as stored, PILImage.open(stored) as decoded:
            assert decoded.format == item["format"]
            assert decoded.size == (item["width"], item["height"])


def test_small_photos_are_not_enlarged(editor_client):
    upload(editor_client, encoded(size=(600, 300), fmt="PNG"), "small.png")
    widths = {(item["format"], item["width"]) for item in Image.objects.get().renditions["items"]}
    assert widths == {("PNG", 480), ("PNG", 600), ("WEBP", 480), ("WEBP", 600)}


def test_renditions_are_reused_not_remade(editor_client, settings):
    upload(editor_client, encoded(size=(900, 600)), "once.jpg")
    photo = Image.objects.get()
    files_after_upload = stored_files(settings)
    renditions = photo.renditions
    editor_client.post(
        reverse("admin:articles_image_change", args=[photo.pk]),
        {"alt_text": "New words", "caption": "New caption", "focal_x": 20, "focal_y": 70},
    )
    picture(Image.objects.get())
    photo.refresh_from_db()
    assert photo.alt_text == "New words"
    assert photo.renditions == renditions
    assert stored_files(settings) == files_after_upload


def test_replacing_the_file_replaces_the_renditions_and_removes_the_old_files_on_commit(
    settings, django_capture_on_commit_callbacks
):
    photo = ImageFactory()
    old = set(images.stored_names(photo.renditions))
    photo.file = SimpleUploadedFile("second.png", encoded(fmt="PNG"))
    with django_capture_on_commit_callbacks() as on_commit:
        photo.save()
    assert photo.renditions["format"] == "PNG"
    assert old <= set(stored_files(settings)), "removed before the change committed"
    for callback in on_commit:
        callback()
    assert set(stored_files(settings)) == set(images.stored_names(photo.renditions))


def test_backfill_makes_missing_renditions_only(settings):
    missing, done = ImageFactory(), ImageFactory()
    Image.objects.filter(pk=missing.pk).update(renditions={})
    files_before = stored_files(settings)
    images.backfill_renditions(Image.objects.filter(renditions={}))
    missing.refresh_from_db()
    assert missing.renditions["source"] == missing.file.name
    assert set(stored_files(settings)) - set(files_before) == {item["name"] for item in missing.renditions["items"]}


def test_load_demo_gives_every_photo_renditions_and_stays_idempotent(settings):
    from django.core.management import call_command

    settings.ARTICLES_RENDITION_WIDTHS = (480,)  # enough to prove it, and quick
    call_command("load_demo", stdout=io.StringIO())
    files = stored_files(settings)
    call_command("load_demo", stdout=io.StringIO())
    assert stored_files(settings) == files
    assert not Image.objects.filter(renditions={}).exists()


# -- the public <picture> -----------------------------------------------------------------------------------


def test_picture_has_webp_source_srcset_dimensions_and_lazy_loading(editor_client):
    upload(editor_client, encoded(size=(1000, 500)), "p.jpg", focal_x=25, focal_y=80)
    photo = Image.objects.get()
    html = picture(photo, sizes="50vw")
    assert '<source type="image/webp" srcset="' in html and "480w" in html and "1000w" in html
    assert 'sizes="50vw"' in html
    assert 'width="1000" height="500"' in html
    assert 'loading="lazy"' in html
    assert 'class="focus focus-x-25 focus-y-80"' in html
    assert 'alt="A test photo"' in html


def test_eager_pictures_are_not_lazy():
    html = picture(ImageFactory(), eager=True)
    assert 'fetchpriority="high"' in html and "lazy" not in html


def test_photos_without_renditions_still_have_dimensions():
    photo = ImageFactory()
    Image.objects.filter(pk=photo.pk).update(renditions={})
    photo.refresh_from_db()
    html = picture(photo)
    assert f'src="{photo.file.url}"' in html and 'width="64" height="48"' in html
    assert "<source" not in html


def test_image_admin_list_and_form_show_thumbnails(editor_client):
    photo = ImageFactory()
    assert photo.thumbnail_url in editor_client.get(reverse("admin:articles_image_changelist")).content.decode()
    assert photo.thumbnail_url in editor_client.get(
        reverse("admin:articles_image_change", args=[photo.pk])
    ).content.decode()


def test_palette_png_with_transparency_keeps_it_in_renditions(editor_client):
    buffer = io.BytesIO()
    PILImage.new("RGBA", (600, 300), (0, 0, 0, 0)).convert("P").save(buffer, "PNG", transparency=0)
    upload(editor_client, buffer.getvalue(), "logo.png")
    photo = Image.objects.get()
    webp = next(item for item in photo.renditions["items"] if item["format"] == "WEBP")
    with photo.file.storage.open(webp["name"]) as stored, PILImage.open(stored) as decoded:
        assert decoded.mode == "RGBA"


def test_animated_gifs_keep_their_frames(editor_client):
    frames = [PILImage.new("RGB", (40, 30), color) for color in ((255, 0, 0), (0, 0, 255))]
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=200, loop=0)
    upload(editor_client, buffer.getvalue(), "blink.gif")
    with Image.objects.get().file.open("rb") as stored, PILImage.open(stored) as decoded:
        assert decoded.n_frames == 2



def test_responsive_pictures_cost_no_queries(client, django_assert_num_queries):
    ArticleFactory.create_batch(3)
    with CaptureQueriesContext(connection) as without_photos:
        client.get(reverse("articles:home"))
    for _ in range(6):
        ArticleFactory(featured_image=ImageFactory())
    with django_assert_num_queries(len(without_photos)):
        assert client.get(reverse("articles:home")).content.decode().count("<picture>") == 6


def test_pictures_print_urls_made_with_the_renditions_and_ask_the_storage_nothing(monkeypatch):
    photo = ImageFactory()
    items = photo.renditions["items"]
    own = [i for i in items if i["format"] == "JPEG"]
    assert photo.srcset == ", ".join(f"/media/{i['name']} {i['width']}w" for i in own)
    assert photo.webp_srcset == ", ".join(f"/media/{i['name']} {i['width']}w" for i in items if i["format"] == "WEBP")
    assert photo.src == f"/media/{[i for i in own if i['width'] <= images.FALLBACK_WIDTH][-1]['name']}"

    def asked(storage, name):
        raise AssertionError(f"the storage was asked the URL of {name}")

    monkeypatch.setattr(FileSystemStorage, "url", asked)
    html = picture(photo)
    assert f'src="{photo.src}" srcset="{photo.srcset}"' in html and f'srcset="{photo.webp_srcset}"' in html


def test_the_migration_gives_photos_stored_before_it_their_printed_urls():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("articles.migrations.0015_image_printed_renditions")
    photo = ImageFactory()
    expected = photo.renditions["printed"]
    migration.drop_printed(apps, None)
    photo.refresh_from_db()
    assert "printed" not in photo.renditions and photo.srcset == ""
    migration.store_printed(apps, None)
    photo.refresh_from_db()
    assert photo.renditions["printed"] == expected


# -- hostile uploads (issue 15: findings 4 and 5) -----------------------------------------------

SCRIPT = b"<script>alert(document.cookie)</script>"


def animated_gif(frames, size=(64, 64), **options):
    """A GIF of `frames` frames, each a pixel different from the last (so none is merged away)."""
    pictures, palette = [], [channel for i in range(256) for channel in (i, 255 - i, i * 7 % 256)]
    for n in range(frames):
        picture = PILImage.new("P", size, 0)
        picture.putpalette(palette)
        picture.putpixel((n % size[0], n // size[0] % size[1]), 1 + n % 200)
        pictures.append(picture)
    buffer = io.BytesIO()
    pictures[0].save(buffer, "GIF", save_all=True, append_images=pictures[1:], duration=40, loop=0, **options)
    return buffer.getvalue()


def file_error(response):
    return str(response.context["adminform"].form.errors["file"])


def test_a_gif_of_2500_frames_is_refused_before_it_is_decoded(editor_client, settings, monkeypatch):
    gif = animated_gif(2500)
    monkeypatch.setattr(images, "_read_frames", lambda image: pytest.fail("the frames were decoded"))
    response = upload(editor_client, gif, "long.gif")
    assert "This animation has 2,500 frames; animations may have at most 200" in file_error(response)
    assert not Image.objects.exists()
    assert stored_files(settings) == []


def test_an_animation_with_too_many_pixels_in_all_is_refused(editor_client, settings):
    settings.ARTICLES_IMAGE_MAX_TOTAL_PIXELS = 64 * 64 * 9
    response = upload(editor_client, animated_gif(10), "big.gif")
    assert "10 frames of 64 × 64 pixels" in file_error(response)
    assert not Image.objects.exists()


def test_decoding_an_animation_stops_at_the_time_limit(editor_client, settings):
    settings.ARTICLES_IMAGE_MAX_SECONDS = 0
    response = upload(editor_client, animated_gif(3), "slow.gif")
    assert "takes too long to process (over 0 seconds)" in file_error(response)
    assert not Image.objects.exists()


def test_re_encoding_an_animation_stops_at_the_time_limit_too(editor_client, settings, monkeypatch):
    """A clock that moves a second at each look: decoding 10 frames takes 10
    of the 12 allowed, and re-encoding the 9 after the first crosses the limit."""
    settings.ARTICLES_IMAGE_MAX_SECONDS = 12
    clock = iter(range(1, 1000))
    monkeypatch.setattr(images, "monotonic", lambda: next(clock))
    response = upload(editor_client, animated_gif(10), "slow.gif")
    assert "takes too long to process (over 12 seconds)" in file_error(response)
    assert next(clock) < 25  # it stopped during the re-encoding, not after


def test_an_animation_within_the_limits_keeps_its_frames_and_timing(editor_client):
    upload(editor_client, animated_gif(30), "ok.gif")
    with Image.objects.get().file.open("rb") as stored, PILImage.open(stored) as decoded:
        assert decoded.n_frames == 30
        assert decoded.info["duration"] == 40


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_animated_png_and_webp_keep_their_frames(editor_client, fmt):
    frames = [PILImage.new("RGBA", (60, 40), (n * 40, 0, 255 - n * 40, 255)) for n in range(5)]
    buffer = io.BytesIO()
    frames[0].save(buffer, fmt, save_all=True, append_images=frames[1:], duration=70, loop=0)
    upload(editor_client, buffer.getvalue(), f"moving.{fmt.lower()}")
    with Image.objects.get().file.open("rb") as stored, PILImage.open(stored) as decoded:
        assert (decoded.format, decoded.n_frames) == (fmt, 5)


def jpeg_with_comment():
    buffer = io.BytesIO()
    PILImage.new("RGB", (900, 600), (200, 40, 40)).save(buffer, "JPEG", comment=SCRIPT)
    return buffer.getvalue()


def jpeg_gif_polyglot():
    """A JPEG whose comment segment holds a whole GIF, itself with a comment
    block, followed by script after the JPEG's end: JPEG, GIF and HTML at once."""
    buffer = io.BytesIO()
    PILImage.new("RGB", (900, 600), (40, 40, 200)).save(buffer, "JPEG", comment=animated_gif(1, comment=SCRIPT))
    return buffer.getvalue() + SCRIPT


def gif_with_comment_blocks():
    return animated_gif(3, size=(900, 600), comment=SCRIPT)


def png_with_text_chunks():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", SCRIPT.decode())
    info.add_itxt("Description", SCRIPT.decode(), zip=True)
    info.add_text("XML:com.adobe.xmp", f"<x:xmpmeta>{SCRIPT.decode()}</x:xmpmeta>")
    buffer = io.BytesIO()
    PILImage.new("RGB", (900, 600), (40, 200, 40)).save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def webp_with_exif_and_xmp():
    exif = PILImage.Exif()
    exif[0x010E] = SCRIPT.decode()  # ImageDescription
    buffer = io.BytesIO()
    PILImage.new("RGB", (900, 600), (90, 90, 90)).save(buffer, "WEBP", exif=exif.tobytes(), xmp=SCRIPT)
    return buffer.getvalue()


HIDDEN_SCRIPT = {
    "jpeg COM segment": (jpeg_with_comment, "com.jpg"),
    "jpeg/gif polyglot": (jpeg_gif_polyglot, "polyglot.jpg"),
    "gif comment blocks": (gif_with_comment_blocks, "comment.gif"),
    "png text chunks": (png_with_text_chunks, "text.png"),
    "webp exif and xmp": (webp_with_exif_and_xmp, "meta.webp"),
}


@pytest.mark.parametrize("build, name", HIDDEN_SCRIPT.values(), ids=HIDDEN_SCRIPT.keys())
def test_no_metadata_survives_in_the_stored_file_or_its_renditions(editor_client, build, name):
    content = build()
    assert SCRIPT in content
    upload(editor_client, content, name)
    photo = Image.objects.get()
    names = images.stored_names(photo.renditions)
    assert len(names) > 2  # the photo and its renditions
    for stored_name in names:
        with photo.file.storage.open(stored_name) as stored:
            data = stored.read()
        for marker in (b"<script", b"alert(", b"Exif", b"xmpmeta", b"tEXt", b"iTXt", b"zTXt"):
            assert marker not in data, f"{marker!r} kept in {stored_name}"
