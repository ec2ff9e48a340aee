"""The real settings module, loaded in a fresh process: SQLite defaults and fail-fast values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import django
django.setup()
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    print(cursor.fetchone()[0], connection.settings_dict["OPTIONS"]["transaction_mode"])
"""


def _run(code: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY"}}
    base |= {
        "DJANGO_SETTINGS_MODULE": "parindex.web.settings",
        "PARINDEX_VAR_DIR": str(tmp_path),
        "SECRET_KEY": "a-secret-of-at-least-thirty-two-characters",
    }
    return subprocess.run(
        [sys.executable, "-c", code], env=base | env, capture_output=True, text=True, check=False
    )


def test_sqlite_is_the_default_with_wal_and_immediate_transactions(tmp_path: Path) -> None:
    result = _run(PROBE, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "IMMEDIATE"]
    assert (tmp_path / "parindex.sqlite3").exists()


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"SECRET_KEY": ""}, "SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": "example.org,,"}, "ALLOWED_HOSTS"),
        ({"DATABASE_URL": "mysql://u:secret@db/x"}, "DATABASE_URL"),
    ],
)
def test_a_bad_value_stops_start_up_and_names_the_variable(
    tmp_path: Path, env: dict[str, str], named: str
) -> None:
    result = _run("import django; django.setup()", tmp_path, **env)
    assert result.returncode != 0
    assert "ConfigError" in result.stderr
    assert named in result.stderr
    assert "secret@" not in result.stderr


def test_production_settings_pass_the_deployment_checks(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={
            k: v
            for k, v in os.environ.items()
            if k not in {"DATABASE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        }
        | {
            "DJANGO_SETTINGS_MODULE": "parindex.web.settings",
            "PARINDEX_VAR_DIR": str(tmp_path),
            "SECRET_KEY": "a-production-secret-of-at-least-fifty-characters-0123",
            "ALLOWED_HOSTS": "parindex.example.vn",
        },
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 silenced" in result.stdout
