"""Pages the `benchmark` command measures. Upper apps register theirs in AppConfig.ready()."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.test import override_settings
from django.test.utils import (
    setup_databases,
    setup_test_environment,
    teardown_databases,
    teardown_test_environment,
)
from django.urls import reverse

from accounts.demo import Organisation


@dataclass(frozen=True)
class BenchmarkPage:
    name: str
    url: Callable[[Organisation], str]
    as_user: str = "lead@demo.gouvernail.test"


_pages: list[BenchmarkPage] = []


def register_benchmark_page(page: BenchmarkPage) -> None:
    if all(existing.name != page.name for existing in _pages):
        _pages.append(page)


def benchmark_pages() -> list[BenchmarkPage]:
    return list(_pages)


for _name in ("home", "profile"):
    register_benchmark_page(BenchmarkPage(_name, lambda org, name=_name: reverse(name)))
# The home page is the leads' dashboard; team members get their tasks and channels.
register_benchmark_page(
    BenchmarkPage("home (team member)", lambda org: reverse("home"), "member@demo.gouvernail.test")
)


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
