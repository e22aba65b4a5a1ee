"""import_wordpress: a WordPress export becomes a working Trill! Mag, repeatably,
and says exactly what it could not bring over."""
import functools
import re
import zipfile
import http.server
import io
import threading
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import CommandError
from django.urls import reverse
from PIL import Image as PILImage
from taggit.models import Tag

from articles.models import Article, Author, Category, Image
from bench.make_wxr import make_wxr
from comments.models import Comment
from comments.moderation import Moderator
from pages.models import Page
from wordpress.models import ImportedObject, ImportRun, OldURL
from wordpress.photos_zip import unpack
from wordpress.records import Item
from wordpress.wxr import WXRReader

from .factories import AuthorFactory, StaffFactory

pytestmark = pytest.mark.django_db
SHARED = Path(__file__).resolve().parents[2] / "shared" / "wxr"


@pytest.fixture
def wxr():
    if not SHARED.is_dir():
        pytest.skip(f"the shared WXR fixtures are not at {SHARED} (a checkout of shared/ beside the project)")
    return lambda name: str(SHARED / name)


def run(path, *args, **options):
    out = io.StringIO()
    call_command("import_wordpress", path, *args, stdout=out, **options)
    return out.getvalue()


def everything():
    return [model.objects.count() for model in (Article, Author, Category, Tag, Image, Comment, OldURL)]


def jpeg(path, size=(640, 400), color=(30, 90, 160)):
    path.parent.mkdir(parents=True, exist_ok=True)
    PILImage.new("RGB", size, color).save(path, "JPEG")


# --- the fixtures of WordPress's own importer -------------------------------------------


def test_a_small_export_becomes_articles_with_their_sections_tags_bylines_and_comments(wxr):
    output = run(wxr("valid-wxr-1.1.xml"))
    article = Article.objects.get()
    assert article.title == "Hello world!" and article.slug == "hello-world"
    assert article.status == Article.Status.PUBLISHED and article.is_live
    assert [author.name for author in article.authors.all()] == ["John Doe"]
    assert article.category.slug == "alpha"
    assert list(article.tags.values_list("name", flat=True)) == ["Clippable"]
    assert article.body_html.startswith("<p>Welcome to WordPress.")
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.APPROVED and comment.name == "Mr WordPress"
    assert comment.body == "Hi, this is a comment.\nTo delete a comment, just log in and view the post's comments. There you will have the option to edit or delete them."
    assert "articles: 1 created" in output and "comments: 1 created" in output and "pages: 1 created" in output
    assert "post_tax term (not used here)" in output


def test_importing_the_same_file_again_changes_and_duplicates_nothing(wxr):
    run(wxr("small-export.xml"))
    first, records = everything(), ImportedObject.objects.count()
    output = run(wxr("small-export.xml"))
    assert everything() == first and ImportedObject.objects.count() == records
    assert "created" not in output.split("Not brought over")[0]
    assert "articles: 6 unchanged" in output


def test_a_private_post_is_imported_as_a_draft_and_reported(wxr):
    output = run(wxr("small-export.xml"))
    private = Article.objects.get(title="Private Post")
    assert private.status == Article.Status.DRAFT and not Article.objects.published().filter(pk=private.pk).exists()
    assert "private on WordPress: imported unpublished, never public" in output


def test_a_drafts_missing_gmt_date_is_not_an_error(wxr):
    run(wxr("small-export.xml"))
    assert Article.objects.filter(status=Article.Status.DRAFT).exists()


def test_a_wxr_1_0_export_without_authors_needs_a_default_byline(wxr):
    with pytest.raises(CommandError, match=r"--default-author SLUG") as refused:
        run(wxr("valid-wxr-1.0.xml"))
    assert "admin" in str(refused.value) and "\n" not in str(refused.value)
    assert everything() == [0] * 7
    byline = AuthorFactory(slug="desk")
    output = run(wxr("valid-wxr-1.0.xml"), default_author="desk")
    assert Article.objects.exists() and set(Article.objects.values_list("authors", flat=True)) == {byline.pk}
    assert "articles:" in output


def test_an_unknown_default_byline_is_refused_before_anything_is_written(wxr):
    with pytest.raises(CommandError, match="no byline has that slug"):
        run(wxr("valid-wxr-1.0.xml"), default_author="nobody")
    assert everything() == [0] * 7


