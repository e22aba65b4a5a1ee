"""Database errors as each driver raises them, for tests of what a page answers
when its database is lost (a 503) or refuses a query (a 500)."""
import sqlite3
from types import SimpleNamespace

import psycopg
from django.db.utils import DatabaseErrorWrapper


def sqlite_error(statement, path=":memory:"):
    """The error SQLite itself raises running `statement` on `path`."""
    try:
        sqlite3.connect(path).execute(statement)
    except sqlite3.Error as error:
        return error
    raise AssertionError(f"{statement!r} did not fail")


LOST = {
    "postgresql connection lost": psycopg.OperationalError("consuming input failed: server closed the connection"),
    "postgresql refused": psycopg.OperationalError("connection failed: Connection refused"),
    "postgresql shutting down": psycopg.errors.AdminShutdown("terminating connection due to administrator command"),
    "postgresql starting up": psycopg.errors.CannotConnectNow("the database system is starting up"),
    "postgresql no slot": psycopg.errors.TooManyConnections("sorry, too many clients already"),
    "postgresql closed connection": psycopg.InterfaceError("the connection is closed"),
    "sqlite file missing": sqlite_error("SELECT 1", "/nonexistent/folder/db.sqlite3"),
}
REFUSED = {
    "postgresql too complex": psycopg.errors.StatementTooComplex("stack depth limit exceeded"),
    "postgresql cancelled": psycopg.errors.QueryCanceled("canceling statement due to statement timeout"),
    "postgresql bad statement": psycopg.errors.SyntaxError("syntax error at or near"),
    "sqlite parser stack overflow": sqlite_error("SELECT " + "(" * 300 + "1" + ")" * 300),
    "sqlite no such table": sqlite_error("SELECT * FROM nowhere"),
}


def front_page_raising(client, monkeypatch, driver_error):
    """The front page when its query fails with `driver_error`, wrapped by
    Django's own wrapper for that driver (whichever database the tests use)."""
    driver = sqlite3 if isinstance(driver_error, sqlite3.Error) else psycopg

    def failing(*args, **kwargs):
        with DatabaseErrorWrapper(SimpleNamespace(Database=driver, errors_occurred=False)):
            raise driver_error

    monkeypatch.setattr("articles.views.ArticleListView.get_queryset", failing)
    client.raise_request_exception = False
    return client.get("/")
