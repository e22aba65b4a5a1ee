"""What a WordPress export holds, as typed, immutable records (see wxr.py)."""
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple


class Meta(Mapping):
    """Meta keys and values in file order. WordPress allows a key more than once:
    `meta[key]` is its first value (as WordPress's `get_post_meta(..., single=true)`),
    `meta.getall(key)` every value, `meta.pairs` everything as written."""

    __slots__ = ("pairs", "_first")

    def __init__(self, pairs=()):
        self.pairs = tuple(pairs)
        first = {}
        for key, value in self.pairs:
            first.setdefault(key, value)
        self._first = first

    def __getitem__(self, key):
        return self._first[key]

    def __iter__(self):
        return iter(self._first)

    def __len__(self):
        return len(self._first)

    def getall(self, key):
        return [value for name, value in self.pairs if name == key]

    def __eq__(self, other):
        if isinstance(other, Meta):
            return self.pairs == other.pairs
        return super().__eq__(other)

    def __hash__(self):
        return hash(self.pairs)

    def __repr__(self):
        return f"Meta({list(self.pairs)!r})"


@dataclass(frozen=True)
class Site:
    """The channel header: what the export says about the old site."""

    wxr_version: str
    title: str = ""
    link: str = ""
    description: str = ""
    language: str = ""
    base_site_url: str = ""
    base_blog_url: str = ""


@dataclass(frozen=True)
class Author:
    id: int | None
    login: str
    email: str = ""
    display_name: str = ""
    first_name: str = ""
    last_name: str = ""


@dataclass(frozen=True)
class Category:
    term_id: int | None
    slug: str
    parent: str = ""  # the parent's slug, "" at the top
    name: str = ""
    description: str = ""
    meta: Meta = field(default_factory=Meta)


@dataclass(frozen=True)
class Tag:
    term_id: int | None
    slug: str
    name: str = ""
    description: str = ""
    meta: Meta = field(default_factory=Meta)


@dataclass(frozen=True)
class Term:
    """A term of another taxonomy (nav_menu, custom taxonomies)."""

    term_id: int | None
    taxonomy: str
    slug: str
    parent: str = ""
    name: str = ""
    description: str = ""
    meta: Meta = field(default_factory=Meta)


class ItemTerm(NamedTuple):
    """An item's category, tag or other term: `<category domain=… nicename=…>name</category>`."""

    domain: str  # "category", "post_tag" (WXR 1.0's "tag" is read as "post_tag"), "post_format", …
    slug: str
    name: str


@dataclass(frozen=True)
class Comment:
    id: int | None
    author: str = ""
    email: str = ""
    url: str = ""
    ip: str = ""
    date: datetime | None = None  # the old site's local time, naive
    date_gmt: datetime | None = None  # UTC, aware; None when WordPress wrote no date
    content: str = ""
    approved: str = ""  # as written: "1", "0", "spam", "trash", "post-trashed"…
    type: str = ""  # "" or "comment" for comments; "pingback", "trackback", others
    parent: int = 0  # the parent's comment id; 0 at the top of a thread
    user_id: int = 0
    meta: Meta = field(default_factory=Meta)


@dataclass(frozen=True)
class Item:
    """A post, page, attachment, menu item or any other post type."""

    post_type: str
    post_id: int | None
    title: str = ""
    link: str = ""
    guid: str = ""
    creator: str = ""  # the author's login (dc:creator)
    content: str = ""
    excerpt: str = ""
    status: str = ""
    password: str = ""
    is_sticky: bool = False
    comment_status: str = ""
    ping_status: str = ""
    post_name: str = ""  # percent-decoded
    post_parent: int = 0
    menu_order: int = 0
    post_date: datetime | None = None  # local, naive
    post_date_gmt: datetime | None = None  # UTC, aware; None for "0000-00-00 00:00:00"
    post_modified: datetime | None = None
    post_modified_gmt: datetime | None = None
    attachment_url: str = ""
    terms: tuple[ItemTerm, ...] = ()
    meta: Meta = field(default_factory=Meta)
    comments: tuple[Comment, ...] = ()

    def terms_in(self, domain):
        return [term for term in self.terms if term.domain == domain]


Record = Site | Author | Category | Tag | Term | Item
