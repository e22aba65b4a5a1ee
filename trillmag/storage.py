"""Uploads in an S3 bucket (MEDIA_STORAGE=s3): django-storages' backend, made
fit for pages that are cached and for stores that fail.

- A file's URL is MEDIA_URL followed by its name: computed, never asked of the
  store, never signed. A page renders while the store is unreachable, and the
  links inside a cached page never expire.
- Objects are stored public and cacheable for a year: upload names carry a
  random part and are never reused (articles/images.py), so a URL never
  changes what it shows.
- Short timeouts and one retry, so an unreachable store costs an editor
  seconds, not minutes.
- Every failure of the store is raised as OSError, the error the local disk
  raises: callers handle one kind of failure whatever the backend
  (ConnectionError or TimeoutError when the store cannot be reached,
  PermissionError when it refuses).
"""
import functools
from urllib.parse import urljoin

from boto3.exceptions import Boto3Error
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, HTTPClientError, ReadTimeoutError
from botocore.exceptions import ConnectionError as StoreConnectionError
from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

YEAR = 365 * 24 * 3600
REFUSED = {"AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "AllAccessDisabled"}


def as_os_error(error):
    """The OSError that says what went wrong with the store."""
    if isinstance(error, ReadTimeoutError):
        return TimeoutError(str(error))
    if isinstance(error, (StoreConnectionError, HTTPClientError)):  # refused, reset, connect timeout
        return ConnectionError(str(error))
    if isinstance(error, ClientError) and error.response.get("Error", {}).get("Code") in REFUSED:
        return PermissionError(str(error))
    return OSError(str(error))


def raising_os_errors(method):
    @functools.wraps(method)
    def wrapper(*args, **kwargs):
        try:
            return method(*args, **kwargs)
        except (BotoCoreError, ClientError, Boto3Error) as error:
            raise as_os_error(error) from error

    return wrapper


class S3MediaStorage(S3Storage):
    querystring_auth = False
    object_parameters = {"CacheControl": f"public, max-age={YEAR}, immutable"}  # noqa: RUF012

    def __init__(self, **options):
        super().__init__(**options)
        self.client_config = self.client_config.merge(
            Config(connect_timeout=2, read_timeout=10, retries={"mode": "standard", "max_attempts": 2})
        )

    _save = raising_os_errors(S3Storage._save)

    @raising_os_errors
    def _open(self, name, mode="rb"):
        opened = super()._open(name, mode)
        if "r" in mode:
            # The object is downloaded on first use; use it now, so that a
            # failure is raised here, as OSError, rather than from read().
            opened.file.seek(0)
        return opened

    delete = raising_os_errors(S3Storage.delete)
    exists = raising_os_errors(S3Storage.exists)
    size = raising_os_errors(S3Storage.size)
    listdir = raising_os_errors(S3Storage.listdir)

    def url(self, name, parameters=None, expire=None, http_method=None):
        return urljoin(settings.MEDIA_URL, filepath_to_uri(self._normalize_name(clean_name(name))))
