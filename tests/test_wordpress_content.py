"""Converting WordPress content: bodies, captions and credits, comments, old-site URLs, photo metadata."""
from pathlib import Path

import pytest

from articles.body import images_in
from wordpress.attachments import original_path, photo_details, upload_path
from wordpress.autop import autop
from wordpress.content import PhotoRef, comment_text, convert_body, first_sentences, plain_text, split_credit
from wordpress.html import parse, serialise
from wordpress.phpserial import UnserializeError, unserialize
from wordpress.records import Category, Item, Meta, Site, Tag
from wordpress.urls import OldSite, category_paths, old_paths, tag_paths
from wordpress.wxr import WXRReader

SHARED = Path(__file__).resolve().parents[2] / "shared" / "wxr"
OLD = "https://old.example.com"


class Library:
    """A stand-in photo library: attachment ids 1-99 and files named ok-*.jpg exist."""

    def __init__(self):
        self.asked = []

    def __call__(self, src, attachment_id):
        self.asked.append((src, attachment_id))
        if attachment_id and attachment_id < 100:
            return (attachment_id, f"Photo {attachment_id}", f"/media/{attachment_id}.jpg")
        if "/ok-" in src:
            return PhotoRef(500, "A library photo")
        return None


def convert(content, **options):
    options.setdefault("photo", Library())
    return convert_body(content, **options)


def html_of(content, **options):
    return convert(content, **options).html


def paragraphs(content):
    return serialise(autop(parse(content)))


# Paragraphs (wpautop) ------------------------------------------------------------------------


def test_blank_lines_make_paragraphs_and_single_line_breaks_make_br():
    assert paragraphs("First line\nsame paragraph\n\nSecond paragraph") == (
        "<p>First line<br>\nsame paragraph</p>\n<p>Second paragraph</p>")


def test_block_elements_are_left_intact_around_paragraphs():
    content = "<h2>Heading</h2>\nText under it\n\n<blockquote>Quoted\n\nMore</blockquote>\n<table><tr><td>a</td></tr></table>"
    assert paragraphs(content) == (
        "<h2>Heading</h2>\n<p>Text under it</p>\n<blockquote><p>Quoted</p>\n<p>More</p></blockquote>\n"
        "<table><tr><td>a</td></tr></table>")


def test_list_items_stay_bare_unless_a_blank_line_splits_them():
    assert paragraphs("<ul>\n<li>one</li>\n<li>two\n\nthree</li>\n</ul>") == (
        "<ul><li>one</li><li><p>two</p>\n<p>three</p></li></ul>")


def test_preformatted_text_is_never_touched():
    assert paragraphs("<pre>line one\n\n    indented\n</pre>\n\nafter") == (
        "<pre>line one\n\n    indented\n</pre>\n<p>after</p>")


def test_an_existing_br_is_not_doubled_and_two_make_a_paragraph_break():
    assert paragraphs("a<br />\nb<br>\n<br>c") == "<p>a<br>\nb</p>\n<p>c</p>"


def test_a_written_paragraph_is_split_at_blank_lines_not_nested():
    assert paragraphs("<p>one\n\ntwo</p>") == "<p>one</p>\n<p>two</p>"


def test_a_classic_body_comes_out_as_paragraphs():
    assert html_of("Hello <em>world</em>.\n\nSecond <strong>paragraph</strong>.") == (
        "<p>Hello <em>world</em>.</p>\n<p>Second <strong>paragraph</strong>.</p>")


def test_block_editor_delimiters_are_stripped_and_their_content_kept_without_new_paragraphs():
    body = convert(
        "<!-- wp:heading -->\n<h2>Title</h2>\n<!-- /wp:heading -->\n\n"
        "<!-- wp:paragraph -->\n<p>One\ntwo</p>\n<!-- /wp:paragraph -->\n"
        '<!-- wp:latest-posts {"postsToShow":3} /-->'
    )
    assert body.html == "<h2>Title</h2>\n<p>One\ntwo</p>"
    assert body.notes == ["block wp:latest-posts not imported (WordPress builds it when the page is shown)"]


