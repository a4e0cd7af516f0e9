"""The benchmark framework: the pages `manage.py benchmark` measures (each app registers its own
in AppConfig.ready()), a throwaway database, and the median and p95 of a run."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.test import override_settings
from django.test.utils import (
    setup_databases,
    setup_test_environment,
    teardown_databases,
    teardown_test_environment,
)

from core.registry import Registry


@dataclass(frozen=True)
class BenchmarkPage:
    name: str
    url: Callable[[Any], str]  # given the demo organisation
    as_user: str = "lead@demo.gouvernail.test"


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


def summary(timings_ms: list[float]) -> tuple[float, float]:
    """Median and 95th percentile of a list of timings."""
    ordered = sorted(timings_ms)
    return statistics.median(ordered), ordered[max(0, round(0.95 * len(ordered)) - 1)]
