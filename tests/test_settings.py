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
