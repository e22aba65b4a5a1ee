"""Embeds: a known provider's address on a line of its own becomes a facade that
loads the provider's player only when clicked; anything else stays a link."""
from html import escape

import pytest
from django.urls import reverse

from articles import embeds
from articles.body import clean_body, impersonating_addresses
from articles.sanitize import sanitize_html
from tests.factories import ArticleFactory, ImageFactory, StaffFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "address, provider, player",
    [
        ("https://www.youtube.com/watch?v=jNQXAC9IVRw", "youtube",
         "https://www.youtube-nocookie.com/embed/jNQXAC9IVRw?autoplay=1"),
        ("https://youtu.be/jNQXAC9IVRw", "youtube", "https://www.youtube-nocookie.com/embed/jNQXAC9IVRw?autoplay=1"),
        ("https://m.youtube.com/shorts/jNQXAC9IVRw", "youtube",
         "https://www.youtube-nocookie.com/embed/jNQXAC9IVRw?autoplay=1"),
        ("https://vimeo.com/76979871", "vimeo", "https://player.vimeo.com/video/76979871?autoplay=1&dnt=1"),
        ("https://x.com/trillmag/status/1720000000000000000", "x",
         "https://platform.twitter.com/embed/Tweet.html?id=1720000000000000000&dnt=true"),
        ("https://twitter.com/trillmag/status/1720000000000000000", "x",
         "https://platform.twitter.com/embed/Tweet.html?id=1720000000000000000&dnt=true"),
        ("https://bsky.app/profile/trillmag.bsky.social/post/3kabcdefghijk", "bluesky",
         "https://embed.bsky.app/embed/trillmag.bsky.social/app.bsky.feed.post/3kabcdefghijk"),
        ("https://mastodon.social/@trillmag/111222333444555666", "mastodon",
         "https://mastodon.social/@trillmag/111222333444555666/embed"),
        ("https://www.instagram.com/p/C1a2b3c4d5e/", "instagram", "https://www.instagram.com/p/C1a2b3c4d5e/embed/"),
        ("https://www.openstreetmap.org/?mlat=31.95&mlon=35.93#map=12/31.95/35.93", "openstreetmap",
         "https://www.openstreetmap.org/export/embed.html?bbox=35.84211,31.90605,36.01789,31.99395"
         "&layer=mapnik&marker=31.95,35.93"),
    ],
)
def test_each_known_provider_is_embedded_with_its_own_player(address, provider, player):
    embed = embeds.find(address)
    assert (embed.provider.key, embed.player_url) == (provider, player)
    assert any(player.startswith(origin + "/") for origin in embeds.player_origins())


HOSTILE = [
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "https://youtube.com.evil.example/watch?v=jNQXAC9IVRw",
    "https://www.youtube.com@evil.example/watch?v=jNQXAC9IVRw",
    "https://user:pass@www.youtube.com/watch?v=jNQXAC9IVRw",
    "https://www.youtube.com:8443/watch?v=jNQXAC9IVRw",
    "https://evil-youtube.com/watch?v=jNQXAC9IVRw",
    "https://www.youtube.com./watch?v=jNQXAC9IVRw",
    "ftp://www.youtube.com/watch?v=jNQXAC9IVRw",
    "https://www.youtube.com/watch?v=jNQXAC9IVRw\"><script>",
    "https://mastodon.evil.example/@trillmag/111222333444555666",
    "https://www.openstreetmap.org/#map=12/999/35.93",
]


@pytest.mark.parametrize("address", HOSTILE)
def test_hostile_and_lookalike_addresses_are_not_embedded(address):
    assert embeds.find(address) is None
    stored = clean_body(f'<p><a href="{escape(address)}">{escape(address)}</a></p><p>{escape(address)}</p>')
    assert "data-embed" not in stored
    article = ArticleFactory(body=f'<p><a href="{escape(address)}">watch</a></p>')
    assert "data-embed-player" not in article.body_html and "iframe" not in article.body_html


