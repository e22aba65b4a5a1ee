"""A streaming reader for WordPress exports (WXR 1.0, 1.1 and 1.2).

    reader = WXRReader("export.xml")
    for record in reader:          # Site first, then Author, Category, Tag, Term, Item
        ...

The file is parsed with ElementTree's iterparse and every element is dropped
once its record is built, so memory stays flat whatever the export's size.
Elements are matched by namespace URI, never by prefix (WordPress has written
`http://` and `https://`, 1.0, 1.1 and 1.2 namespaces; a prefix may be bound to
anything).

Checks, each failing with a one-line `WXRError`:
- the file is XML and well-formed, and does not end early (the line and column
  come from the parser);
- its root is `<rss>` with a `<channel>`;
- the channel header carries a known `<wp:wxr_version>` before the first author,
  term or item. WordPress always writes it there, so a missing version is caught
  before any record but the file's prolog has been read, and `Site` is only
  yielded once the version is known.

Bytes XML 1.0 never allows (C0 control characters other than tab, newline and
carriage return) are dropped before parsing: WordPress exports them verbatim
when a post holds one, and one would otherwise make the whole file unreadable.
`removed_characters` counts them for the import report.

Expat (2.4.1 and later, as every supported Python ships) refuses entity
expansion attacks, and ElementTree never fetches external entities or DTDs.
"""
import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from urllib.parse import unquote
from xml.etree import ElementTree

from .records import Author, Category, Comment, Item, ItemTerm, Meta, Site, Tag, Term

KNOWN_VERSIONS = ("1.0", "1.1", "1.2")
WP = frozenset(
    f"{scheme}://wordpress.org/export/{version}/" for scheme in ("http", "https") for version in KNOWN_VERSIONS
)
EXCERPT = frozenset(namespace + "excerpt/" for namespace in WP)
CONTENT = frozenset({"http://purl.org/rss/1.0/modules/content/", "https://purl.org/rss/1.0/modules/content/"})
DC = frozenset({"http://purl.org/dc/elements/1.1/", "https://purl.org/dc/elements/1.1/"})

ENTITIES = {("wp", "author"), ("wp", "category"), ("wp", "tag"), ("wp", "term"), ("", "item")}
HEADER = {
    ("", "title"): "title",
    ("", "link"): "link",
    ("", "description"): "description",
    ("", "language"): "language",
    ("wp", "wxr_version"): "wxr_version",
    ("wp", "base_site_url"): "base_site_url",
    ("wp", "base_blog_url"): "base_blog_url",
}
# Bytes XML 1.0 forbids everywhere; in UTF-8 and the single-byte charsets
# WordPress writes they never occur inside another character.
FORBIDDEN_BYTES = bytes(b for b in range(32) if b not in (9, 10, 13))


class WXRError(Exception):
    """The file is not a WordPress export this reader can trust. str() is one line."""


@lru_cache(maxsize=512)
def name_of(tag):
    """("wp"|"excerpt"|"content"|"dc"|"", local name) for the namespaces WXR uses,
    (None, local name) for any other namespace."""
    if tag[0] != "{":
        return "", tag
    uri, local = tag[1:].split("}", 1)
    for kind, uris in (("wp", WP), ("excerpt", EXCERPT), ("content", CONTENT), ("dc", DC)):
        if uri in uris:
            return kind, local
    return None, local


class _Stream:
    """A binary file that drops the bytes XML forbids and remembers reaching its end."""

    def __init__(self, raw):
        self.raw = raw
        self.removed = 0
        self.bytes_read = 0
        self.at_end = False
        self._filter = True

    def read(self, size):
        data = self.raw.read(size)
        if not data:
            self.at_end = True
            return data
        if self.bytes_read == 0 and data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            self._filter = False  # UTF-16: zero bytes are half of every character
        self.bytes_read += len(data)
        if self._filter:
            kept = data.translate(None, FORBIDDEN_BYTES)
            self.removed += len(data) - len(kept)
            data = kept
        return data