def test_authors_match_existing_bylines_by_their_account_and_no_account_is_made(wxr, django_user_model):
    alice = AuthorFactory(user=StaffFactory(username="alice"), name="Alice Doe (staff)")
    users = django_user_model.objects.count()
    run(wxr("wxr-comprehensive.xml"))
    assert list(Article.objects.get().authors.all()) == [alice]
    assert Author.objects.filter(name="Bob").exists()
    assert django_user_model.objects.count() == users


def test_three_hundred_authors_become_bylines(wxr):
    output = run(wxr("large-authors.xml"))
    assert Author.objects.count() == 300 and "authors: 300 created" in output


def test_an_excerpt_becomes_the_standfirst_and_block_comments_disappear(wxr):
    run(wxr("wxr-comprehensive.xml"))
    article = Article.objects.get()
    assert article.standfirst == "An excerpt for comprehensive post"
    assert "wp:paragraph" not in article.body
    assert article.body == (
        "<p>This is a comprehensive post body used to validate the importer.</p>\n"
        "<p>Includes categories, tags and a comment.</p>"
    )


def test_backslashes_and_quotes_survive(wxr):
    AuthorFactory(slug="desk")
    run(wxr("slashes.xml"), default_author="desk")
    assert Category.objects.filter(name='a \\"great\\" category').exists()
    assert Tag.objects.filter(name="foo\\'bar").exists()
    assert "Slashes aren\\'t \\\"cool\\\"" in Article.objects.get().body
    assert Comment.objects.filter(body__contains="\\o/ ¯\\_(ツ)_/¯").exists()


def test_nested_cdata_escaped_correctly_comes_over_as_a_browser_showed_it(wxr):
    AuthorFactory(slug="desk")
    run(wxr("crazy-cdata-escaped.xml"), default_author="desk")
    # In HTML "<![CDATA[ ... ]]>" is a comment: readers of the old site never saw it.
    assert Article.objects.get().body == "<p>Content with nested  :)</p>"


def test_unicode_challenges_keep_the_text_and_give_a_working_address(wxr, client):
    run(wxr("wxr-utf-8-challenges.xml"))
    article = Article.objects.get()
    assert "\u202e" not in article.slug and article.slug.isascii()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_elements_are_matched_by_namespace_not_by_prefix(wxr):
    AuthorFactory(slug="desk")
    run(wxr("namespace-edge-cases.xml"), default_author="desk")
    assert ImportedObject.objects.filter(kind="post", wp_id="999").exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("crazy-cdata.xml", "not well-formed XML at line 18"),
        ("malformed.xml", "not well-formed XML at line 90"),
        ("malformed-simple.xml", "ends early"),
        ("missing-version-tag.xml", "wxr_version"),
    ],
)
def test_a_broken_export_is_one_line_of_error_and_nothing_written(wxr, name, message):
    with pytest.raises(CommandError, match=message) as refused:
        run(wxr(name))
    assert "\n" not in str(refused.value)
    assert everything() == [0] * 7 and not ImportedObject.objects.exists()


def test_a_dry_run_reports_what_would_happen_and_writes_nothing(wxr, tmp_path):
    jpeg(tmp_path / "2008/06/canola2.jpg")
    output = run(wxr("wxr-flat-attachment-same-site.xml"), dry_run=True, media_dir=str(tmp_path))
    assert "Dry run: nothing was written." in output
    assert "articles: 1 would be created" in output and "photos: 1 would be created" in output
    assert everything() == [0] * 7 and not ImportedObject.objects.exists()
    assert not list((Path(tmp_path) / "media").glob("**/*.jpg")) if (tmp_path / "media").exists() else True


# --- photos -------------------------------------------------------------------------------


def test_a_photo_listed_before_its_post_becomes_that_posts_featured_photo(wxr, tmp_path):
    jpeg(tmp_path / "2008/06/canola2.jpg")
    run(wxr("wxr-flat-attachment-same-site.xml"), media_dir=str(tmp_path))
    photo = Image.objects.get()
    assert (photo.width, photo.height) == (640, 400) and photo.renditions["items"]
    assert photo.alt_text == "canola"  # _wp_attachment_image_alt


def test_a_missing_photo_is_reported_and_its_post_still_comes_over(wxr, tmp_path):
    output = run(wxr("wxr-flat-attachment-same-site.xml"), media_dir=str(tmp_path))
    assert Article.objects.count() == 1 and not Image.objects.exists()
    assert "photo not brought over: 2008/06/canola2.jpg is not in the media folder" in output


