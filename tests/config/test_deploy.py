"""`manage.py deploy` makes a new server ready: production settings answer 500 on every page until
the static files are collected, and after it they serve. `check --deploy` names what is missing
(the static files, a reachable SITE_URL), and production refuses the keys written in this
repository."""

from __future__ import annotations

import os
import subprocess
import sys
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.conf import settings

from config.settings import env as env_settings
from tests.config.test_settings import BASE_ENV
from tests.services import require_postgresql

SITE = {"SITE_URL": "https://gouvernail.example.org"}
# A page through production's WSGI handler: its status code (500 too when even the error page
# fails, as gunicorn then answers).
GET_LOGIN = """
import django
django.setup()
from django.test import Client
try:
    status = Client(raise_request_exception=False).get("/accounts/login/", secure=True).status_code
except Exception:
    status = 500
print(status)
"""


def _run(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env={**BASE_ENV, "DJANGO_ALLOWED_HOSTS": "testserver", **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture
def fresh_database():
    """An empty PostgreSQL database of this test's own, on the server the tests use."""
    require_postgresql()
    name = f"gouvernail_deploy_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    url = urlsplit(os.environ["DATABASE_URL"])
    with psycopg.connect(urlunsplit(url._replace(path="/postgres")), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield urlunsplit(url._replace(path=f"/{name}"))
    with psycopg.connect(urlunsplit(url._replace(path="/postgres")), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_deploy_collects_checks_and_migrates_and_then_pages_answer(fresh_database, tmp_path):
    env = {**SITE, "DATABASE_URL": fresh_database, "DJANGO_STATIC_ROOT": str(tmp_path / "static")}
    before = _run("-c", GET_LOGIN, **env)
    assert before.stdout.split()[-1:] == ["500"], before.stdout + before.stderr

    result = _run("manage.py", "deploy", **env)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout
    assert "Ready:" in result.stdout
    assert (tmp_path / "static" / "staticfiles.json").exists()
    plan = _run("manage.py", "showmigrations", "--plan", **env)
    assert plan.returncode == 0 and "[X]" in plan.stdout and "[ ]" not in plan.stdout, plan.stdout

    after = _run("-c", GET_LOGIN, **env)
    assert after.stdout.split()[-1:] == ["200"], after.stdout + after.stderr


def test_check_deploy_names_the_uncollected_static_files(tmp_path):
    result = _run("manage.py", "check", "--deploy", **SITE, DJANGO_STATIC_ROOT=str(tmp_path))
    assert result.returncode != 0
    assert "core.E001" in result.stderr and "manage.py deploy" in result.stderr


def test_check_deploy_warns_of_a_site_url_nobody_else_reaches(tmp_path):
    result = _run(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_STATIC_ROOT=str(tmp_path),
        SITE_URL="http://127.0.0.1:8000",
    )
    assert result.returncode != 0
    assert "core.W001" in result.stderr and "SITE_URL" in result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        # The compose file's old default, which passed `check --deploy` by its length.
        (
            "DJANGO_SECRET_KEY",
            "change-me-to-a-long-random-value-change-me-to-a-long-random-value",
        ),
        ("DJANGO_SECRET_KEY", env_settings.DEVELOPMENT_SECRET_KEY),
        ("DJANGO_SECRET_KEY", env_settings.TEST_SECRET_KEY),
        ("FIELD_ENCRYPTION_KEY", env_settings.DEVELOPMENT_FIELD_KEY),
        ("FIELD_ENCRYPTION_KEY", env_settings.TEST_FIELD_KEY),
        # The same key spelt otherwise: Fernet's decoder skips what is not base64.
        ("FIELD_ENCRYPTION_KEY", env_settings.DEVELOPMENT_FIELD_KEY + "!"),
        # A public key as a fallback would still verify what it signs.
        ("DJANGO_SECRET_KEY_FALLBACKS", env_settings.DEVELOPMENT_SECRET_KEY),
        ("FIELD_ENCRYPTION_KEY_FALLBACKS", env_settings.DEVELOPMENT_FIELD_KEY),
    ],
)
def test_production_refuses_a_key_written_in_the_repository(name, value):
    result = _run("manage.py", "check", **{name: value})
    assert result.returncode != 0
    assert f"The {name} environment variable holds a value written in" in result.stderr
    assert value not in result.stderr  # the message does not repeat the key


def test_production_accepts_keys_of_its_own():
    result = _run(
        "manage.py",
        "check",
        DJANGO_SECRET_KEY_FALLBACKS="an-earlier-key-" + "k" * 40,
        FIELD_ENCRYPTION_KEY_FALLBACKS="yWuu8DIk7EYszjWzttBgtL5b2hR35yOyLqJJ4KIS2Wk=",
    )
    assert result.returncode == 0, result.stderr