class WXRReader:
    """Iterate once over an export's records (see the module docstring).

    `source` is a path or a binary file object.
    """

    def __init__(self, source):
        self.source = source
        self.removed_characters = 0

    def __iter__(self):
        if isinstance(source := self.source, (str, os.PathLike)):
            try:
                with open(source, "rb") as raw:
                    yield from self._records(raw)
            except OSError as error:
                raise WXRError(f"cannot read {os.fspath(source)}: {error.strerror or error}") from error
        else:
            yield from self._records(source)

    def _records(self, raw):
        stream = _Stream(raw)
        parser = _Parser()
        try:
            for event, element in ElementTree.iterparse(stream, events=("start", "end")):
                yield from parser.event(event, element)
            parser.finish()
        except ElementTree.ParseError as error:
            raise _parse_error(error, stream, parser.root_seen) from None
        finally:
            self.removed_characters = stream.removed


def _parse_error(error, stream, root_seen):
    line, column = error.position
    reason = str(error).rsplit(": line ", 1)[0]
    where = f"line {line}, column {column}"
    if stream.bytes_read == 0:
        return WXRError("not a WordPress export (WXR): the file is empty")
    if stream.at_end:
        return WXRError(f"the file ends early, at {where} ({reason}): was it cut short while copying?")
    if not root_seen:
        return WXRError(f"not a WordPress export (WXR): not XML ({reason} at {where})")
    return WXRError(f"not well-formed XML at {where}: {reason}")


class _Parser:
    """Turns iterparse events into records; see the module docstring for the rules."""

    def __init__(self):
        self.depth = 0
        self.root_seen = False
        self.channel_seen = False
        self.in_channel = False
        self.parent = None  # the open child of <rss>; its finished children are dropped
        self.header = {}
        self.site = None

    def event(self, event, element):
        if event == "start":
            self.depth += 1
            return self._start(element)
        self.depth -= 1
        return self._end(element)

    def _start(self, element):
        if self.depth == 1:
            if element.tag != "rss":
                _, local = name_of(element.tag)
                raise WXRError(f"not a WordPress export (WXR): the document is <{local}>, not <rss>")
            self.root_seen = True
        elif self.depth == 2:
            self.parent = element
            self.in_channel = element.tag == "channel"
            self.channel_seen |= self.in_channel
        elif self.depth == 3 and self.in_channel and self.site is None and name_of(element.tag) in ENTITIES:
            return [self._site()]
        return ()

    def _end(self, element):
        # self.depth is now the depth of the finished element's parent.
        if self.depth == 0:
            if not self.channel_seen:
                raise WXRError("not a WordPress export (WXR): <rss> has no <channel>")
            return ()
        if self.depth == 1:
            records = [self._site()] if self.in_channel and self.site is None else []
            self.in_channel = False
            element.clear()
            return records
        if self.depth != 2:
            return ()
        records = self._channel_child(element) if self.in_channel else ()
        self.parent.clear()
        return records

    def _channel_child(self, element):
        name = name_of(element.tag)
        build = BUILDERS.get(name)
        if build is not None:
            return [build(element)]
        if self.site is None and name in HEADER:
            value = (element.text or "").strip()
            if HEADER[name] == "wxr_version" and value not in KNOWN_VERSIONS:
                raise WXRError(
                    f"unknown WXR version {value!r}: this importer reads WordPress exports "
                    f"{', '.join(KNOWN_VERSIONS)}"
                )
            self.header.setdefault(HEADER[name], value)
        return ()

    def _site(self):
        if "wxr_version" not in self.header:
            raise WXRError(
                "not a WordPress export (WXR): no <wp:wxr_version> in the channel header "
                "(WordPress writes it before the first author, term and item)"
            )
        header = dict(self.header)
        header.setdefault("base_site_url", header.get("link", ""))
        header.setdefault("base_blog_url", header["base_site_url"])
        self.site = Site(**header)
        return self.site

    def finish(self):
        if not self.root_seen:
            raise WXRError("not a WordPress export (WXR): the file holds no XML element")