def test_more_and_nextpage_markers_are_removed():
    assert html_of("Teaser\n\n<!--more Read on-->\n\nBody\n\n<!--nextpage-->\n\nPage two") == (
        "<p>Teaser</p>\n<p>Body</p>\n<p>Page two</p>")


def test_headings_fit_the_body_policy():
    assert html_of("<h1>Big</h1>\n<h5>Small</h5>\n<h6>Smaller</h6>") == "<h2>Big</h2>\n<h4>Small</h4>\n<h4>Smaller</h4>"


def test_empty_paragraphs_are_dropped():
    assert html_of("<!-- wp:paragraph --><p>&nbsp;</p><p>Text</p><p> <br> </p>") == "<p>Text</p>"


def test_an_empty_body_is_empty():
    assert convert("").html == ""
    assert convert("  \n\n ").html == ""


# Captions, photos and credits ----------------------------------------------------------------


def test_a_caption_becomes_a_figure_with_its_credit_split_out():
    library = Library()
    body = convert(
        '[caption id="attachment_12" align="alignleft" width="300"]<a href="https://old.example.com/x.jpg">'
        '<img class="size-medium" src="https://old.example.com/wp-content/uploads/2020/01/x-300x200.jpg" '
        'alt="Crowd in the square" width="300" height="200" /></a> Protesters in Cairo. '
        "Photo: Jane Doe/Reuters[/caption]\n\nText after.",
        photo=library,
    )
    assert body.html == (
        '<figure><img src="/media/12.jpg" alt="Crowd in the square" data-file="12">'
        "<figcaption>Protesters in Cairo.</figcaption></figure>\n<p>Text after.</p>")
    assert library.asked == [("https://old.example.com/wp-content/uploads/2020/01/x-300x200.jpg", 12)]
    assert body.credits == {12: "Jane Doe/Reuters"}
    assert body.photos == [12]
    assert images_in(body.html) == [(12, {"src": "/media/12.jpg", "alt": "Crowd in the square", "data-file": "12"})]


def test_a_caption_without_a_credit_keeps_its_markup_and_an_old_style_caption_attribute_works():
    body = convert('[caption id="attachment_3" caption="The <em>old</em> harbour"]<img src="a.jpg" />[/caption]')
    assert body.html == (
        '<figure><img src="/media/3.jpg" alt="Photo 3" data-file="3">'
        "<figcaption>The <em>old</em> harbour</figcaption></figure>")
    assert body.credits == {}


def test_a_block_editor_image_with_a_bracketed_credit():
    body = convert(
        '<!-- wp:image {"id":7} -->\n<figure class="wp-block-image size-large"><img src="https://old.example.com/b.jpg" '
        'alt="" class="wp-image-7"/><figcaption class="wp-element-caption">Fans cheer (John Roe/AFP)</figcaption>'
        "</figure>\n<!-- /wp:image -->"
    )
    assert body.html == '<figure><img src="/media/7.jpg" alt="Photo 7" data-file="7"><figcaption>Fans cheer</figcaption></figure>'
    assert body.credits == {7: "John Roe/AFP"}


def test_a_photo_inside_a_sentence_is_lifted_out_of_its_paragraph():
    assert html_of('Before <img src="https://old.example.com/ok-1.jpg" alt="x"> after') == (
        '<p>Before</p>\n<figure><img src="https://old.example.com/ok-1.jpg" alt="x" data-file="500"></figure>\n'
        "<p>after</p>")
    assert html_of('<!-- wp:paragraph --><p>Before <img src="https://old.example.com/ok-1.jpg"> after</p>') == (
        '<p>Before</p><figure><img src="https://old.example.com/ok-1.jpg" alt="A library photo" data-file="500">'
        "</figure><p>after</p>")


def test_a_missing_photo_is_dropped_and_its_file_named_in_the_notes():
    body = convert('[caption id="attachment_700"]<img src="https://old.example.com/gone.jpg"> Lost[/caption]\n\nText')
    assert body.html == "<p>Text</p>"
    assert body.notes == ["missing photo https://old.example.com/gone.jpg"]
    assert body.photos == []


