"""Absolute links, for feeds, sitemaps, link previews, structured data and
emails: always on settings.SITE_URL, never the request's host (which a
visitor chooses)."""
from urllib.parse import urlencode, urljoin

from django.conf import settings


def absolute_url(path, **query):
    """`path` (from reverse(), get_absolute_url(), static() or a file's url)
    on SITE_URL, with the non-empty `query` parameters."""
    url = urljoin(settings.SITE_URL + "/", path)
    params = {name: value for name, value in query.items() if value}
    return f"{url}?{urlencode(params)}" if params else url