# Building records from finished elements -----------------------------------------------------


def _text(element):
    return element.text or ""


def _int(value):
    value = value.strip()
    try:
        return int(value)
    except ValueError:
        return None


def _local_time(value):
    """A WordPress "Y-m-d H:i:s"; None for "0000-00-00 00:00:00", empty or invalid."""
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        return None


def _utc_time(value):
    when = _local_time(value)
    return when.replace(tzinfo=UTC) if when is not None else None


def _slug(value):
    # WordPress stores non-ASCII slugs percent-encoded, as they appear in URLs.
    return unquote(value.strip())


def _fields(element, kind="wp"):
    """The text of each child in namespace `kind`, by local name; the last one wins,
    as upstream's importer reads a repeated field."""
    return {local: _text(child) for child in element for k, local in [name_of(child.tag)] if k == kind}


def _meta(element, wrapper):
    pairs = []
    for child in element:
        if name_of(child.tag) == ("wp", wrapper):
            fields = _fields(child)
            pairs.append((fields.get("meta_key", ""), fields.get("meta_value", "")))
    return Meta(pairs)


def _author(element):
    f = _fields(element)
    return Author(
        id=_int(f.get("author_id", "")),
        login=f.get("author_login", "").strip(),
        email=f.get("author_email", "").strip(),
        display_name=f.get("author_display_name", ""),
        first_name=f.get("author_first_name", ""),
        last_name=f.get("author_last_name", ""),
    )


def _category(element):
    f = _fields(element)
    return Category(
        term_id=_int(f.get("term_id", "")),
        slug=_slug(f.get("category_nicename", "")),
        parent=_slug(f.get("category_parent", "")),
        name=f.get("cat_name", ""),
        description=f.get("category_description", ""),
        meta=_meta(element, "termmeta"),
    )


def _tag(element):
    f = _fields(element)
    return Tag(
        term_id=_int(f.get("term_id", "")),
        slug=_slug(f.get("tag_slug", "")),
        name=f.get("tag_name", ""),
        description=f.get("tag_description", ""),
        meta=_meta(element, "termmeta"),
    )


def _term(element):
    f = _fields(element)
    return Term(
        term_id=_int(f.get("term_id", "")),
        taxonomy=f.get("term_taxonomy", "").strip(),
        slug=_slug(f.get("term_slug", "")),
        parent=_slug(f.get("term_parent", "")),
        name=f.get("term_name", ""),
        description=f.get("term_description", ""),
        meta=_meta(element, "termmeta"),
    )


def _comment(element):
    f = _fields(element)
    return Comment(
        id=_int(f.get("comment_id", "")),
        author=f.get("comment_author", ""),
        email=f.get("comment_author_email", "").strip(),
        url=f.get("comment_author_url", "").strip(),
        ip=f.get("comment_author_IP", "").strip(),
        date=_local_time(f.get("comment_date", "")),
        date_gmt=_utc_time(f.get("comment_date_gmt", "")),
        content=f.get("comment_content", ""),
        approved=f.get("comment_approved", "").strip(),
        type=f.get("comment_type", "").strip(),
        parent=_int(f.get("comment_parent", "")) or 0,
        user_id=_int(f.get("comment_user_id", "")) or 0,
        meta=_meta(element, "commentmeta"),
    )


def _item_term(element):
    slug = element.get("nicename")
    if slug is None:
        return None  # WXR 1.0 repeats each term as a plain RSS <category>; the other copy has the slug
    domain = element.get("domain", "").strip()
    return ItemTerm("post_tag" if domain == "tag" else domain, _slug(slug), _text(element))


