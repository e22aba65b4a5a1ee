"""Test-run defaults, loaded as a plugin (-p) so they are set before Django reads its settings."""
import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-" + "x" * 40)
os.environ.setdefault("DJANGO_HTTPS", "off")
