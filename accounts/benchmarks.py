"""Pages the `benchmark` command measures. Upper apps register theirs in AppConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

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