def test_without_a_media_source_nothing_is_fetched_and_the_report_says_so(wxr):
    output = run(wxr("wxr-flat-attachment-same-site.xml"))
    assert "no media source was given (--media-dir or --media-url)" in output


def test_a_file_that_is_not_a_photo_is_refused_with_the_uploads_message(wxr, tmp_path):
    (tmp_path / "2008/06").mkdir(parents=True)
    (tmp_path / "2008/06/canola2.jpg").write_bytes(b"<html>not a photo</html>")
    output = run(wxr("wxr-flat-attachment-same-site.xml"), media_dir=str(tmp_path))
    assert not Image.objects.exists() and "not a photo we can use" in output


def test_photos_can_come_over_http_from_a_given_address(wxr, tmp_path):
    jpeg(tmp_path / "2008/06/canola2.jpg")
    handler = functools.partial(QuietHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        run(wxr("wxr-flat-attachment-same-site.xml"), media_url=f"http://127.0.0.1:{server.server_port}/")
    finally:
        server.shutdown()
    assert Image.objects.count() == 1


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


# --- old addresses ------------------------------------------------------------------------


def test_old_addresses_answer_with_a_permanent_redirect(wxr, client):
    run(wxr("wxr-comprehensive.xml"))
    article = Article.objects.get()
    for old in ("/?p=1000", "/category/news/updates/"):
        response = client.get(old)
        assert response.status_code == 301, old
    assert client.get("/?p=1000")["Location"] == article.get_absolute_url()
    assert client.get("/category/news/updates/")["Location"] == Category.objects.get(slug="updates").get_absolute_url()
    assert client.get("/?p=424242").status_code == 200  # not an old address: the front page
    assert client.get("/no-such-old-page/").status_code == 404


def test_the_old_address_of_a_draft_leads_nowhere(wxr, client):
    run(wxr("small-export.xml"))
    private = Article.objects.get(title="Private Post")
    paths = OldURL.objects.filter(object_id=private.pk, content_type__model="article").values_list("path", flat=True)
    assert paths
    for path in paths:  # "/?p=ID" is the front page's address: it shows the front page
        assert client.get(path).status_code == (200 if path.startswith("/?") else 404)


def test_links_to_the_old_site_point_at_the_new_addresses_and_lookalikes_are_left(wxr):
    AuthorFactory(slug="desk")
    run(wxr("wxr-base-url-rewriting.xml"), default_author="desk")
    body = " ".join(Article.objects.values_list("body", flat=True))
    links = re.findall(r'href="([^"]*)"', body)
    assert links and not [link for link in links if "science.com/" in link or "xn--" in link]
    assert "/" in links and "/wp-content/image.png" in links
    assert "🚀-science.comcast" in body


# --- a magazine-sized export ------------------------------------------------------------


@pytest.fixture
def generated(tmp_path):
    media = tmp_path / "uploads"
    export = tmp_path / "export.xml"
    counts = make_wxr(export, posts=300, comments=3000, photos=30, pages=4, media_dir=media)
    return export, media, counts


def test_a_large_export_comes_over_with_the_counts_it_holds(generated, client):
    export, media, counts = generated
    output = run(str(export), media_dir=str(media))
    posts = [item for item in WXRReader(export) if isinstance(item, Item) and item.post_type == "post"]
    kept = [post for post in posts if post.status != "trash"]
    assert Article.objects.count() == len(kept) == counts["items:post"] - counts["posts:trash"]
    assert Image.objects.count() == counts["items:attachment"]
    comments = [comment for post in kept for comment in post.comments]
    pings = [comment for comment in comments if comment.type in ("pingback", "trackback")]
    assert pings and Comment.objects.count() == len(comments) - len(pings)
    assert f"{len(pings)} skipped" in output.split("comments:")[1].splitlines()[0]
    assert Comment.objects.filter(depth=4).exists() and not Comment.objects.filter(depth__gt=4).exists()
    assert mail.outbox == []  # imported comments never email anyone
    article = Article.objects.published().latest().first()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_imported_commenters_with_an_approved_comment_are_known(generated):
    export, media, _ = generated
    run(str(export), media_dir=str(media))
    known = Comment.objects.filter(status=Comment.Status.APPROVED).first()
    verdict = Moderator().moderate(Comment(article=known.article, name=known.name, email=known.email, body="Again."))
    assert verdict.status == Comment.Status.APPROVED
    # Known by name and email only (WordPress's rule): a link is held, and the email alone earns nothing.
    link = Comment(article=known.article, name=known.name, email=known.email, body="See https://a.example/")
    assert Moderator().moderate(link).status == Comment.Status.PENDING
    stranger = Comment(article=known.article, name="Someone else", email=known.email, body="Again.")
    assert Moderator().moderate(stranger).status == Comment.Status.PENDING


def test_a_newer_export_updates_what_changed(generated, tmp_path):
    export, media, _ = generated
    run(str(export), media_dir=str(media))
    before = everything()
    text = export.read_text()
    newer = tmp_path / "newer.xml"
    newer.write_text(text.replace("<title><![CDATA[City workers", "<title><![CDATA[Corrected: City workers", 1))
    output = run(str(newer), media_dir=str(media))
    assert everything() == before
    assert Article.objects.filter(title__startswith="Corrected: City workers").count() == 1
    assert "articles: 1 updated" in output


# --- the import page in the admin -----------------------------------------------------------


@pytest.fixture
def import_dir(settings, tmp_path):
    settings.WORDPRESS_IMPORT_DIR = str(tmp_path / "imports")
    return tmp_path / "imports"


def upload(client, export, photos=None, **fields):
    data = {"export": export, **fields}
    if photos is not None:
        data["photos"] = photos
    return client.post(reverse("admin:wordpress_importrun_add"), data)


def zipped_uploads(tmp_path, files):
    archive = tmp_path / "uploads.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        for name, data in files.items():
            zipped.writestr(name, data)
    return archive


def jpeg_bytes(size=(320, 200)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (200, 40, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_an_editor_uploads_an_export_reads_the_dry_run_and_confirms_the_import(wxr, client, run_jobs, import_dir, tmp_path):
    client.force_login(StaffFactory(role="Editor"))
    archive = zipped_uploads(tmp_path, {"wp-content/uploads/2008/06/canola2.jpg": jpeg_bytes()})
    with open(wxr("wxr-flat-attachment-same-site.xml"), "rb") as export, open(archive, "rb") as photos:
        response = upload(client, export, photos)
    run = ImportRun.objects.get()
    assert response.status_code == 302 and run.state == ImportRun.State.CHECKING
    assert run_jobs() == 1 and not Article.objects.exists()  # the dry run writes nothing
    run.refresh_from_db()
    assert run.state == ImportRun.State.CHECKED
    page = client.get(reverse("admin:wordpress_importrun_change", args=[run.pk])).content.decode()
    assert "articles: 1 would be created" in page and "photos: 1 would be created" in page and "Import now" in page
    client.post(reverse("admin:wordpress_importrun_confirm", args=[run.pk]))
    assert run_jobs() >= 1
    run.refresh_from_db()
    assert run.state == ImportRun.State.DONE and run.done == run.total
    assert Article.objects.count() == 1 and Image.objects.count() == 1
    assert not list(Path(settings_media_root()).glob("**/*.xml")), "exports never land in the public media"


def settings_media_root():
    from django.conf import settings

    return settings.MEDIA_ROOT


def test_a_broken_export_fails_the_run_with_its_reason_and_no_retry(wxr, client, run_jobs, import_dir):
    client.force_login(StaffFactory(role="Editor"))
    with open(wxr("malformed.xml"), "rb") as export:
        upload(client, export)
    assert run_jobs() == 1
    run = ImportRun.objects.get()
    assert run.state == ImportRun.State.FAILED and "line 90" in run.error
    assert run_jobs() == 0
    assert "line 90" in client.get(reverse("admin:wordpress_importrun_change", args=[run.pk])).content.decode()


def test_a_file_that_is_not_an_export_is_refused_in_the_form(client, import_dir):
    client.force_login(StaffFactory(role="Editor"))
    response = upload(client, SimpleUploadedFile("photo.jpg", jpeg_bytes()))
    assert response.status_code == 200 and "not a WordPress export" in response.content.decode()
    assert not ImportRun.objects.exists()


def test_a_photos_zip_cannot_write_outside_its_folder(tmp_path):
    archive = zipped_uploads(tmp_path, {"../../evil.jpg": b"x", "/etc/evil.jpg": b"x", "uploads/2020/01/ok.jpg": b"ok"})
    target = tmp_path / "unpacked"
    target.mkdir()
    unpack(archive, target)
    unpacked = sorted(str(path.relative_to(target)) for path in target.rglob("*") if path.is_file())
    assert "2020/01/ok.jpg" in unpacked and not any(".." in path for path in unpacked)
    assert sorted(path.name for path in tmp_path.rglob("evil.jpg") if not path.is_relative_to(target)) == []


def test_a_photos_zip_larger_than_the_limit_is_refused_before_unpacking(tmp_path, settings):
    settings.WORDPRESS_PHOTOS_ZIP_MAX_BYTES = 1000
    archive = zipped_uploads(tmp_path, {"2020/01/big.jpg": b"0" * 5000})
    with pytest.raises(ValueError, match="unpacks to"):
        unpack(archive, tmp_path / "unpacked")


@pytest.mark.parametrize("role", ["Author", "Moderator"])
def test_only_editors_and_superusers_import(client, role, import_dir):
    client.force_login(StaffFactory(role=role))
    assert client.get(reverse("admin:wordpress_importrun_add")).status_code == 403


def test_code_and_preformatted_text_keep_their_lines(wxr, tmp_path):
    export = tmp_path / "code.xml"
    template = Path(wxr("wxr-comprehensive.xml")).read_text()
    body = "<p>Run this:</p>\n<pre><code>for x in range(3):\n    print(x)</code></pre>"
    export.write_text(template.replace(
        "<p>This is a comprehensive post body used to validate the importer.</p>", body, 1))
    run(str(export))
    assert "<pre><code>for x in range(3):\n    print(x)</code></pre>" in Article.objects.get().body


# --- pages, subsections, co-authors, embeds ---------------------------------------------


def test_pages_become_the_sites_pages_and_keep_their_old_addresses(wxr, client):
    run(wxr("valid-wxr-1.1.xml"))
    page = Page.objects.get()
    assert page.title == "About" and page.slug == "about" and page.is_published
    assert client.get("/about/").status_code == 200
    response = client.get("/?page_id=2")
    assert response.status_code == 301 and response["Location"] == "/about/"


def test_a_page_whose_address_the_site_uses_gets_another_and_the_report_says_so(wxr, tmp_path):
    export = tmp_path / "search-page.xml"
    export.write_text(Path(wxr("valid-wxr-1.1.xml")).read_text().replace(
        "<wp:post_name>about</wp:post_name>", "<wp:post_name>search</wp:post_name>"))
    output = run(str(export))
    assert Page.objects.get().slug == "search-page"
    assert "its address /search/ is one of the site's own" in output


def test_sections_keep_their_parents_and_old_paths(wxr, client):
    run(wxr("wxr-comprehensive.xml"))
    updates = Category.objects.get(slug="updates")
    assert updates.parent == Category.objects.get(slug="news")
    response = client.get("/category/news/updates/")
    assert response.status_code == 301 and response["Location"] == updates.get_absolute_url()
    news_page = client.get(Category.objects.get(slug="news").get_absolute_url()).content.decode()
    assert "Comprehensive Post" in news_page  # a parent lists its subsections' articles


def test_co_authors_plus_bylines_come_over_in_order(wxr, tmp_path):
    export = tmp_path / "coauthors.xml"
    export.write_text(Path(wxr("wxr-comprehensive.xml")).read_text().replace(
        '<category domain="post_tag" nicename="t1">',
        '<category domain="author" nicename="cap-bob"><![CDATA[bob]]></category><category domain="post_tag" nicename="t1">',
    ))
    run(str(export))
    article = Article.objects.get()
    assert [byline.author.name for byline in article.bylines.all()] == ["Alice", "Bob"]


def test_a_video_address_on_its_own_line_becomes_an_embed(wxr, tmp_path):
    export = tmp_path / "video.xml"
    export.write_text(Path(wxr("valid-wxr-1.1.xml")).read_text().replace(
        "Welcome to WordPress. This is your first post.",
        "Watch this:\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n\nWelcome to WordPress. This is your first post.",
    ))
    run(str(export))
    article = Article.objects.get()
    assert article.has_embeds and "youtube" in article.body_html


def test_imported_articles_are_found_by_search_once_the_job_has_run(wxr, client, run_jobs):
    run(wxr("wxr-comprehensive.xml"))
    assert run_jobs() >= 1  # one job rebuilds the search vectors of everything imported
    assert "<mark>Comprehensive</mark> Post" in client.get("/search/?q=comprehensive").content.decode()