def _item(element):
    plain, wp, terms, comments = {}, {}, [], []
    for child in element:
        kind, local = name_of(child.tag)
        if kind == "wp":
            if local == "comment":
                comments.append(_comment(child))
            elif local != "postmeta":
                wp[local] = _text(child)
        elif kind == "" and local == "category":
            if (term := _item_term(child)) is not None:
                terms.append(term)
        elif kind is not None:
            plain[(kind, local)] = _text(child)
    return Item(
        post_type=wp.get("post_type", "").strip(),
        post_id=_int(wp.get("post_id", "")),
        title=plain.get(("", "title"), ""),
        link=plain.get(("", "link"), "").strip(),
        guid=plain.get(("", "guid"), "").strip(),
        creator=plain.get(("dc", "creator"), "").strip(),
        content=plain.get(("content", "encoded"), ""),
        excerpt=plain.get(("excerpt", "encoded"), ""),
        status=wp.get("status", "").strip(),
        password=wp.get("post_password", ""),
        is_sticky=wp.get("is_sticky", "").strip() == "1",
        comment_status=wp.get("comment_status", "").strip(),
        ping_status=wp.get("ping_status", "").strip(),
        post_name=_slug(wp.get("post_name", "")),
        post_parent=_int(wp.get("post_parent", "")) or 0,
        menu_order=_int(wp.get("menu_order", "")) or 0,
        post_date=_local_time(wp.get("post_date", "")),
        post_date_gmt=_utc_time(wp.get("post_date_gmt", "")),
        post_modified=_local_time(wp.get("post_modified", "")),
        post_modified_gmt=_utc_time(wp.get("post_modified_gmt", "")),
        attachment_url=wp.get("attachment_url", "").strip(),
        terms=tuple(terms),
        meta=_meta(element, "postmeta"),
        comments=tuple(comments),
    )


BUILDERS = {
    ("wp", "author"): _author,
    ("wp", "category"): _category,
    ("wp", "tag"): _tag,
    ("wp", "term"): _term,
    ("", "item"): _item,
}


# A cheap first pass --------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    """What an export holds, counted in one pass that checks the whole file.

    Run it before writing anything: a file that fails here fails before the
    import begins, so a broken export never leaves half an import behind.
    """

    site: Site
    authors: frozenset = frozenset()  # logins with a <wp:author> entry
    categories: int = 0
    tags: int = 0
    terms: Counter = field(default_factory=Counter)  # by taxonomy
    items: Counter = field(default_factory=Counter)  # by post type
    statuses: Counter = field(default_factory=Counter)  # by (post type, status)
    comments: Counter = field(default_factory=Counter)  # by comment type ("" for plain comments)
    creators: Counter = field(default_factory=Counter)  # dc:creator logins of posts and pages
    removed_characters: int = 0

    @property
    def total_items(self):
        return sum(self.items.values())

    @property
    def unknown_creators(self):
        """Logins that sign posts or pages but have no author entry (always so in WXR 1.0)."""
        return sorted(set(self.creators) - self.authors)


def summarise(source):
    """Read the whole export once and count what it holds; raises WXRError as reading does."""
    reader = WXRReader(source)
    site, authors, counts = None, set(), Counter()
    terms, items, statuses, comments, creators = Counter(), Counter(), Counter(), Counter(), Counter()
    for record in reader:
        match record:
            case Site():
                site = record
            case Author():
                authors.add(record.login)
            case Category() | Tag():
                counts[type(record)] += 1
            case Term():
                terms[record.taxonomy] += 1
            case Item():
                items[record.post_type] += 1
                statuses[(record.post_type, record.status)] += 1
                comments.update(comment.type for comment in record.comments)
                if record.post_type in ("post", "page"):
                    creators[record.creator] += 1
    return Summary(
        site=site,
        authors=frozenset(authors),
        categories=counts[Category],
        tags=counts[Tag],
        terms=terms,
        items=items,
        statuses=statuses,
        comments=comments,
        creators=creators,
        removed_characters=reader.removed_characters,
    )
