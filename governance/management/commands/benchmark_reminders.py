"""Time the reminder sweep over 100,000 grants of which 10,000 are due (expiring soon)."""

from __future__ import annotations

import datetime as dt
import random
import time

from django.core.management.base import BaseCommand
from django.db import connection, reset_queries, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.demo import build_organisation
from accounts.models import Person
from channels_registry.models import Channel, PlatformRole
from core.benchmarks import summary, throwaway_database
from governance.models import AccessGrant, Reminder
from governance.reminders.engine import sweep


class Command(BaseCommand):
    help = "Build 100,000 grants with 10,000 due items and time the reminder sweep (median, p95, queries)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--grants", type=int, default=100_000)
        parser.add_argument("--due", type=int, default=10_000)
        parser.add_argument("--repeat", type=int, default=3)

    def handle(self, *args, grants: int, due: int, repeat: int, **options) -> None:
        with throwaway_database():
            build_organisation("enterprise", password="benchmark-only-pass")
            self._grow(grants, due)
            timings, queries, rows = [], 0, 0
            for run in range(repeat):
                Reminder.objects.all().delete()  # each run starts from an empty outbox
                reset_queries()
                with transaction.atomic(), CaptureQueriesContext(connection) as captured:
                    begin = time.perf_counter()
                    sweep(now=timezone.now() + dt.timedelta(minutes=run))
                    timings.append((time.perf_counter() - begin) * 1000)
                queries = len(captured)
                rows = Reminder.objects.count()
            median, p95 = summary(timings)
            self.stdout.write(
                f"Sweep over {AccessGrant.objects.count()} grants ({due} expiring soon) on {connection.vendor}: "
                f"median {median:.0f} ms, p95 {p95:.0f} ms, {queries} queries, {rows} reminders written"
            )

    def _grow(self, total: int, due: int) -> None:
        rng = random.Random(11)
        today = timezone.localdate()
        channels = list(Channel.objects.exclude(status="archived").values_list("pk", "platform_id"))
        people = list(
            Person.objects.filter(status="active", partner__isnull=True).values_list(
                "pk", flat=True
            )
        )
        roles = {}
        for role in PlatformRole.objects.order_by("order"):
            roles.setdefault(role.platform_id, []).append(role.pk)
        taken = set(AccessGrant.objects.values_list("channel_id", "person_id"))
        batch, made = [], AccessGrant.objects.count()
        while made < total:
            channel_id, platform_id = rng.choice(channels)
            person_id = rng.choice(people)
            if (channel_id, person_id) in taken:
                continue
            taken.add((channel_id, person_id))
            expiring = made % max(1, total // due) == 0
            batch.append(
                AccessGrant(
                    channel_id=channel_id,
                    person_id=person_id,
                    role_id=rng.choice(roles[platform_id]),
                    justification="benchmark",
                    expires_on=today + dt.timedelta(days=rng.randint(1, 14)) if expiring else None,
                )
            )
            made += 1
            if len(batch) == 5000:
                AccessGrant.objects.bulk_create(batch)
                batch = []
        AccessGrant.objects.bulk_create(batch)
