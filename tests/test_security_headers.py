"""A strict content policy: the Content-Security-Policy and Permissions-Policy
on every response (public pages, the admin, error pages, cache hits), what the
policy allows, and pages that need nothing inline, so the policy holds.
Browsers enforcing it: tests/browser/test_content_policy_browser.py."""
import base64
import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from articles import embeds
from articles.forms import EDITOR_STYLE_HASH
from articles.models import Image
from comments.models import Comment

from .database_errors import LOST, front_page_raising
from .factories import ArticleFactory, CategoryFactory, CommentFactory, ImageFactory, StaffFactory

pytestmark = pytest.mark.django_db

CSP = "Content-Security-Policy"
VIDEO = "https://www.youtube.com/watch?v=jNQXAC9IVRw"


def policy(response, header=CSP):
    """{directive: [sources]} of a response's policy."""
    return {name: sources for name, *sources in (part.split() for part in response[header].split(";"))}


@pytest.fixture
def story():
    photo = ImageFactory(alt_text="Cranes at dawn", focal_x=33, focal_y=70)
    article = ArticleFactory(
        title="Cranes return", category=CategoryFactory(slug="port"), tags=["harbour"], featured_image=photo,
        body=f"<p>Ships are back.</p><p><a href='{VIDEO}'>Me at the zoo</a></p>",
    )
    CommentFactory(article=article, name="Ada Reader", email="ada@example.com")
    return article


@pytest.fixture
def editor_client(client):
    client.force_login(StaffFactory(role="Editor"))
    return client


