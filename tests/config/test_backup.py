"""`manage.py backup` and `manage.py restore` on PostgreSQL: a populated database backed up and
restored into another has every table's rows and the history's last entries, and the history
stays append-only there (its triggers came with it). A damaged backup changes nothing."""

from __future__ import annotations

import os
import subprocess
import sys
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from accounts.demo import build_organisation
from tests.services import require_postgresql

pytestmark = [pytest.mark.django_db(transaction=True)]
LAST_HISTORY = (
    "SELECT id, action, object_repr, changes::text FROM accounts_objectchange "
    "ORDER BY id DESC LIMIT 50"
)


@pytest.fixture
def other_database():
    """An empty database of this test's own, named like no test database (the history's switch
    for the test runner's flush does not work there)."""
    require_postgresql()
    name = f"gouvernail_restore_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
    url = urlsplit(os.environ["DATABASE_URL"])
    maintenance = urlunsplit(url._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield urlunsplit(url._replace(path=f"/{name}"))
    with psycopg.connect(maintenance, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _restore(url: str, backup, *more: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "restore", str(backup), "--noinput", *more],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local", "DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=300,
    )


def _counts(cursor) -> dict[str, int]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


def test_a_backup_restored_elsewhere_has_every_row_and_an_append_only_history(
    tmp_path, other_database
):
    build_organisation("demo", password="unused-pass-1")
    backup = tmp_path / "gouvernail.dump"
    call_command("backup", str(backup), stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert backup.stat().st_size > 0
    assert backup.stat().st_mode & 0o777 == 0o600  # sessions and password hashes: owner only

    result = _restore(other_database, backup)
    assert result.returncode == 0, result.stderr

    with connection.cursor() as cursor:
        source = _counts(cursor)
        cursor.execute(LAST_HISTORY)
        history = cursor.fetchall()
    with psycopg.connect(other_database) as restored:
        with restored.cursor() as cursor:
            assert _counts(cursor) == source
            assert source["accounts_objectchange"] > 100 and source["channels_registry_channel"]
            cursor.execute(LAST_HISTORY)
            assert cursor.fetchall() == history
        for refused in (
            "UPDATE accounts_objectchange SET message = 'rewritten'",
            "DELETE FROM accounts_objectchange",
            "TRUNCATE accounts_objectchange CASCADE",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                restored.execute(refused)
            restored.rollback()


def test_a_damaged_backup_changes_nothing(tmp_path, other_database):
    build_organisation("demo", password="unused-pass-1")
    backup = tmp_path / "gouvernail.dump"
    call_command("backup", str(backup), stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert _restore(other_database, backup).returncode == 0
    with psycopg.connect(other_database) as restored, restored.cursor() as cursor:
        before = _counts(cursor)

    damaged = tmp_path / "damaged.dump"
    data = backup.read_bytes()
    damaged.write_bytes(data[: len(data) * 2 // 3])
    result = _restore(other_database, damaged)
    assert result.returncode != 0
    assert "pg_restore failed" in result.stderr
    with psycopg.connect(other_database) as restored, restored.cursor() as cursor:
        assert _counts(cursor) == before


def test_a_backup_never_overwrites_a_file(tmp_path):
    require_postgresql()
    existing = tmp_path / "kept.dump"
    existing.write_text("an earlier backup")
    result = subprocess.run(
        [sys.executable, "manage.py", "backup", str(existing)],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "exists already" in result.stderr
    assert existing.read_text() == "an earlier backup"
