"""The old site's addresses: recognising them in content, and the paths readers used.

A URL is on the old site when its host is the old host in any spelling (either
scheme, with or without `www.`, an internationalised host as unicode or as
punycode, any letter case) and its path, percent-decoded, lies under the old
site's base path (a site at `/science` owns `/science/…`, not `/sciences`).
A lookalike host (`example.comcast` for `example.com`) is another site.

Paths are given relative to the old site's base path and percent-decoded, as
Django's `request.path` gives them; a query (`/?p=12`) is kept after the path.
"""
from typing import NamedTuple
from urllib.parse import unquote, urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443}


def _label(label):
    if label.startswith("xn--"):
        try:
            return label[4:].encode("ascii").decode("punycode")
        except (UnicodeError, ValueError):
            return label
    return label


def normalise_host(host):
    """A host as one comparable string: lower case, unicode labels, no `www.`, no final dot."""
    host = host.strip().rstrip(".").lower()
    host = ".".join(_label(label) for label in host.split("."))
    return host.removeprefix("www.")


class _Base(NamedTuple):
    host: str
    port: int | None
    path: str  # decoded, no trailing slash ("" at the root)


def _port(parts):
    try:
        port = parts.port
    except ValueError:
        return None
    return None if port == DEFAULT_PORTS.get(parts.scheme.lower()) else port


def _base(url):
    parts = urlsplit(url.strip())
    return _Base(normalise_host(parts.hostname or ""), _port(parts), unquote(parts.path).rstrip("/"))


class OldSite:
    """The old site, from its base URLs (`wp:base_site_url`, `wp:base_blog_url`)."""

    def __init__(self, *base_urls):
        self.bases = [_base(url) for url in dict.fromkeys(base_urls) if url and url.strip()]
        # The longest base path first: a blog at /news inside a site at / answers for /news/….
        self.bases.sort(key=lambda base: len(base.path), reverse=True)

    @classmethod
    def from_site(cls, site):
        return cls(site.base_blog_url, site.base_site_url)

    def relative(self, url):
        """`url`'s path (and query) relative to the old site's base, or None when
        `url` is elsewhere. Root-relative URLs ("/science/x/") count as the old site's."""
        url = url.strip()
        try:
            parts = urlsplit(url)
        except ValueError:
            return None
        if parts.scheme and parts.scheme.lower() not in DEFAULT_PORTS:
            return None
        if parts.netloc:
            host, port = normalise_host(parts.hostname or ""), _port(parts)
            candidates = [base for base in self.bases if (base.host, base.port) == (host, port)]
        elif url.startswith("/"):
            candidates = self.bases
        else:
            return None
        path = unquote(parts.path) or "/"
        for base in candidates:
            if path == base.path or path.startswith(base.path + "/"):
                local = path[len(base.path):] or "/"
                return f"{local}?{parts.query}" if parts.query else local
        return None

    def owns(self, url):
        return self.relative(url) is not None


def _unique(paths):
    return tuple(dict.fromkeys(path for path in paths if path))


def old_paths(item, site):
    """The paths an item answered at on the old site: its permalink (whatever the
    permalink structure), `/?p=ID`, and `/?page_id=ID` for a page or
    `/?attachment_id=ID` for an attachment."""
    old = site if isinstance(site, OldSite) else OldSite.from_site(site)
    paths = []
    if item.link:
        # A permalink on another host (a mapped domain) still gives the path readers used.
        paths.append(old.relative(item.link) or unquote(urlsplit(item.link).path) or None)
    if item.post_id is not None:
        paths.append(f"/?p={item.post_id}")
        if item.post_type == "page":
            paths.append(f"/?page_id={item.post_id}")
        elif item.post_type == "attachment":
            paths.append(f"/?attachment_id={item.post_id}")
    return _unique(paths)


def category_paths(category, categories):
    """The paths a category's archive answered at: under its parents
    (`/category/world/middle-east/`), by its own slug, and `/?cat=ID`.
    `categories` maps slugs to every Category of the export."""
    chain, seen, current = [], set(), category
    while current is not None and current.slug not in seen:
        seen.add(current.slug)
        chain.append(current.slug)
        current = categories.get(current.parent) if current.parent else None
    paths = ["/category/" + "/".join(reversed(chain)) + "/", f"/category/{category.slug}/"]
    if category.term_id is not None:
        paths.append(f"/?cat={category.term_id}")
    return _unique(paths)


def tag_paths(tag):
    return _unique([f"/tag/{tag.slug}/", f"/?tag={tag.slug}"])
