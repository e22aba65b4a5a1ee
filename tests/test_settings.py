"""Production configuration, checked in a fresh interpreter as a deploy would run it."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env},
        capture_output=True, text=True, timeout=120,
    )


def test_check_deploy_is_silent_with_production_settings(tmp_path):
    result = manage(
        "check", "--deploy",
        DJANGO_SECRET_KEY="a-production-secret-key-that-is-long-and-random-0123456789abcdef",
        DJANGO_ALLOWED_HOSTS="trillmag.example", DJANGO_DEBUG="0", SITE_URL="https://trillmag.example",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
    assert "WARNING" not in result.stderr


def test_missing_secret_key_is_a_clear_error_not_a_default(tmp_path):
    result = manage("check", DJANGO_DEBUG="0", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
                    DJANGO_SECRET_KEY="")
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY" in result.stderr


def settings_value(name, **env):
    """A setting's value as a fresh process started with `env` sees it."""
    result = manage(
        "shell", "-c", f"from django.conf import settings; print(repr(getattr(settings, {name!r}, 'unset')))",
        DJANGO_SECRET_KEY="x" * 50, **env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_a_knob_is_set_from_the_environment_variable_of_its_own_name():
    assert settings_value("ARTICLES_IMAGE_MAX_BYTES", ARTICLES_IMAGE_MAX_BYTES="123") == "123"
    assert settings_value("PAGE_CACHE", PAGE_CACHE="off") == "False"
    assert settings_value("ARTICLES_RENDITION_WIDTHS", ARTICLES_RENDITION_WIDTHS="300,600") == "[300, 600]"


def test_the_old_variable_names_the_readme_documented_still_work():
    assert settings_value("ARTICLES_IMAGE_MAX_BYTES", IMAGE_MAX_BYTES="456") == "456"
    assert settings_value("ARTICLES_SEARCH_CONFIG", SEARCH_CONFIG="simple") == "'simple'"


def test_settings_leave_a_knob_unset_when_its_variable_is():
    # The default lives in the app's conf.py alone: editing it there changes the site.
    assert settings_value("COMMENTS_RATE_LIMIT") == "'unset'"