def test_the_policy_allows_only_our_own_scripts_styles_and_forms(client, story):
    directives = policy(client.get(story.get_absolute_url()))
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]  # no nonce where none is used, never 'unsafe-inline'
    assert directives["style-src"] == ["'self'", EDITOR_STYLE_HASH]
    assert directives["img-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "report-uri" not in directives


def test_frames_only_from_the_embeds_players(client, story, settings):
    assert policy(client.get(story.get_absolute_url()))["frame-src"] == embeds.player_origins()
    assert "https://www.youtube-nocookie.com" in embeds.player_origins()
    settings.ARTICLES_EMBED_MASTODON_SERVERS = ["social.example"]
    assert "https://social.example" in policy(client.get("/"))["frame-src"]


def test_photos_from_a_bucket_or_cdn_are_allowed_by_their_origin(client, story, settings):
    settings.MEDIA_URL = "https://photos.example.net/trillmag/"
    assert policy(client.get("/"))["img-src"] == ["'self'", "https://photos.example.net"]


@pytest.mark.parametrize("path", ["/", "/category/port/", "/tag/harbour/", "/search/?q=cranes", "/feed/",
                                  "/sitemap.xml", "/robots.txt", "/healthz", "/no-such-page/"])
def test_every_public_response_carries_both_policies(client, story, path):
    response = client.get(path)
    assert response.status_code in (200, 404)
    assert policy(response)["default-src"] == ["'self'"]
    assert "camera=()" in response["Permissions-Policy"]


@pytest.mark.parametrize("path", ["/admin/login/", "/admin/", "/admin/articles/article/",
                                  "/admin/comments/comment/", "/admin/articles/image/picker/"])
def test_admin_pages_carry_both_policies(client, admin_client, path):
    response = (client if path == "/admin/login/" else admin_client).get(path)
    assert response.status_code == 200
    assert policy(response)["frame-ancestors"] == ["'none'"]
    assert "microphone=()" in response["Permissions-Policy"]


def test_the_error_pages_carry_both_policies(client, story, monkeypatch):
    outage = front_page_raising(client, monkeypatch, LOST["postgresql connection lost"])
    assert outage.status_code == 503 and policy(outage)["object-src"] == ["'none'"]

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("articles.views.ArticleListView.get_queryset", broken)
    client.raise_request_exception = False
    error = client.get("/")
    assert error.status_code == 500 and policy(error)["object-src"] == ["'none'"]
    assert "geolocation=()" in error["Permissions-Policy"]


def test_permissions_policy_turns_off_what_the_site_never_uses(client):
    header = client.get("/")["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "serial", "hid", "display-capture"):
        assert f"{feature}=()" in header
    # An embed's player keeps what its iframe grants it.
    assert "autoplay" not in header and "fullscreen" not in header


def test_report_only_mode_blocks_nothing_and_reports_where_it_is_told(client, settings):
    settings.CONTENT_POLICY_REPORT_ONLY = True
    settings.CONTENT_POLICY_REPORT_URI = "https://reports.example/csp"
    response = client.get("/")
    assert CSP not in response
    directives = policy(response, f"{CSP}-Report-Only")
    assert directives["report-uri"] == ["https://reports.example/csp"]
    assert directives["script-src"] == ["'self'"]


def test_an_enforced_policy_reports_too(client, settings):
    settings.CONTENT_POLICY_REPORT_URI = "/csp-reports/"
    response = client.get("/")
    assert policy(response)["report-uri"] == ["/csp-reports/"]
    assert f"{CSP}-Report-Only" not in response


def test_a_cached_page_and_its_policy_agree(client, story, settings):
    settings.PAGE_CACHE = True
    miss = client.get(story.get_absolute_url())
    hit = client.get(story.get_absolute_url())
    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    assert hit[CSP] == miss[CSP] and "nonce" not in hit[CSP]
    assert hit["Permissions-Policy"] == miss["Permissions-Policy"]
    assert b"nonce" not in hit.content


def test_the_rich_text_editor_import_map_has_this_responses_nonce(editor_client, story):
    nonces = []
    for path in (f"/admin/articles/article/{story.pk}/change/", "/admin/articles/article/add/", "/admin/pages/page/add/"):
        response = editor_client.get(path)
        nonce = re.search(r"'nonce-([^']+)'", response[CSP])[1]
        assert f'<script type="importmap" nonce="{nonce}">' in response.content.decode()
        nonces.append(nonce)
    assert len(set(nonces)) == 3


def test_the_editors_inline_styles_are_the_ones_the_policy_allows():
    """Tiptap's base styles, a template literal in django-prose-editor's editor.js,
    are what the policy's hash allows: an upgrade that changes them fails here."""
    script = Path(finders.find("django_prose_editor/editor.js")).read_text()
    hashes = {
        "'sha256-" + base64.b64encode(hashlib.sha256(literal.encode()).digest()).decode() + "'"
        for literal in re.findall(r"`(\.ProseMirror \{[^`]*)`", script)
    }
    assert EDITOR_STYLE_HASH in hashes


class InlineCode(HTMLParser):
    """Scripts and styles written into a page rather than loaded from a file."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and "src" not in attrs and attrs.get("type") != "application/ld+json":
            self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style>")
        self.found += [f"{name}= on <{tag}>" for name in attrs if name.startswith("on") or name == "style"]


@pytest.mark.parametrize("path", ["article", "/", "/category/port/", "/tag/harbour/", "/search/?q=cranes",
                                  "/author/", "/no-such-page/"])
def test_public_pages_have_no_inline_script_handler_or_style(client, story, path):
    if path == "article":
        path = story.get_absolute_url()
    elif path == "/author/":
        path = story.authors.get().get_absolute_url()
    html = client.get(path).content.decode()
    parser = InlineCode()
    parser.feed(html)
    assert parser.found == []
    if path == story.get_absolute_url():
        assert "embed-facade" in html and "comment-avatar" in html and "focus-x-35 focus-y-70" in html


def test_every_focal_point_and_avatar_colour_has_its_class():
    focal_css = Path(finders.find("css/focal-point.css")).read_text()
    site_css = Path(finders.find("css/site.css")).read_text()
    for at in range(0, 101):
        for name in Image(focal_x=at, focal_y=100 - at).focus_classes.split()[1:]:
            assert f".{name} {{" in focal_css
    for email in (f"reader{n}@example.com" for n in range(500)):
        assert f".hue-{Comment(email=email).avatar_hue} {{" in site_css
