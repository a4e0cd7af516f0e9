"""Query counts, pinned exactly: one number per measured block, kept in a baseline file.

A block that must run a known number of SQL statements names its measurement:

    with pinned_queries("governance/matrix"):
        assert client.get(url).status_code == 200

The block's statements are counted and compared with the number stored under that name in
tests/query_counts.json, for the database the suite runs on ("postgresql" or "sqlite": they
batch bulk writes differently). When the numbers differ, or the name has none yet, the test
fails and lists every statement the block ran, numbered.

A page whose queries must not grow with the data is measured at two sizes under the same name:
a name measured twice in one run must give the same count both times.

UPDATE_QUERY_COUNTS=1 refreshes the baseline: a count that differs is written instead of
failing. A change that adds or removes a query on purpose is run once that way, on each
database, and the diff of tests/query_counts.json shows in review what moved:

    UPDATE_QUERY_COUNTS=1 .venv/bin/pytest tests/governance/test_pages.py
    UPDATE_QUERY_COUNTS=1 DATABASE_URL= .venv/bin/pytest tests/governance/test_pages.py

pytest-xdist's workers may each write: every write re-reads the file under a lock (fcntl) and
merges its one count in, keys sorted. The measurement at two sizes still fails if the second
count differs from the first, with or without the variable.

`exact_queries(n)` is for a number the design states, written in the test rather than in the
baseline (0: read from the cache; 1: the whole list in one query). It fails the same way.

Before each block the ContentType cache is filled, as in a process that has served a request,
so that no count depends on which tests ran before in the same process.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, connections
from django.test.utils import CaptureQueriesContext

BASELINE = Path(__file__).resolve().parent.parent / "query_counts.json"
UPDATE = "UPDATE_QUERY_COUNTS"

# What this process measured, by (vendor, name): a name measured twice must agree.
_measured: dict[tuple[str, str], list[str]] = {}
_baseline: dict[str, dict[str, int]] | None = None


def updating() -> bool:
    return os.environ.get(UPDATE, "").strip() not in ("", "0")


@contextmanager
def pinned_queries(name: str, *, using: str = DEFAULT_DB_ALIAS) -> Iterator[CaptureQueriesContext]:
    """Count the block's queries and compare them with the baseline's `name` (see above)."""
    connection = connections[using]
    _warm_content_types(using)
    with CaptureQueriesContext(connection) as captured:
        yield captured
    _check(connection.vendor, name, [query["sql"] for query in captured.captured_queries])


@contextmanager
def exact_queries(
    expected: int, *, what: str = "the block", using: str = DEFAULT_DB_ALIAS
) -> Iterator[CaptureQueriesContext]:
    """Count the block's queries: exactly `expected`, a number the design states."""
    _warm_content_types(using)
    with CaptureQueriesContext(connections[using]) as captured:
        yield captured
    statements = [query["sql"] for query in captured.captured_queries]
    if len(statements) != expected:
        pytest.fail(
            f"{what}: {len(statements)} queries, expected {expected}.\n{listing(statements)}"
        )


def listing(statements: list[str]) -> str:
    """Every statement, numbered from 1."""
    if not statements:
        return "(no statement)"
    width = len(str(len(statements)))
    return "\n".join(f"{n:>{width}}. {sql}" for n, sql in enumerate(statements, start=1))


def _warm_content_types(using: str) -> None:
    ContentType.objects.db_manager(using).get_for_models(
        *apps.get_models(), for_concrete_models=False
    )


def _check(vendor: str, name: str, statements: list[str]) -> None:
    count = len(statements)
    earlier = _measured.get((vendor, name))
    if earlier is not None and len(earlier) != count:
        pytest.fail(
            f"{name}: {count} queries, {len(earlier)} when measured before in this run "
            f"(the count must not depend on the data).\n"
            f"Before:\n{listing(earlier)}\nNow:\n{listing(statements)}"
        )
    _measured[(vendor, name)] = statements
    if updating():
        _store(vendor, name, count)
        return
    expected = _load().get(vendor, {}).get(name)
    if expected == count:
        return
    where = f"tests/{BASELINE.name} ({vendor})"
    said = "has no count" if expected is None else f"says {expected}"
    pytest.fail(
        f"{name}: {count} queries, {where} {said}. If the change is meant, run the test again "
        f"with {UPDATE}=1 to record it.\n{listing(statements)}"
    )


def _unique_keys(pairs: list[tuple[str, object]]) -> dict:
    """A name given twice (two branches merged line by line) is refused: json would keep the
    last silently, and the count checked would not be the one reviewed."""
    counts: dict = {}
    for key, value in pairs:
        if key in counts:
            raise ValueError(f"{BASELINE}: {key!r} appears twice; keep one count")
        counts[key] = value
    return counts


def _parse(text: str) -> dict:
    return json.loads(text, object_pairs_hook=_unique_keys) if text.strip() else {}


def _load() -> dict[str, dict[str, int]]:
    global _baseline
    if _baseline is None:
        try:
            with open(BASELINE, encoding="utf-8") as file:
                fcntl.flock(file, fcntl.LOCK_SH)
                _baseline = _parse(file.read())
        except FileNotFoundError:
            _baseline = {}
    return _baseline


def _store(vendor: str, name: str, count: int) -> None:
    """Merge one count into the file, under an exclusive lock: other workers write too."""
    with open(BASELINE, "a+", encoding="utf-8") as file:
        fcntl.flock(file, fcntl.LOCK_EX)  # released when the file closes
        file.seek(0)
        text = file.read()
        counts = _parse(text)
        if counts.get(vendor, {}).get(name) == count:
            return
        counts.setdefault(vendor, {})[name] = count
        file.seek(0)
        file.truncate()
        file.write(json.dumps(counts, indent=2, sort_keys=True) + "\n")
        file.flush()
        os.fsync(file.fileno())
