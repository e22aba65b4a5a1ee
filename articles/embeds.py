"""The providers whose videos, posts and maps a body may embed, and how a
pasted address becomes their player.

An editor pastes a provider's address on a line of its own (see body.py). Only
the exact host names below are accepted, over http(s), with no user name,
password or port: `youtube.com.evil.example`, `user@youtube.com` or
`youtube.com:8443` are not YouTube. Readers first get a facade; the player
(an iframe from the provider's own player origin, listed in `player_origins()`
for a Content-Security-Policy's frame-src) loads only when they click it.
"""
import re
from dataclasses import dataclass
from typing import Callable
from urllib.parse import parse_qs, urlencode, urlsplit

from .conf import conf


@dataclass(frozen=True)
class Provider:
    key: str  # stored in the body: <p data-embed="KEY">
    name: str  # what readers are told the player loads from
    kind: str  # video, post or map: the facade's shape
    hosts: Callable[[], frozenset]  # the host names its addresses are on
    # (host, path, query, fragment) -> (canonical address, player URL), or None
    parse: Callable
    # The player's origin for a host (most providers have one player origin).
    player_origin: Callable[[str], str]

    @property
    def action(self):
        return {"video": "Play video", "post": "Show post", "map": "Show map"}[self.kind]


@dataclass(frozen=True)
class Embed:
    provider: Provider
    url: str  # the provider's page, for the link under the facade
    player_url: str


def fixed(*hosts):
    return lambda: frozenset(hosts)


def origin(url):
    return lambda host: url


# -- one parser per provider -----------------------------------------------------

YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")


def youtube(host, path, query, fragment):
    if host == "youtu.be":
        video = path.strip("/")
    elif path == "/watch":
        video = query.get("v", [""])[0]
    else:
        match = re.fullmatch(r"/(?:shorts|embed|live)/([^/]+)/?", path)
        video = match[1] if match else ""
    if not YOUTUBE_ID.fullmatch(video):
        return None
    return f"https://www.youtube.com/watch?v={video}", f"https://www.youtube-nocookie.com/embed/{video}?autoplay=1"


def vimeo(host, path, query, fragment):
    pattern = r"/video/(\d+)/?" if host == "player.vimeo.com" else r"/(\d+)/?"
    match = re.fullmatch(pattern, path)
    if not match:
        return None
    return f"https://vimeo.com/{match[1]}", f"https://player.vimeo.com/video/{match[1]}?autoplay=1&dnt=1"


def x_post(host, path, query, fragment):
    match = re.fullmatch(r"/([A-Za-z0-9_]{1,15})/status/(\d{1,20})/?", path)
    if not match:
        return None
    user, post = match.groups()
    return f"https://x.com/{user}/status/{post}", f"https://platform.twitter.com/embed/Tweet.html?id={post}&dnt=true"


def bluesky(host, path, query, fragment):
    match = re.fullmatch(r"/profile/((?:did:plc:[a-z2-7]{24})|(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})/post/([a-z2-7]{13})/?", path)
    if not match:
        return None
    actor, post = match.groups()
    return (
        f"https://bsky.app/profile/{actor}/post/{post}",
        f"https://embed.bsky.app/embed/{actor}/app.bsky.feed.post/{post}",
    )


def mastodon(host, path, query, fragment):
    match = re.fullmatch(r"/@([A-Za-z0-9_]{1,30})/(\d{1,20})/?", path)
    if not match:
        return None
    user, post = match.groups()
    return f"https://{host}/@{user}/{post}", f"https://{host}/@{user}/{post}/embed"


def instagram(host, path, query, fragment):
    match = re.fullmatch(r"/(p|reel|tv)/([A-Za-z0-9_-]{5,40})/?", path)
    if not match:
        return None
    kind, code = match.groups()
    return f"https://www.instagram.com/{kind}/{code}/", f"https://www.instagram.com/{kind}/{code}/embed/"


MAP_FRAGMENT = re.compile(r"map=(\d{1,2})/(-?\d{1,2}(?:\.\d+)?)/(-?\d{1,3}(?:\.\d+)?)")