def test_a_gallery_becomes_one_figure_per_photo_it_names():
    library = Library()
    body = convert('Intro\n\n[gallery ids="4,5" columns="2"]\n\n[gallery include="6"]', photo=library)
    assert body.photos == [4, 5, 6]
    assert body.html.count("<figure>") == 3
    assert ("", 4) in library.asked


def test_a_gallery_naming_no_photos_shows_the_posts_own_attachments():
    assert convert("[gallery]", gallery_ids=[8, 9]).photos == [8, 9]
    body = convert("[gallery]")
    assert (body.html, body.notes) == ("", ["a [gallery] with no photos was left out"])


def test_a_block_editor_gallery_flattens_into_figures_and_keeps_its_caption():
    body = convert(
        '<!-- wp:gallery --><figure class="wp-block-gallery"><figure class="wp-block-image">'
        '<img src="a.jpg" class="wp-image-21"/><figcaption>First</figcaption></figure>'
        '<figure class="wp-block-image"><img src="b.jpg" class="wp-image-22"/></figure>'
        "<figcaption>The whole set</figcaption></figure><!-- /wp:gallery -->"
    )
    assert body.html == (
        '<figure><img src="/media/21.jpg" alt="Photo 21" data-file="21"><figcaption>First</figcaption></figure>'
        '<figure><img src="/media/22.jpg" alt="Photo 22" data-file="22"></figure><p>The whole set</p>')


# Embeds and shortcodes -----------------------------------------------------------------------


def youtube(url):
    if "youtube.com" in url:
        return f'<figure><a href="{url}">Video</a></figure>'
    return None


def test_an_embed_shortcode_and_a_url_alone_on_its_line_go_through_the_embed_callback():
    body = convert(
        "[embed]https://www.youtube.com/watch?v=abc[/embed]\n\nWatch this:\n\nhttps://www.youtube.com/watch?v=def",
        embed=youtube,
    )
    assert body.html == (
        '<figure><a href="https://www.youtube.com/watch?v=abc" rel="noopener noreferrer">Video</a></figure>\n'
        "<p>Watch this:</p>\n"
        '<figure><a href="https://www.youtube.com/watch?v=def" rel="noopener noreferrer">Video</a></figure>')


def test_an_embed_the_callback_declines_becomes_a_plain_link():
    assert html_of("https://example.org/some/page", embed=youtube) == (
        '<p><a href="https://example.org/some/page" rel="noopener noreferrer">https://example.org/some/page</a></p>')


def test_a_url_inside_a_sentence_is_not_an_embed():
    assert html_of("Read https://example.org/x today", embed=youtube) == "<p>Read https://example.org/x today</p>"


def test_a_block_editor_embed_uses_the_callback():
    assert html_of(
        '<!-- wp:embed --><figure class="wp-block-embed is-provider-youtube"><div class="wp-block-embed__wrapper">\n'
        "https://www.youtube.com/watch?v=xyz\n</div></figure><!-- /wp:embed -->", embed=youtube
    ) == '<figure><a href="https://www.youtube.com/watch?v=xyz" rel="noopener noreferrer">Video</a></figure>'


def test_an_iframe_goes_through_the_embed_callback_or_becomes_a_link():
    body = convert('<iframe src="//www.youtube.com/embed/abc" width="560"></iframe>')
    assert body.html == (
        '<p><a href="https://www.youtube.com/embed/abc" rel="noopener noreferrer">https://www.youtube.com/embed/abc'
        "</a></p>")
    assert body.notes == ["embedded frame https://www.youtube.com/embed/abc became a link"]


def test_an_unsupported_shortcode_is_removed_its_content_kept_and_noted():
    body = convert('[contact-form-7 id="1" title="Tips"]\n\n[pullquote align="left"]Said <b>this</b>[/pullquote]')
    assert body.html == "<p>Said <b>this</b></p>"
    assert body.notes == ["unsupported shortcode [contact-form-7]", "unsupported shortcode [pullquote]"]


def test_bracketed_words_that_are_not_shortcodes_stay_text():
    body = convert("He said [sic] it twice [1]. Type [[gallery]] to make a gallery. <pre>[gallery]</pre>")
    # (The body policy has no <pre>: its text stays, its tags go.)
    assert body.html == "<p>He said [sic] it twice [1]. Type [gallery] to make a gallery.</p>\n<pre>[gallery]</pre>"
    assert body.notes == []


