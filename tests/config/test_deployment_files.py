"""The files a deployment starts from: `.env.example` names every variable the settings read (and
only those), with values production accepts once the two keys are filled in; the README's table
names them too; `.dockerignore` keeps a developer's leftovers and secrets out of the image."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from fnmatch import fnmatch
from pathlib import Path

from django.conf import settings

BASE = Path(settings.BASE_DIR)
# A variable read by the settings a server runs (base, production) or by gunicorn's.
READ = re.compile(r'(?:env_\w+\(\s*|environ\.get\()"([A-Z][A-Z0-9_]+)"')
SERVER_SOURCES = ("config/settings/base.py", "config/settings/production.py", "config/gunicorn.py")
LINE = re.compile(r"^(?:# )?([A-Z][A-Z0-9_]+)=(.*)$")
KEY = "UJZQEnq5okstLK9ZTlcuhdgOjRjV3r_3X95ljLN7jSI="


def _read_by_server() -> set[str]:
    return {name for path in SERVER_SOURCES for name in READ.findall((BASE / path).read_text())}


def _example() -> list[tuple[str, str, bool]]:
    """(name, value, whether the line is set rather than commented) of .env.example."""
    found = []
    for line in (BASE / ".env.example").read_text().splitlines():
        if match := LINE.match(line):
            found.append((match[1], match[2], not line.startswith("#")))
    return found


def test_the_example_names_every_variable_a_server_reads_and_no_other():
    named = {name for name, _, _ in _example()}
    assert _read_by_server() - named == set()
    assert named - _read_by_server() == set()


def test_the_readme_table_names_every_variable():
    readme = (BASE / "README.md").read_text()
    assert {name for name in _read_by_server() if f"`{name}`" not in readme} == set()


def test_production_starts_with_the_example_once_the_keys_are_filled_in():
    values = {name: value for name, value, is_set in _example() if is_set}
    assert values["DJANGO_SECRET_KEY"] == "" and values["FIELD_ENCRYPTION_KEY"] == ""
    values |= {
        "DJANGO_SECRET_KEY": "q" * 20 + "Zx9-Lm7_Rt4Wz8Yp3Hs6Nd1Gf5Jb0Ce",
        "FIELD_ENCRYPTION_KEY": KEY,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=BASE,
        env={
            "PATH": os.environ.get("PATH", ""),
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            **values,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def _ignored(path: str, patterns: list[str]) -> bool:
    """Whether Docker leaves `path` out of the build context (its patterns, without exceptions):
    a pattern matches the path or a folder above it; `**/name` matches a name at any depth."""
    parts = path.split("/")
    for pattern in patterns:
        anywhere = pattern.removeprefix("**/")
        for depth in range(1, len(parts) + 1):
            if fnmatch("/".join(parts[:depth]), pattern):
                return True
            if anywhere != pattern and fnmatch(parts[depth - 1], anywhere):
                return True
    return False


def test_the_image_leaves_out_secrets_leftovers_and_test_tools():
    patterns = [
        line.strip()
        for line in (BASE / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    left_out = (
        ".env",
        ".env.production",
        ".venv/bin/python",
        "db.sqlite3",
        "staticfiles/staticfiles.json",
        ".git/HEAD",
        "tests/conftest.py",
        "loadtest/run.py",
        "governance/__pycache__/models.cpython-311.pyc",
        "screenshots/index.html",
    )
    kept = (
        "manage.py",
        "config/settings/production.py",
        "config/gunicorn.py",
        "governance/models.py",
        "templates/base.html",
        "static/favicon.svg",
        "config/locale/fr/LC_MESSAGES/django.mo",
        "requirements/base.lock",
        "pyproject.toml",  # the version (settings.VERSION)
    )
    assert [path for path in left_out if not _ignored(path, patterns)] == []
    assert [path for path in kept if _ignored(path, patterns)] == []
    assert all((BASE / path).exists() for path in kept)