def test_lookalike_addresses_get_a_clear_message_in_the_editor(client):
    client.force_login(StaffFactory(role="Editor"))
    address = "https://youtube.com.evil.example/watch?v=jNQXAC9IVRw"
    response = client.post(reverse("admin:articles_article_add"), {"title": "x", "body": f"<p>{address}</p>"})
    errors = str(response.context["adminform"].form.errors["body"])
    assert "is not a YouTube address, so it cannot be embedded" in errors


def test_a_pasted_address_on_its_own_line_is_stored_as_a_marked_embed():
    stored = clean_body("<p>Watch:</p><p>https://youtu.be/jNQXAC9IVRw</p>")
    assert stored == (
        '<p>Watch:</p><p data-embed="youtube"><a href="https://youtu.be/jNQXAC9IVRw" rel="noopener noreferrer">'
        "https://youtu.be/jNQXAC9IVRw</a></p>"
    )
    assert clean_body(stored) == stored == sanitize_html(stored)


def test_an_address_inside_a_sentence_stays_a_link():
    body = '<p>See <a href="https://youtu.be/jNQXAC9IVRw">the clip</a> for yourself.</p>'
    assert "data-embed" not in clean_body(body)


def test_the_sanitiser_keeps_the_embed_mark_only_for_known_providers():
    assert sanitize_html('<p data-embed="youtube">x</p>') == '<p data-embed="youtube">x</p>'
    assert sanitize_html('<p data-embed="evil" onclick="x()">x</p>') == "<p>x</p>"
    # A forged mark on someone else's address is dropped when the body is cleaned.
    assert "data-embed" not in clean_body('<p data-embed="youtube"><a href="https://evil.example/">x</a></p>')


def test_readers_get_a_facade_with_no_third_party_element():
    article = ArticleFactory(
        body='<p>Intro.</p><p><a href="https://www.youtube.com/watch?v=jNQXAC9IVRw">Me at the zoo</a></p>'
    )
    html = article.body_html
    assert 'data-embed-player="https://www.youtube-nocookie.com/embed/jNQXAC9IVRw?autoplay=1"' in html
    assert '<span class="embed-title">Me at the zoo</span>' in html
    assert "<iframe" not in html and "<img" not in html and "<script" not in html
    assert 'href="https://www.youtube.com/watch?v=jNQXAC9IVRw"' in html  # readers without JavaScript
    assert article.has_embeds


def test_an_untitled_embed_is_labelled_by_its_provider():
    article = ArticleFactory(body="<p>https://vimeo.com/76979871</p>")
    assert 'data-embed-title="Vimeo"' in article.body_html
    assert "Play video" in article.body_html


def test_a_library_photo_naming_the_video_as_its_source_is_its_poster():
    poster = ImageFactory(alt_text="Elephants", source="https://www.youtube.com/watch?v=jNQXAC9IVRw")
    article = ArticleFactory(body="<p>https://youtu.be/jNQXAC9IVRw</p>")
    assert poster.src in article.body_html
    assert list(article.body_photos.all()) == [poster]


def test_a_poster_added_later_is_shown_on_bodies_already_saved():
    article = ArticleFactory(body="<p>https://youtu.be/jNQXAC9IVRw</p>")
    assert "<img" not in article.body_html
    poster = ImageFactory(source="https://www.youtube.com/watch?v=jNQXAC9IVRw")
    article.refresh_from_db()
    assert poster.src in article.body_html


def test_the_article_page_loads_the_facade_script_only_when_it_has_embeds(client):
    plain = ArticleFactory()
    with_video = ArticleFactory(body="<p>https://youtu.be/jNQXAC9IVRw</p>")
    assert b"js/embeds" not in client.get(plain.get_absolute_url()).content
    page = client.get(with_video.get_absolute_url()).content.decode()
    assert '<script src="/static/js/embeds' in page
    assert "<script>" not in page  # no inline script: a CSP without 'unsafe-inline' allows the page


@pytest.mark.parametrize(
    "address", ["https://www.youtube.com/@trillmag", "https://christmas.today/menu", "https://example.com/story"]
)
def test_other_addresses_on_their_own_line_stay_links_without_complaint(address):
    body = clean_body(f"<p>{address}</p>")
    assert "data-embed" not in body and not impersonating_addresses(body)