def test_video_and_audio_are_noted_and_linked():
    body = convert('<video controls src="https://old.example.com/clip.mp4"></video>')
    assert body.html == (
        '<p><a href="https://old.example.com/clip.mp4" rel="noopener noreferrer">https://old.example.com/clip.mp4</a></p>')
    assert body.notes == ["video not imported: https://old.example.com/clip.mp4"]


# Links ---------------------------------------------------------------------------------------


def new_url(old_site):
    def rewrite(url):
        path = old_site.relative(url)
        return None if path is None else "https://new.example.com" + path
    return rewrite


def test_links_to_the_old_site_are_rewritten_and_others_left_alone():
    rewrite = new_url(OldSite(OLD))
    assert html_of(
        '<a href="http://www.old.example.com/2020/01/02/story/">ours</a> and <a href="https://else.example/">theirs</a>',
        rewrite_url=rewrite,
    ) == (
        '<p><a href="https://new.example.com/2020/01/02/story/" rel="noopener noreferrer">ours</a> and '
        '<a href="https://else.example/" rel="noopener noreferrer">theirs</a></p>')


def test_the_base_url_fixture_rewrites_every_form_of_the_old_host_but_not_a_lookalike():
    if not SHARED.is_dir():
        pytest.skip(f"the shared WXR fixtures are not at {SHARED}")
    records = list(WXRReader(SHARED / "wxr-base-url-rewriting.xml"))
    site = next(record for record in records if isinstance(record, Site))
    post = next(record for record in records if isinstance(record, Item))
    html = html_of(post.content, rewrite_url=new_url(OldSite.from_site(site)))
    assert html.count('href="https://new.example.com/"') == 4
    assert html.count(">https://new.example.com/</a>") == 4
    assert '<a href="https://new.example.com/wp-content/image.png" rel="noopener noreferrer">Test</a>' in html
    assert "https://🚀-science.comcast/science" in html and "comcast/science\"" not in html
    assert "super-🚀-science.com/science" in html


@pytest.mark.parametrize("url, path", [
    ("https://🚀-science.com/science", "/"),
    ("http://🚀-science.com/science/2020/x/", "/2020/x/"),
    ("https://www.🚀-science.com/science/?p=12", "/?p=12"),
    ("https://xn---science-7f85g.com/science/", "/"),
    ("https://XN---SCIENCE-7F85G.COM/%73%63ience/a%20b/", "/a b/"),
    ("https://🚀-science.com:443/science/#top", "/"),
    ("/science/about/", "/about/"),
    ("https://🚀-science.comcast/science", None),
    ("https://super-🚀-science.com/science", None),
    ("https://🚀-science.com/sciences", None),
    ("https://🚀-science.com/", None),
    ("https://🚀-science.com:8080/science", None),
    ("mailto:editor@🚀-science.com", None),
    ("javascript:alert(1)", None),
    ("page.html", None),
])
def test_the_old_site_is_recognised_in_any_form(url, path):
    assert OldSite("https://🚀-science.com/science").relative(url) == path


# Hostile bodies ------------------------------------------------------------------------------


def test_nothing_unsafe_survives_a_hostile_body():
    html = html_of(
        '<script>alert(1)</script><p onclick="steal()" style="color:red">Hi <a href="javascript:alert(1)">x</a></p>'
        '<img src="https://old.example.com/ok-2.jpg" onerror="alert(2)"><style>body{}</style>'
        '<svg onload="alert(3)"><circle /></svg><form action="/x"><input name="a"></form>'
        '[caption id="attachment_5"]<img src="y" onerror="alert(4)"> <script>alert(5)</script>Cap[/caption]'
    )
    for bad in ("<script", "alert", "onclick", "onerror", "onload", "style", "javascript:", "<svg", "<form", "<input"):
        assert bad not in html
    assert "<p>Hi <a" in html and 'data-file="500"' in html and "<figcaption>Cap</figcaption>" in html


def test_a_hostile_embed_is_sanitised_too():
    html = html_of("https://www.youtube.com/watch?v=a", embed=lambda url: '<iframe src="x" onload="a()"></iframe><b>ok</b>')
    assert html == "<p><b>ok</b></p>"


