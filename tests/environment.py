"""Test-run defaults, loaded as a plugin (-p) so they are set before Django reads its settings."""
import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-" + "x" * 40)
os.environ.setdefault("DJANGO_HTTPS", "off")
# The suite signs staff in with force_login; the two-factor tests turn it on
# (tests/test_staff_signin.py). Test servers started from here inherit it.
os.environ.setdefault("STAFF_REQUIRE_TWO_FACTOR", "off")
# Tests move the clock by hours or days while signed in; the idle-session tests
# set their own limit (tests/test_staff_signin.py).
os.environ.setdefault("STAFF_SESSION_IDLE_SECONDS", str(10 * 365 * 24 * 3600))
