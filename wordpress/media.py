"""Where an import finds the photos' files: a copy of the old site's
`wp-content/uploads` folder (`--media-dir`), or a web address serving it
(`--media-url`). Nothing is fetched from the open internet unless asked:
without a source every photo is reported as not brought over.

A file is looked up by its upload path (`2020/01/photo.jpg`, see
attachments.py); a resized copy's path also finds its original.
"""
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path, PurePosixPath

from articles.conf import conf as articles_conf

from .attachments import original_path


class MissingFile(Exception):
    """The file could not be had; the message says why, for the report."""


class NoSource:
    def read(self, upload_path):
        raise MissingFile("no media source was given (--media-dir or --media-url)")


class DirectorySource:
    def __init__(self, root):
        self.root = Path(root).resolve()
        if not self.root.is_dir():
            raise ValueError(f"{root} is not a folder")

    def read(self, upload_path):
        for candidate in dict.fromkeys([upload_path, original_path(upload_path)]):
            path = self.local(candidate)
            if path is not None and path.is_file():
                if path.stat().st_size > articles_conf.ARTICLES_IMAGE_MAX_BYTES:
                    raise MissingFile(f"{candidate} is larger than the photo size limit")
                return path.read_bytes()
        raise MissingFile(f"{upload_path} is not in the media folder")

    def local(self, upload_path):
        """The file under the root, never outside it (an export names the paths)."""
        relative = PurePosixPath(upload_path)
        if not upload_path or relative.is_absolute() or ".." in relative.parts:
            return None
        path = (self.root / relative).resolve()
        return path if path.is_relative_to(self.root) else None


class HttpSource:
    TIMEOUT_SECONDS = 20

    def __init__(self, base_url):
        parts = urllib.parse.urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ValueError(f"{base_url} is not an http(s) address")
        self.base_url = base_url.rstrip("/") + "/"

    def read(self, upload_path):
        if not upload_path or ".." in PurePosixPath(upload_path).parts:
            raise MissingFile(f"{upload_path!r} is not a file's path")
        errors = []
        for candidate in dict.fromkeys([upload_path, original_path(upload_path)]):
            url = urllib.parse.urljoin(self.base_url, urllib.parse.quote(candidate))
            try:
                return self.fetch(url)
            except MissingFile as error:
                errors.append(str(error))
        raise MissingFile("; ".join(errors))

    def fetch(self, url):
        limit = articles_conf.ARTICLES_IMAGE_MAX_BYTES
        try:
            with urllib.request.urlopen(url, timeout=self.TIMEOUT_SECONDS) as response:
                data = response.read(limit + 1)
        except urllib.error.HTTPError as error:
            raise MissingFile(f"{url} answered {error.code}") from None
        except (urllib.error.URLError, OSError) as error:
            raise MissingFile(f"{url} could not be fetched ({getattr(error, 'reason', error)})") from None
        if len(data) > limit:
            raise MissingFile(f"{url} is larger than the photo size limit")
        return data


def media_source(media_dir=None, media_url=None):
    if media_dir:
        return DirectorySource(media_dir)
    if media_url:
        return HttpSource(media_url)
    return NoSource()