# Comments ------------------------------------------------------------------------------------


@pytest.mark.parametrize("html, text", [
    ("Great post!\n\nI agree.\nMostly.", "Great post!\n\nI agree.\nMostly."),
    ("<p>One</p><p>Two</p>", "One\n\nTwo"),
    ("Nice <b>bold</b> and <i>italic</i> &amp; &lt;3", "Nice bold and italic & <3"),
    ('See <a href="https://example.org/report">the report</a>.', "See the report (https://example.org/report)."),
    ('<a href="https://example.org/">https://example.org/</a>', "https://example.org/"),
    ('<a href="https://example.org/x">example.org/x</a>', "https://example.org/x"),
    ('<a href="javascript:alert(1)">click</a>', "click"),
    ("<blockquote>You wrote this.\n\nAnd this.</blockquote>\nI disagree.", "> You wrote this.\n>\n> And this.\n\nI disagree."),
    ("<h2>A heading</h2>text<br>more", "A heading\n\ntext\nmore"),
    ("<ul><li>one</li><li>two</li></ul>", "- one\n- two"),
    ("<script>alert(1)</script>Hi<style>p{}</style>", "Hi"),
    ("\\o/ ¯\\_(ツ)_/¯", "\\o/ ¯\\_(ツ)_/¯"),
    ("a < b > c", "a < b > c"),
])
def test_comments_become_our_plain_text(html, text):
    assert comment_text(html) == text


def test_plain_text_and_first_sentences_make_a_standfirst():
    text = plain_text("<p>The council met.</p><p>It voted&nbsp;<em>twice</em>. Then it rose!</p>")
    assert text == "The council met. It voted twice. Then it rose!"
    assert first_sentences(text, limit=32) == "The council met. It voted twice."
    assert first_sentences("word " * 50, limit=22) == "word word word word…"
    assert first_sentences("Short.", limit=300) == "Short."


# Credits -------------------------------------------------------------------------------------


@pytest.mark.parametrize("caption, split", [
    ("Protesters in Cairo. Photo: Jane Doe/Reuters", ("Protesters in Cairo.", "Jane Doe/Reuters")),
    ("Protesters in Cairo (Jane Doe/Reuters)", ("Protesters in Cairo", "Jane Doe/Reuters")),
    ("Protesters in Cairo. Photograph by Jane Doe", ("Protesters in Cairo.", "Jane Doe")),
    ("Protesters in Cairo. REUTERS/Amr Dalsh", ("Protesters in Cairo.", "REUTERS/Amr Dalsh")),
    ("Fans at the stadium. (AP Photo/Jane Doe)", ("Fans at the stadium.", "AP Photo/Jane Doe")),
    ("Fans at the stadium | Photo: Jane Doe/AFP", ("Fans at the stadium", "Jane Doe/AFP")),
    ("Snow in the hills (Getty Images)", ("Snow in the hills", "Getty Images")),
    ("The harbour at dawn. © Ana Ruiz", ("The harbour at dawn.", "Ana Ruiz")),
    ("Mountains. Picture: Supplied", ("Mountains.", "Supplied")),
    ("Image courtesy of the family", ("", "Image courtesy of the family")),
    ("Credit: NASA", ("", "NASA")),
    ("The team (left to right)", ("The team (left to right)", "")),
    ("A photo of the river", ("A photo of the river", "")),
    ("A photographer at work", ("A photographer at work", "")),
    ("Use the and/or rule", ("Use the and/or rule", "")),
    ("", ("", "")),
])
def test_a_credit_is_split_from_its_caption(caption, split):
    assert split_credit(caption) == split


# Old paths -----------------------------------------------------------------------------------


SITE = Site(wxr_version="1.2", base_site_url=f"{OLD}/news", base_blog_url=f"{OLD}/news")


