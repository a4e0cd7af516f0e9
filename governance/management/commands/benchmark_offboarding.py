"""Time the start of an off-boarding for a person holding many grants (bulk writes)."""

from __future__ import annotations

import datetime as dt
import time

from django.core.management.base import BaseCommand
from django.db import connection, reset_queries, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.demo import build_organisation
from accounts.models import Person
from channels_registry.models import Channel, PlatformRole
from core.benchmarks import summary, throwaway_database
from governance.models import AccessGrant
from governance.services import offboarding_start


class Command(BaseCommand):
    help = "Off-board people holding N grants each on the enterprise organisation; print median, p95, queries."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--grants", type=int, default=300)
        parser.add_argument("--repeat", type=int, default=5)

    def handle(self, *args, grants: int, repeat: int, **options) -> None:
        with throwaway_database():
            org = build_organisation("enterprise", password="benchmark-only-pass")
            lead = org.accounts["lead@demo.gouvernail.test"]
            channels = list(Channel.objects.exclude(status="archived").order_by("pk")[:grants])
            roles = {r.platform_id: r for r in PlatformRole.objects.order_by("-order")}
            timings, queries = [], 0
            for run in range(repeat):
                person = Person.objects.create(
                    first_name="Leaver", last_name=str(run), email=f"leaver{run}@bench.test"
                )
                AccessGrant.objects.bulk_create(
                    AccessGrant(
                        channel=c, person=person, role=roles[c.platform_id], justification="bench"
                    )
                    for c in channels
                )
                reset_queries()  # the query log keeps 9,000 entries; start it empty
                # The notices go out after commit, in a worker in production: not measured here.
                with transaction.atomic(), CaptureQueriesContext(connection) as captured:
                    begin = time.perf_counter()
                    offboarding_start(
                        actor=lead,
                        person=person,
                        last_day=timezone.localdate() + dt.timedelta(days=7),
                    )
                    timings.append((time.perf_counter() - begin) * 1000)
                queries = len(captured)
            median, p95 = summary(timings)
            self.stdout.write(
                f"Off-boarding a person with {len(channels)} grants on {connection.vendor}: "
                f"median {median:.1f} ms, p95 {p95:.1f} ms, {queries} queries ({repeat} runs)"
            )
