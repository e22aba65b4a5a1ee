"""Reading a page's <head> in tests: title, meta tags, links and JSON-LD."""
import json
from html.parser import HTMLParser


class Head(HTMLParser):
    """The <head> of a page: title, meta tags, links and JSON-LD."""

    def __init__(self, html):
        super().__init__()
        self.title, self.meta, self.links, self.json_ld = "", {}, [], []
        self._in = None
        self.feed(html[: html.index("</head>")])

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and "content" in attrs:
            self.meta.setdefault(attrs.get("property") or attrs.get("name"), []).append(attrs["content"])
        elif tag == "link":
            self.links.append(attrs)
        self._in = "ld" if attrs.get("type") == "application/ld+json" else tag

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "ld":
            self.json_ld.append(json.loads(data))

    def handle_endtag(self, tag):
        self._in = None

    def one(self, key):
        [value] = self.meta[key]
        return value

    def link(self, rel, **attrs):
        return [link for link in self.links if link["rel"] == rel and attrs.items() <= link.items()]

    def ld(self, type_):
        [found] = [data for data in self.json_ld if data["@type"] == type_]
        return found


def head(client, url):
    response = client.get(url, HTTP_HOST="127.0.0.1")
    assert response.status_code == 200
    return Head(response.content.decode())
