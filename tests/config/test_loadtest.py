"""`make loadtest` runs from start to end: a fresh database of its own, gunicorn with the
production settings, signed-in personas whose every page answers 200, Locust's browsing and
saturation tables. Here with the demo organisation, five people and seconds instead of minutes."""

from __future__ import annotations

import os
import subprocess
import sys
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings

from tests.services import redis_url, require_postgresql

pytestmark = [pytest.mark.real_clock, pytest.mark.django_db]
ARGUMENTS = ("--size", "demo", "--users", "5", "--duration", "3", "--saturation", "2")
KINDS = ("channel list", "channel page", "dashboard", "person page", "review items")


def test_the_load_test_browses_and_saturates_every_kind_of_page():
    require_postgresql()
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    database = urlunsplit(
        urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/gouvernail_loadtest_{worker}")
    )
    env = {
        **os.environ,
        "LOADTEST_DATABASE_URL": database,
        "LOADTEST_REDIS_URL": redis_url(),
    }
    result = subprocess.run(
        [sys.executable, "-m", "loadtest.run", *ARGUMENTS],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    browsing, saturation = (part.splitlines() for part in result.stdout.split("Saturation"))
    assert any(line.endswith("personas answer 200.") for line in browsing), result.stdout
    # Browsing picks pages at random: every row shown has no error.
    rows = browsing[
        browsing.index(next(line for line in browsing if line.startswith("page "))) + 1 :
    ]
    assert int(_row(rows, "Aggregated")[0]) > 0, browsing
    assert all(line.split()[-4] == "0" for line in rows if line.strip()), browsing
    # Saturation asks for each kind of page in turn.
    for kind in KINDS:
        [per_second, errors] = _row(saturation, kind)[:2]
        assert float(per_second) > 0 and errors == "0", saturation


def _row(lines: list[str], kind: str) -> list[str]:
    """The figures of a kind of page in a table."""
    [row] = [line for line in lines if line.startswith(kind)]
    return row[len(kind) :].split()


def test_the_load_test_recreates_no_database_but_its_own():
    env = {**os.environ, "LOADTEST_DATABASE_URL": "postgres://postgres@127.0.0.1:5432/gouvernail"}
    result = subprocess.run(
        [sys.executable, "-m", "loadtest.run", "--size", "demo"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "only recreates a database named gouvernail_loadtest" in result.stderr