@pytest.mark.parametrize("post_type, link, paths", [
    ("post", f"{OLD}/news/2020/01/02/story/", ("/2020/01/02/story/", "/?p=12")),
    ("post", f"{OLD}/news/story/", ("/story/", "/?p=12")),
    ("post", f"{OLD}/news/?p=12", ("/?p=12",)),
    ("post", f"{OLD}/news/caf%C3%A9/", ("/café/", "/?p=12")),
    ("page", f"{OLD}/news/about/team/", ("/about/team/", "/?p=12", "/?page_id=12")),
    ("attachment", f"{OLD}/news/?attachment_id=12", ("/?attachment_id=12", "/?p=12")),
    ("post", "https://mapped.example/2020/story/", ("/2020/story/", "/?p=12")),
    ("post", "", ("/?p=12",)),
])
def test_the_old_paths_an_item_answered_at(post_type, link, paths):
    item = Item(post_type=post_type, post_id=12, link=link)
    assert old_paths(item, SITE) == paths


def test_a_section_answers_under_its_parents_path_and_its_own():
    categories = {
        "world": Category(term_id=3, slug="world"),
        "middle-east": Category(term_id=4, slug="middle-east", parent="world"),
        "gaza": Category(term_id=5, slug="gaza", parent="middle-east"),
        "loop": Category(term_id=6, slug="loop", parent="loop"),
    }
    assert category_paths(categories["gaza"], categories) == (
        "/category/world/middle-east/gaza/", "/category/gaza/", "/?cat=5")
    assert category_paths(categories["world"], categories) == ("/category/world/", "/?cat=3")
    assert category_paths(categories["loop"], categories) == ("/category/loop/", "/?cat=6")
    assert tag_paths(Tag(term_id=9, slug="budget")) == ("/tag/budget/", "/?tag=budget")


# Photo metadata ------------------------------------------------------------------------------


def test_the_unserialiser_reads_data_and_refuses_everything_else():
    assert unserialize('a:2:{s:5:"width";i:1200;s:6:"credit";s:11:"Ana Ruíz/X";}') == {"width": 1200, "credit": "Ana Ruíz/X"}
    assert unserialize("a:3:{i:0;b:1;i:1;N;i:2;d:0.5;}") == {0: True, 1: None, 2: 0.5}
    for bad in ('O:8:"stdClass":0:{}', 'a:1:{i:0;r:1;}', 's:5:"abc";', "a:1:{", "b:2;", "i:1;junk", "a:99999:{}",
                "a:1:{i:0;" * 40 + "N;" + "}" * 40, 'C:3:"Foo":0:{}'):
        with pytest.raises(UnserializeError):
            unserialize(bad)


def attachment(excerpt="", metadata="", alt=""):
    return Item(
        post_type="attachment", post_id=40, title="harbour", excerpt=excerpt,
        attachment_url="https://old.example.com/wp-content/uploads/2019/05/harbour.jpg",
        meta=Meta([("_wp_attachment_metadata", metadata), ("_wp_attachment_image_alt", alt)]),
    )


def test_a_photos_credit_comes_from_its_embedded_data_first_then_its_caption():
    embedded = 'a:2:{s:5:"width";i:10;s:10:"image_meta";a:2:{s:6:"credit";s:8:"Ana Ruiz";s:9:"copyright";s:0:"";}}'
    details = photo_details(attachment("The harbour. Photo: Jon Berg/AFP", embedded, "Boats"))
    assert (details.caption, details.credit, details.alt, details.path) == (
        "The harbour.", "Ana Ruiz", "Boats", "2019/05/harbour.jpg")
    assert photo_details(attachment("The harbour. Photo: Jon Berg/AFP")).credit == "Jon Berg/AFP"
    assert photo_details(attachment("The harbour", "a:1:{broken")).credit == ""


def test_upload_paths_for_self_hosted_and_hosted_sites():
    assert upload_path("https://old.example.com/wp-content/uploads/2020/01/a%20b.jpg") == "2020/01/a b.jpg"
    assert upload_path("https://site.files.wordpress.com/2008/06/canola2.jpg") == "2008/06/canola2.jpg"
    assert original_path("2020/01/photo-300x200.jpg") == "2020/01/photo.jpg"
    assert original_path("2020/01/photo-scaled.jpeg") == "2020/01/photo.jpeg"
    assert original_path("2020/01/photo-2.jpg") == "2020/01/photo-2.jpg"
