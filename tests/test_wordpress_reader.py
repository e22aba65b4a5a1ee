"""Reading WordPress exports (WXR): every shared fixture, the malformed ones, and a large generated export."""
import dataclasses
import re
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bench.make_wxr import make_wxr
from wordpress.attachments import photo_details
from wordpress.records import Author, Category, Item, ItemTerm, Meta, Site, Tag, Term
from wordpress.wxr import WXRError, WXRReader, summarise

SHARED = Path(__file__).resolve().parents[2] / "shared" / "wxr"


@pytest.fixture(scope="module")
def fixtures():
    if not SHARED.is_dir():
        pytest.skip(f"the shared WXR fixtures are not at {SHARED} (a checkout of shared/ beside the project)")
    return SHARED


def records(path):
    return list(WXRReader(path))


def of(kind, path):
    return [record for record in records(path) if isinstance(record, kind)]


def items(path):
    return of(Item, path)


def raw_cdata(path, element):
    """Every CDATA value of `element` in the file, read with a regex rather than a parser."""
    return re.findall(rf"<{element}><!\[CDATA\[(.*?)\]\]></{element}>", path.read_text(encoding="utf-8"), re.S)


# Every fixture, counted ----------------------------------------------------------------------

EXPECTED = {
    # file: (wxr version, authors, categories, tags, terms, {post type: items}, comments)
    "valid-wxr-1.1.xml": ("1.1", 1, 1, 1, 1, {"post": 1, "page": 1}, 1),
    "valid-wxr-1.0.xml": ("1.0", 0, 5, 4, 0, {"post": 3, "page": 3}, 1),
    "small-export.xml": ("1.1", 3, 30, 3, 0, {"post": 6, "page": 5}, 1),
    "wxr-comprehensive.xml": ("1.2", 2, 2, 2, 0, {"post": 1, "page": 1}, 1),
    "wxr-utf-8-challenges.xml": ("1.2", 1, 0, 0, 0, {"post": 1}, 0),
    "slashes.xml": ("1.1", 1, 1, 1, 0, {"post": 1}, 1),
    "crazy-cdata-escaped.xml": ("1.1", 0, 0, 0, 0, {"post": 1}, 0),
    "namespace-edge-cases.xml": ("1.2", 2, 0, 0, 2, {"post": 5, "": 1}, 0),
    "large-authors.xml": ("1.2", 300, 0, 0, 0, {}, 0),
    "wxr-flat-attachment-same-site.xml": ("1.2", 1, 0, 0, 0, {"attachment": 1, "post": 1}, 0),
    "wxr-base-url-rewriting.xml": ("1.2", 1, 0, 0, 0, {"post": 1}, 0),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_valid_fixture_reads_with_the_expected_counts(fixtures, name):
    version, authors, categories, tags, terms, by_type, comments = EXPECTED[name]
    summary = summarise(fixtures / name)
    assert summary.site.wxr_version == version
    assert (len(summary.authors), summary.categories, summary.tags) == (authors, categories, tags)
    assert sum(summary.terms.values()) == terms
    assert dict(summary.items) == by_type
    assert sum(summary.comments.values()) == comments


def test_the_site_header_comes_first_and_records_follow_in_document_order(fixtures):
    kinds = [type(record).__name__ for record in records(fixtures / "valid-wxr-1.1.xml")]
    assert kinds == ["Site", "Author", "Category", "Tag", "Term", "Item", "Item"]


def test_records_are_frozen(fixtures):
    author = of(Author, fixtures / "valid-wxr-1.1.xml")[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        author.login = "someone"


# What the fields hold ------------------------------------------------------------------------


def test_wxr_1_1_fields_read_as_upstream_reads_them(fixtures):
    path = fixtures / "valid-wxr-1.1.xml"
    site, author, category, tag, term, post, page = records(path)
    assert site.base_site_url == site.base_blog_url == "http://localhost/"
    assert author == Author(2, "john", "johndoe@example.org", "John Doe", "John", "Doe")
    assert (category.term_id, category.slug, category.parent, category.name, category.description) == (
        3, "alpha", "", "alpha", "The alpha category")
    assert (tag.term_id, tag.slug, tag.name, tag.description) == (22, "clippable", "Clippable", "The Clippable post_tag")
    assert (term.term_id, term.taxonomy, term.slug, term.parent, term.name) == (40, "post_tax", "bieup", "", "bieup")
    assert post.terms == (
        ItemTerm("category", "alpha", "alpha"),
        ItemTerm("post_tag", "clippable", "Clippable"),
        ItemTerm("post_tax", "bieup", "bieup"),
    )
    assert page.post_type == "page"
    assert page.meta.pairs == (("_wp_page_template", "default"),)


def test_wxr_1_0_has_no_author_list_and_its_tag_domain_reads_as_post_tag(fixtures):
    path = fixtures / "valid-wxr-1.0.xml"
    posts = items(path)
    assert of(Author, path) == []
    assert summarise(path).unknown_creators == ["admin"]
    # The plain RSS <category> copies without a slug are not terms.
    assert posts[0].terms == (ItemTerm("category", "uncategorized", "Uncategorized"),)
    assert posts[2].terms == (
        ItemTerm("category", "alpha", "alpha"),
        ItemTerm("post_tag", "news", "news"),
        ItemTerm("post_tag", "roar", "roar"),
    )
    assert [tag.slug for tag in of(Tag, path)] == ["chicken", "face", "news", "roar"]
    assert {category.slug: category.parent for category in of(Category, path)}["child"] == "parent"


def test_small_export_statuses_dates_parents_and_terms(fixtures):
    path = fixtures / "small-export.xml"
    by_title = {item.title: item for item in items(path)}
    draft = by_title["Draft Page"]
    assert draft.status == "draft"
    assert draft.post_date_gmt is None  # 0000-00-00 00:00:00 means no date
    assert draft.post_date is not None and draft.post_date.tzinfo is None
    hello = by_title["Hello world!"]
    assert hello.post_date_gmt == datetime(2011, 1, 18, 7, 40, 14, tzinfo=UTC)
    assert by_title["Private Post"].status == "private"
    assert by_title["Child Page"].post_parent == 6  # its parent comes after it
    assert by_title["Many Categories"].terms_in("category").__len__() == 27
    assert ItemTerm("post_format", "post-format-aside", "Aside") in by_title["Non-standard post format"].terms
    categories = {category.slug: category for category in of(Category, path)}
    assert categories["foo-bar"].parent == "bar"
    assert categories["foo-bar"].description == "The child foo category"
    assert summarise(path).unknown_creators == []


def test_comprehensive_fixture_posts_pages_meta_and_comments(fixtures):
    path = fixtures / "wxr-comprehensive.xml"
    post, page = items(path)
    assert (post.post_id, post.creator, post.post_name, post.excerpt) == (
        1000, "alice", "comprehensive-post", "An excerpt for comprehensive post")
    assert post.link == "https://playground.internal/site/?p=1000"
    assert post.meta["custom_key"] == "custom_value"
    assert [term.slug for term in post.terms] == ["news", "updates", "t1", "t2"]
    (comment,) = post.comments
    assert (comment.id, comment.author, comment.email, comment.ip) == (
        5000, "Commenter", "commenter@example.com", "127.0.0.1")
    assert (comment.approved, comment.type, comment.parent, comment.user_id) == ("1", "", 0, 0)
    assert comment.date_gmt == datetime(2024, 6, 6, 10, tzinfo=UTC)
    assert dict(comment.meta) == {"rating": "5", "note": "vip"}
    assert (page.post_type, page.comment_status, page.creator) == ("page", "closed", "bob")
    assert {tag.slug: tag.description for tag in of(Tag, path)} == {"t1": "Tag one", "t2": "Tag two"}


def test_unicode_survives_exactly(fixtures):
    path = fixtures / "wxr-utf-8-challenges.xml"
    (author,) = of(Author, path)
    (post,) = items(path)
    assert post.title == raw_cdata(path, "title")[0]
    assert post.guid == "https://playground.internal/path/🚀/\u202etsop\u202c/?p=1&test=💫\u200c\u200b\u200d\u200e"
    assert "\u202e" in post.title and "🌲" in post.title
    assert post.post_name == raw_cdata(path, "wp:post_name")[0] == "hello-w\u202eorld\u202c-utf8-💫-test"
    assert post.excerpt == raw_cdata(path, "excerpt:encoded")[0]
    assert "السلام عليكم وﷲ" in post.content and "𝓣𝓮𝓼𝓽 𝓜𝓾𝓵𝓽𝓲-𝓑𝔂𝓽𝓮" in post.content
    assert author.login == raw_cdata(path, "wp:author_login")[0] == "admin\u200c\u200b\u200d\u200e"
    assert author.display_name == raw_cdata(path, "wp:author_display_name")[0]
    assert len(post.meta) == 5
    # Inside CDATA a character reference is text, not a character.
    assert post.meta["_special_chars"] == "&#x202E;&#x202D;&#x200B;&#x200C;&#x200D;&#x2060;&#xFEFF;&#xFFFD;"
    assert post.meta["_pingme\u200c\u200b\u200d\u200e"] == "1\u200b\u200d\u200c\u200e"
    assert post.terms[0].slug == "uncat\u202eegorized\u202c"


def test_backslashes_and_quotes_survive_exactly(fixtures):
    path = fixtures / "slashes.xml"
    assert of(Category, path)[0].name == 'a \\"great\\" category'
    assert of(Tag, path)[0].name == "foo\\'bar"
    (post,) = items(path)
    assert post.content == 'Slashes aren\\\'t \\"cool\\"'
    assert post.comments[0].content == "\\o/ ¯\\_(ツ)_/¯"


def test_a_split_cdata_section_reads_as_one_value(fixtures):
    (post,) = items(fixtures / "crazy-cdata-escaped.xml")
    assert post.content == "Content with nested <![CDATA[ tags ]]> :)"
    assert dict(post.meta) == {
        "Plain string": "Foo",
        "Closing CDATA": "]]>",
        "Alot of CDATA": "This has <![CDATA[ opening and ]]> closing <![CDATA[ tags like this: ]]>",
    }


def test_elements_are_matched_by_namespace_uri_never_by_prefix(fixtures):
    path = fixtures / "namespace-edge-cases.xml"
    posts = items(path)
    assert [post.title for post in posts] == [
        "Mixed Namespaces", "No Prefix", "Empty Namespace", "Unicode Namespace", "Hijacked Namespace",
        "Namespace Bomb",
    ]
    assert [post.post_id for post in posts] == [999, 2, 3, 4, None, 6]
    assert [post.post_type for post in posts] == ["post", "post", "post", "post", "", "post"]
    assert dict(posts[0].meta) == {"normal_key": "normal_value"}  # the rebound prefix's meta is not WordPress's
    assert dict(posts[4].meta) == {}
    assert [(author.id, author.login) for author in of(Author, path)] == [(2, "real_user"), (3, "version_conflict")]
    assert [(term.term_id, term.name) for term in of(Term, path)] == [(100, "Old Version"), (102, "New Version")]


def test_an_attachment_and_what_it_says_about_its_photo(fixtures):
    attachment, post = items(fixtures / "wxr-flat-attachment-same-site.xml")
    assert (attachment.post_type, attachment.post_parent, attachment.status) == ("attachment", 555, "inherit")
    assert attachment.attachment_url == "https://wpthemetestdata.files.wordpress.com/2008/06/canola2.jpg"
    details = photo_details(attachment)
    assert (details.alt, details.path) == ("canola", "2008/06/canola2.jpg")
    assert post.post_id == 555


def test_an_international_base_url_reads_as_written(fixtures):
    site = of(Site, fixtures / "wxr-base-url-rewriting.xml")[0]
    assert site.base_site_url == site.base_blog_url == "https://🚀-science.com/science"
    assert site.language == "en-US"


def test_a_repeated_meta_key_keeps_every_value():
    meta = Meta([("enclosure", "a"), ("_thumbnail_id", "5"), ("enclosure", "b")])
    assert meta["enclosure"] == "a"
    assert meta.getall("enclosure") == ["a", "b"]
    assert list(meta) == ["enclosure", "_thumbnail_id"]


# Files the reader refuses, each with one line -------------------------------------------------


def error_of(path):
    with pytest.raises(WXRError) as caught:
        records(path)
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_unescaped_cdata_is_not_well_formed(fixtures):
    assert error_of(fixtures / "crazy-cdata.xml") == (
        "not well-formed XML at line 18, column 71: not well-formed (invalid token)")


def test_a_mismatched_tag_is_not_well_formed(fixtures):
    assert error_of(fixtures / "malformed.xml") == "not well-formed XML at line 90, column 2: mismatched tag"


def test_a_file_cut_short_ends_early(fixtures):
    assert error_of(fixtures / "malformed-simple.xml").startswith("the file ends early, at line 14, column 0")


def test_a_missing_version_is_refused_before_any_author_or_item(fixtures):
    seen = []
    with pytest.raises(WXRError, match=r"no <wp:wxr_version>"):
        for record in WXRReader(fixtures / "missing-version-tag.xml"):
            seen.append(record)
    assert seen == []


def test_an_unknown_version_is_refused(fixtures, tmp_path):
    # malformed.xml's channel, repaired, still carries version "abc".
    text = (fixtures / "malformed.xml").read_text().replace("notachanneltag", "channel")
    (tmp_path / "abc.xml").write_text(text)
    assert error_of(tmp_path / "abc.xml") == (
        "unknown WXR version 'abc': this importer reads WordPress exports 1.0, 1.1, 1.2")


HEADER = '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel>'


@pytest.mark.parametrize("content, message", [
    ("", "not a WordPress export (WXR): the file is empty"),
    ("This is not valid XML content", "not a WordPress export (WXR): not XML (syntax error at line 1, column 0)"),
    ("<!DOCTYPE html>\n<html><head><title>Blog</title></head><body><p>Hi</p></body></html>",
     "not a WordPress export (WXR): the document is <html>, not <rss>"),
    ("<rss><item/></rss>", "not a WordPress export (WXR): <rss> has no <channel>"),
    (f"{HEADER}<title>x</title></channel></rss>", "not a WordPress export (WXR): no <wp:wxr_version>"),
    (f"{HEADER}<item/><wp:wxr_version>1.2</wp:wxr_version></channel></rss>",
     "not a WordPress export (WXR): no <wp:wxr_version>"),
    (f"{HEADER}<wp:wxr_version>1.3</wp:wxr_version></channel></rss>", "unknown WXR version '1.3'"),
    (f'{HEADER.replace("1.2/", "9.9/")}<wp:wxr_version>1.2</wp:wxr_version></channel></rss>',
     "not a WordPress export (WXR): no <wp:wxr_version>"),
])
def test_files_that_are_not_wordpress_exports_are_refused_in_one_line(tmp_path, content, message):
    path = tmp_path / "export.xml"
    path.write_text(content)
    assert error_of(path).startswith(message)


def test_an_entity_expansion_bomb_is_refused(tmp_path):
    entities = "".join(
        f'<!ENTITY {name} "{("&" + previous + ";") * 10}">' for previous, name in zip("abcdefg", "bcdefgh")
    )
    path = tmp_path / "bomb.xml"
    path.write_text(
        f'<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">{entities}]>\n'
        f"{HEADER}<wp:wxr_version>1.2</wp:wxr_version><title>{'&h;' * 8}</title></channel></rss>"
    )
    assert "limit on input amplification factor" in error_of(path)


def test_a_file_that_cannot_be_opened_is_a_wxr_error(tmp_path):
    assert error_of(tmp_path / "nowhere.xml").startswith(f"cannot read {tmp_path / 'nowhere.xml'}")


def test_an_empty_channel_with_a_version_is_a_site_and_nothing_else(tmp_path):
    path = tmp_path / "empty.xml"
    path.write_text(f"{HEADER}<title>Old</title><wp:wxr_version>1.2</wp:wxr_version></channel></rss>")
    assert records(path) == [Site(wxr_version="1.2", title="Old")]


def test_https_namespaces_are_wordpress_namespaces_too(tmp_path):
    path = tmp_path / "https.xml"
    path.write_text(
        '<rss xmlns:wp="https://wordpress.org/export/1.2/" xmlns:excerpt="https://wordpress.org/export/1.2/excerpt/">'
        "<channel><wp:wxr_version>1.2</wp:wxr_version><item><wp:post_id>7</wp:post_id>"
        "<wp:post_type>post</wp:post_type><excerpt:encoded>Short</excerpt:encoded>"
        "<wp:post_name>caf%C3%A9-au-lait</wp:post_name></item></channel></rss>"
    )
    (post,) = items(path)
    assert (post.post_id, post.excerpt, post.post_name) == (7, "Short", "café-au-lait")


def test_control_characters_xml_forbids_are_dropped_and_counted(tmp_path):
    path = tmp_path / "controls.xml"
    path.write_bytes(
        f"{HEADER}<wp:wxr_version>1.2</wp:wxr_version><item><title>Page\x0cbreak\x08</title>"
        "<wp:post_type>post</wp:post_type></item></channel></rss>".encode()
    )
    reader = WXRReader(path)
    (post,) = [record for record in reader if isinstance(record, Item)]
    assert post.title == "Pagebreak"
    assert reader.removed_characters == 2


# A large generated export -------------------------------------------------------------------


def test_the_generated_export_reads_back_with_the_counts_it_was_asked_for(tmp_path):
    media = tmp_path / "uploads"
    written = make_wxr(tmp_path / "export.xml", posts=120, comments=900, photos=24, pages=4, media_dir=media)
    summary = summarise(tmp_path / "export.xml")
    assert summary.items["post"] == 120
    assert summary.items["attachment"] == 24
    assert summary.items["page"] == 4
    assert summary.items["nav_menu_item"] == 1
    assert sum(summary.comments.values()) == 900
    assert summary.comments["pingback"] > 0
    assert (len(summary.authors), summary.categories, summary.tags) == (
        written["authors"], written["categories"], written["tags"])
    assert summary.unknown_creators == []
    statuses = {status for (post_type, status) in summary.statuses if post_type == "post"}
    assert {"publish", "draft", "private", "future", "pending", "trash"} <= statuses
    attachments = [item for item in WXRReader(tmp_path / "export.xml") if isinstance(item, Item)
                   and item.post_type == "attachment"]
    assert all((media / photo_details(item).path).is_file() for item in attachments)
    assert all(photo_details(item).credit for item in attachments)


def test_the_generated_export_has_threads_deeper_than_five_and_every_kind_of_comment(tmp_path):
    make_wxr(tmp_path / "export.xml", posts=60, comments=600, photos=0, pages=1)
    deepest, approvals = 0, set()
    for item in WXRReader(tmp_path / "export.xml"):
        if isinstance(item, Item) and item.comments:
            parents = {comment.id: comment.parent for comment in item.comments}
            for comment in item.comments:
                depth, parent = 0, comment.parent
                while parent:
                    depth, parent = depth + 1, parents[parent]
                deepest = max(deepest, depth)
                approvals.add(comment.approved)
    assert deepest > 5
    assert approvals == {"1", "0", "spam", "trash"}


def test_the_generator_is_deterministic(tmp_path):
    make_wxr(tmp_path / "a.xml", posts=30, comments=100, photos=5, pages=2)
    make_wxr(tmp_path / "b.xml", posts=30, comments=100, photos=5, pages=2)
    assert (tmp_path / "a.xml").read_bytes() == (tmp_path / "b.xml").read_bytes()


def test_reading_a_large_export_keeps_memory_flat(tmp_path):
    path = tmp_path / "export.xml"
    make_wxr(path, posts=3000, comments=6000, photos=0, pages=2)
    size = path.stat().st_size
    tracemalloc.start()
    try:
        count = sum(1 for _ in WXRReader(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert count > 3000
    # The file is over 10 MB; the reader holds about one item at a time (about 0.2 MB measured).
    assert size > 10_000_000
    assert peak < 2_000_000
