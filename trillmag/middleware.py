import logging
import sqlite3

import psycopg

from .conf import conf
from .views import request_too_large, service_unavailable

logger = logging.getLogger(__name__)

# What a driver raises when the database cannot be reached, as opposed to a
# query it refused (a bad statement, one too complex, a constraint): those are
# bugs or hostile input, ordinary 500s, and must not hide behind "we'll be
# right back". Django wraps the driver's error, which is its __cause__.
#
# SQLite (primary result codes; extended ones carry them in the low byte): the
# file is busy past the timeout, cannot be opened, or its disk fails.
SQLITE_UNAVAILABLE = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_IOERR}
# PostgreSQL (SQLSTATE): class 08 is "connection exception"; the server shutting
# down, crashed or starting up; no connection slot left.
POSTGRESQL_UNAVAILABLE = {"57P01", "57P02", "57P03", "53300"}


def database_unreachable(error):
    """Whether `error` (a Django database error) says the database cannot be
    reached, rather than that it refused what it was asked."""
    cause = error.__cause__
    if isinstance(cause, sqlite3.OperationalError):
        return (getattr(cause, "sqlite_errorcode", 0) & 0xFF) in SQLITE_UNAVAILABLE
    if isinstance(cause, psycopg.InterfaceError):
        return True  # psycopg's word for a connection that is closed or broken
    if isinstance(cause, psycopg.OperationalError):
        # No SQLSTATE: the client lost the server (refused, reset, timed out).
        state = cause.sqlstate
        return state is None or state.startswith("08") or state in POSTGRESQL_UNAVAILABLE
    return False


class DatabaseUnavailableMiddleware:
    """A page that cannot reach the database answers with the styled 503 page
    and Retry-After rather than a traceback. Django drops the broken connection
    at the end of the request (CONN_HEALTH_CHECKS), so the site recovers by
    itself. Any other database error is left to be an ordinary 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if database_unreachable(exception):
            logger.error("Database unavailable for %s: %s", request.path, exception)
            return service_unavailable(request)
        return None


def accepts_large_bodies(limit):
    """Let signed-in staff send the decorated view bodies of up to `limit()`
    bytes (a callable, so the knob is read when a request comes)."""

    def decorate(view):
        view.staff_request_max_bytes = limit
        return view

    return decorate


class RequestSizeMiddleware:
    """A request body over the limit is answered with the 413 page before
    anything reads it: REQUEST_MAX_BYTES from anyone, STAFF_REQUEST_MAX_BYTES
    from signed-in staff, more where a view says so (accepts_large_bodies).

    It checks in process_view, which runs before CsrfViewMiddleware's (the
    first to read a form) when listed before it, and knows the view. Only a
    body over REQUEST_MAX_BYTES costs a look at the session.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        size = content_length(request)
        if size <= conf.REQUEST_MAX_BYTES:
            return None
        if request.user.is_staff:
            view_limit = getattr(view_func, "staff_request_max_bytes", None)
            if size <= max(conf.STAFF_REQUEST_MAX_BYTES, view_limit() if view_limit else 0):
                return None
        logger.warning("Refused a body of %s bytes for %s", size, request.path)
        return request_too_large(request)


def content_length(request):
    # Read as Django reads it: a body without a valid length is never read at all.
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0
