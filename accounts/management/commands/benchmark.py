"""Measure pages at a chosen organisation size: median and p95 time, and query count.

Runs in a throwaway test database, never in the one `make run` uses.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.demo import SIZES, build_organisation
from core.benchmarks import benchmark_pages, summary, throwaway_database


class Command(BaseCommand):
    help = "Benchmark every registered page on a generated organisation (demo or enterprise)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--size", choices=sorted(SIZES), default="enterprise")
        parser.add_argument("--repeat", type=int, default=20)
        parser.add_argument("--page", action="append", help="Only these page names.")

    def handle(self, *args, size: str, repeat: int, page: list[str] | None, **options) -> None:
        with throwaway_database():
            self._run(size, repeat, page)

    def _run(self, size: str, repeat: int, only: list[str] | None) -> None:
        started = time.perf_counter()
        org = build_organisation(size, password="benchmark-only-pass")
        self.stdout.write(
            f"Organisation '{size}' built in {time.perf_counter() - started:.1f}s "
            f"({len(org.people)} people) on {connection.vendor}."
        )
        self.stdout.write(f"{'page':<32}{'median ms':>10}{'p95 ms':>10}{'queries':>9}")
        clients: dict[str, Client] = {}
        for page in benchmark_pages:
            if only and page.name not in only:
                continue
            client = clients.get(page.as_user)
            if client is None:
                client = clients[page.as_user] = Client()
                client.force_login(org.accounts[page.as_user])
            url = page.url(org)
            client.get(url)  # warm-up: first request of a session records it
            timings = []
            queries = 0
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as captured:
                    begin = time.perf_counter()
                    response = client.get(url)
                    if response.streaming:  # a streamed export does its work as it is read
                        b"".join(response.streaming_content)
                    timings.append((time.perf_counter() - begin) * 1000)
                if response.status_code != 200:
                    raise SystemExit(f"{page.name}: {url} answered {response.status_code}")
                queries = len(captured)
            median, p95 = summary(timings)
            self.stdout.write(f"{page.name:<32}{median:>10.1f}{p95:>10.1f}{queries:>9}")