def openstreetmap(host, path, query, fragment):
    """A map address as openstreetmap.org's Share button gives it
    (`#map=ZOOM/LAT/LON`, with `?mlat=&mlon=` for a marker)."""
    match = MAP_FRAGMENT.fullmatch(fragment)
    if path not in ("", "/") or not match:
        return None
    zoom, lat, lon = int(match[1]), float(match[2]), float(match[3])
    if not (0 <= zoom <= 19 and -90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    # Half the width and height the player shows at that zoom, in degrees.
    half_width = 360 / 2**zoom
    half_height = half_width / 2
    bbox = f"{lon - half_width:.5f},{lat - half_height:.5f},{lon + half_width:.5f},{lat + half_height:.5f}"
    player = {"bbox": bbox, "layer": "mapnik", "marker": f"{lat},{lon}"}
    return (
        f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map={zoom}/{lat}/{lon}",
        f"https://www.openstreetmap.org/export/embed.html?{urlencode(player, safe=',')}",
    )


PROVIDERS = [
    Provider(
        "youtube", "YouTube", "video", fixed("youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be"),
        youtube, origin("https://www.youtube-nocookie.com"),
    ),
    Provider("vimeo", "Vimeo", "video", fixed("vimeo.com", "www.vimeo.com", "player.vimeo.com"), vimeo,
             origin("https://player.vimeo.com")),
    Provider("x", "X", "post", fixed("x.com", "www.x.com", "twitter.com", "www.twitter.com", "mobile.twitter.com"),
             x_post, origin("https://platform.twitter.com")),
    Provider("bluesky", "Bluesky", "post", fixed("bsky.app"), bluesky, origin("https://embed.bsky.app")),
    # Any server may run Mastodon: only those the site trusts are accepted.
    Provider("mastodon", "Mastodon", "post", lambda: frozenset(conf.ARTICLES_EMBED_MASTODON_SERVERS), mastodon,
             lambda host: f"https://{host}"),
    Provider("instagram", "Instagram", "post", fixed("instagram.com", "www.instagram.com"), instagram,
             origin("https://www.instagram.com")),
    Provider("openstreetmap", "OpenStreetMap", "map", fixed("openstreetmap.org", "www.openstreetmap.org"),
             openstreetmap, origin("https://www.openstreetmap.org")),
]
BY_KEY = {provider.key: provider for provider in PROVIDERS}


def player_origins():
    """Every origin a player may be framed from: what a CSP's frame-src lists."""
    return sorted({provider.player_origin(host) for provider in PROVIDERS for host in provider.hosts()})


def host_of(url):
    """The address's host when it is a plain http(s) address on the default
    port with no user name or password, else None."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:  # a port that is not a number, a malformed IPv6 host
        return None
    if parts.scheme.lower() not in ("http", "https") or port is not None:
        return None
    if parts.username is not None or parts.password is not None or "@" in parts.netloc:
        return None
    host = parts.hostname or ""
    # The netloc is exactly the host (no trailing dot, no stray characters).
    return host if parts.netloc.lower() == host else None


def find(url):
    """The Embed for a provider's address, or None for anything else."""
    host = host_of(url)
    if not host:
        return None
    parts = urlsplit(url.strip())
    for provider in PROVIDERS:
        if host in provider.hosts():
            found = provider.parse(host, parts.path, parse_qs(parts.query), parts.fragment)
            if found:
                page, player = found
                return Embed(provider, page, player)
            return None
    return None


def impersonates(url):
    """The provider an address pretends to be on without being on it
    (`youtube.com.evil.example`, `youtube.com@evil.example`, an odd port), or
    None. Editors are told, rather than left wondering why no player shows."""
    lowered = url.strip().lower()
    if not lowered.startswith(("http://", "https://")):
        return None
    if any(host_of(url) in provider.hosts() for provider in PROVIDERS):
        return None  # the provider itself: an embed, or a page of theirs that stays a link
    netloc = urlsplit(lowered).netloc
    for provider in PROVIDERS:
        for host in provider.hosts():
            # The provider's host as whole labels: "youtube.com.evil.example",
            # "evil-youtube.com", "user@youtube.com", "youtube.com:8443", but not "christmas.today".
            if re.search(rf"(?:^|[.@-]){re.escape(host)}(?:$|[.:@])", netloc):
                return provider
    return None
