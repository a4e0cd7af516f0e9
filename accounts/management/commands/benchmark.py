"""Measure pages at a chosen organisation size: median and p95 time, and query count, side by
side with the Django admin's page of the same rows and with the page's own SQL replayed through
the database driver, interleaved (page, admin, SQL; page, admin, SQL…) so that a busy moment
slows all three alike. The ratios are the page's median over the other two's. "cold ms" is the
page with the cache emptied first, as after a change to the register (the dashboard's kept counts,
the header's task count are then counted again).

Runs in a throwaway test database, never in the one `make run` uses.
"""

from __future__ import annotations

import time

from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.demo import SIZES, build_organisation
from core.benchmarks import (
    BenchmarkPage,
    benchmark_pages,
    replay,
    replayable,
    summary,
    throwaway_database,
)

ADMIN = "admin@demo.gouvernail.test"
COLUMNS = (
    ("page", "<38"),
    ("median ms", ">10"),
    ("p95 ms", ">8"),
    ("queries", ">8"),
    ("admin ms", ">9"),
    ("x admin", ">8"),
    ("SQL ms", ">8"),
    ("x SQL", ">7"),
    ("cold ms", ">9"),
)
COLD = 4  # cold requests: the first (a new session) and three timed


class Command(BaseCommand):
    help = (
        "Benchmark every registered page on a generated organisation, beside the Django admin's "
        "page of the same rows and the page's own SQL."
    )

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
        self._row(*(name for name, _ in COLUMNS))
        clients: dict[str, Client] = {}
        for page in benchmark_pages:
            if only and page.name not in only:
                continue
            self._measure(page, org, repeat, clients)

    def _measure(self, page: BenchmarkPage, org, repeat: int, clients: dict[str, Client]) -> None:
        client = self._client(clients, org, page.as_user)
        admin = self._client(clients, org, ADMIN) if page.admin else None
        url, admin_url = page.url(org), page.admin(org) if page.admin else ""
        # Cold: what a request costs with nothing kept in the cache (the dashboard's counts, the
        # header's tasks), as after a change; the first request also warms up the session.
        cold = []
        for _ in range(COLD):
            cache.clear()
            cold.append(self._get(client, url, page.name))
        # The page's SQL, as every later request runs it.
        reset_queries()  # the query log keeps 9,000 entries: a full one would capture nothing
        with CaptureQueriesContext(connection) as captured:
            self._get(client, url, page.name)
        sql = replayable(captured.captured_queries)
        if admin:
            self._get(admin, admin_url, f"{page.name} (admin)")
        timings: dict[str, list[float]] = {"page": [], "admin": [], "sql": []}
        queries = 0
        for _ in range(repeat):
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                timings["page"].append(self._get(client, url, page.name))
            queries = len(captured)
            if admin:
                timings["admin"].append(self._get(admin, admin_url, f"{page.name} (admin)"))
            timings["sql"].append(replay(sql))
        median, p95 = summary(timings["page"])
        admin_ms = summary(timings["admin"])[0] if admin else None
        sql_ms = summary(timings["sql"])[0]
        self._row(
            page.name,
            f"{median:.1f}",
            f"{p95:.1f}",
            str(queries),
            f"{admin_ms:.1f}" if admin_ms else "",
            f"{median / admin_ms:.2f}" if admin_ms else "",
            f"{sql_ms:.1f}",
            f"{median / sql_ms:.1f}" if sql_ms else "",
            f"{summary(cold[1:])[0]:.1f}",
        )

    @staticmethod
    def _client(clients: dict[str, Client], org, email: str) -> Client:
        if email not in clients:
            clients[email] = Client()
            clients[email].force_login(org.accounts[email])
        return clients[email]

    @staticmethod
    def _get(client: Client, url: str, name: str) -> float:
        """Milliseconds to answer `url`, a streamed answer read to its end."""
        begin = time.perf_counter()
        response = client.get(url)
        if response.streaming:  # a streamed export does its work as it is read
            b"".join(response.streaming_content)
        elapsed = (time.perf_counter() - begin) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{name}: {url} answered {response.status_code}")
        return elapsed

    def _row(self, *cells: str) -> None:
        self.stdout.write(
            "".join(f"{cell:{align}}" for cell, (_, align) in zip(cells, COLUMNS, strict=True))
        )
