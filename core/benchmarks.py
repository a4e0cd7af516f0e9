"""The benchmark framework: the pages `manage.py benchmark` measures (each app registers its own
in AppConfig.ready()), each with the Django admin's page of the same rows to compare it with, a
throwaway database, the page's own SQL replayed without Django, and the median and p95 of a
run."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db import connection
from django.test import override_settings
from django.test.utils import (
    setup_databases,
    setup_test_environment,
    teardown_databases,
    teardown_test_environment,
)
from django.urls import reverse

from core.registry import Registry


@dataclass(frozen=True)
class BenchmarkPage:
    name: str
    url: Callable[[Any], str]  # given the demo organisation
    as_user: str = "lead@demo.gouvernail.test"
    # The Django admin's page of the same rows (a changelist filtered alike, the admin's index
    # for the dashboard), given the organisation; None when the admin has no such page.
    admin: Callable[[Any], str] | None = None


def admin_list(model: str, **lookups: object) -> Callable[[Any], str]:
    """The admin changelist of `model` ("app_label.modelname") filtered by `lookups`, whose
    values may be functions of the organisation."""

    def url(org: Any) -> str:
        app_label, model_name = model.split(".")
        query = urlencode(
            {key: value(org) if callable(value) else value for key, value in lookups.items()}
        )
        changelist = reverse(f"admin:{app_label}_{model_name}_changelist")
        return f"{changelist}?{query}" if query else changelist

    return url


benchmark_pages: Registry[BenchmarkPage] = Registry("benchmark pages", key=lambda page: page.name)


@contextmanager
def throwaway_database() -> Iterator[None]:
    """A test database for a benchmark, never the one `make run` uses."""
    setup_test_environment()
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        with override_settings(MFA_REQUIRED=False, ALLOWED_HOSTS=["testserver"]):
            yield
    finally:
        teardown_databases(old_config, verbosity=0)
        teardown_test_environment()


# A replay reads the page's data again; what a page writes (a session's bookkeeping) would fail
# or change the rows when run twice, and Django's savepoints are its own.
REPLAYED = ("SELECT", "WITH")


def replay(queries: list[str]) -> float:
    """Milliseconds to run `queries` (as sent by a page) straight through the database driver
    (psycopg, sqlite3), reading every row: the page's own SQL, without Django."""
    connection.ensure_connection()
    begin = time.perf_counter()
    with closing(connection.connection.cursor()) as cursor:
        for sql in queries:
            cursor.execute(sql)
            if cursor.description is not None:
                cursor.fetchall()
    return (time.perf_counter() - begin) * 1000


def replayable(captured: list[dict]) -> list[str]:
    """The reads among the statements of a CaptureQueriesContext."""
    return [q["sql"] for q in captured if q["sql"].lstrip().upper().startswith(REPLAYED)]


def summary(timings_ms: list[float]) -> tuple[float, float]:
    """Median and 95th percentile of a list of timings."""
    ordered = sorted(timings_ms)
    return statistics.median(ordered), ordered[max(0, round(0.95 * len(ordered)) - 1)]
