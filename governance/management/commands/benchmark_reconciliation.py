"""Time the reconciliation at enterprise scale: 300 channels, 50 holders seen on each, read in
batches of channels (as the scheduled sync hands them over), against the enterprise register.

Each channel's register is topped up to 44 personal grants (the enterprise builder gives about
20), so that most holders seen match a grant. What each platform lists: 42 of the grants as
recorded (two of them with a role higher than granted, two left off: on paper only), two
leavers, five accounts nobody recorded (platform ids) and one pending invitation. The first
round opens the findings, the next ones (a day later each) refresh them."""

from __future__ import annotations

import datetime as dt
import random
import time

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.choices import PersonStatus
from accounts.demo import build_organisation
from accounts.models import Person
from channels_registry.choices import PrivilegeLevel
from channels_registry.models import Channel, PlatformRole
from core.benchmarks import summary, throwaway_database
from governance.choices import HOLDING_STATUSES, AccessMethod
from governance.models import AccessGrant
from governance.reconciliation.connectors import Reading, SeenHolder
from governance.reconciliation.models import DriftFinding, Observation
from governance.reconciliation.services import observations_record

GRANTS_PER_CHANNEL = 44
WEEK = dt.timedelta(days=7)


def _top_up(channels: list[Channel], rng: random.Random) -> None:
    """Give each channel GRANTS_PER_CHANNEL holding personal grants (setup, not measured)."""
    people = list(Person.objects.filter(status=PersonStatus.ACTIVE).values_list("pk", flat=True))
    roles: dict[int, list[PlatformRole]] = {}
    for role in PlatformRole.objects.order_by("order"):
        roles.setdefault(role.platform_id, []).append(role)
    holding: dict[int, set[int]] = {}
    personal: dict[int, int] = {}
    for channel_id, person_id, method in AccessGrant.objects.filter(
        status__in=HOLDING_STATUSES
    ).values_list("channel_id", "person_id", "access_method"):
        holding.setdefault(channel_id, set()).add(person_id)
        personal[channel_id] = personal.get(channel_id, 0) + (method == AccessMethod.PERSONAL)
    new = []
    for channel in channels:
        held = holding.get(channel.pk, set())
        extra = [p for p in rng.sample(people, 200) if p not in held]
        for person_id in extra[: max(0, GRANTS_PER_CHANNEL - personal.get(channel.pk, 0))]:
            new.append(
                AccessGrant(
                    channel=channel,
                    person_id=person_id,
                    role=rng.choice(roles[channel.platform_id][1:] or roles[channel.platform_id]),
                    justification="benchmark",
                )
            )
    AccessGrant.objects.bulk_create(new, batch_size=2000)


def _seen(grant: AccessGrant, role: str | None = None) -> SeenHolder:
    return SeenHolder(grant.person.full_name, role or grant.role.name, email=grant.person.email)


def _reading(channel: Channel, grants, admin: str, leavers, at: dt.datetime) -> Reading:
    """What the platform lists on the channel: 50 holders, most of them the register's."""
    recorded = [g for g in grants if g.access_method == AccessMethod.PERSONAL][:44]
    seen = [_seen(g) for g in recorded[:40]]
    seen += [_seen(g, admin) for g in recorded[40:42]]  # higher than granted
    listed = {g.person_id for g in recorded}
    seen += [SeenHolder(p.full_name, admin, email=p.email) for p in leavers if p.pk not in listed]
    seen += [SeenHolder(f"Agency {n}", admin, external_id=f"{channel.pk}-{n}") for n in range(5)]
    seen.append(
        SeenHolder("Invited Freelance", admin, email="free@lance.test", invited_at=at - WEEK)
    )
    return Reading(seen_at=at, holders=tuple(seen), source="benchmark")


def build_readings(channels: list[Channel], at: dt.datetime) -> list:
    """(channel, Reading) for every channel, read from the register as it stands."""
    grants: dict[int, list[AccessGrant]] = {}
    for grant in (
        AccessGrant.objects.filter(channel__in=channels, status__in=HOLDING_STATUSES)
        .select_related("person", "role")
        .order_by("pk")
    ):
        grants.setdefault(grant.channel_id, []).append(grant)
    admins = dict(
        PlatformRole.objects.filter(privilege_level=PrivilegeLevel.ADMIN)
        .order_by("-order")
        .values_list("platform_id", "name")
    )
    gone = list(Person.objects.exclude(status=PersonStatus.ACTIVE).order_by("pk"))
    return [
        (
            channel,
            _reading(
                channel,
                grants.get(channel.pk, []),
                admins[channel.platform_id],
                [gone[(2 * channel.pk + n) % len(gone)] for n in range(2)],
                at,
            ),
        )
        for channel in channels
    ]


class Command(BaseCommand):
    help = "Reconcile 300 channels of 50 holders in batches; print median, p95, queries per batch."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--channels", type=int, default=300)
        parser.add_argument("--batch", type=int, default=50)
        parser.add_argument("--rounds", type=int, default=3)

    def handle(self, *args, channels: int, batch: int, rounds: int, **options) -> None:
        with throwaway_database():
            self._run(channels, batch, rounds)

    def _run(self, count: int, batch: int, rounds: int) -> None:
        rng = random.Random(19)
        build_organisation("enterprise", password="benchmark-only-pass")
        channels = list(Channel.objects.select_related("platform").order_by("pk")[:count])
        _top_up(channels, rng)
        for model in (Observation, DriftFinding):  # as in a worker that has recorded before
            ContentType.objects.get_for_model(model)
        start = timezone.now()
        self.stdout.write(
            f"Reconciling {len(channels)} channels in batches of {batch} on {connection.vendor}."
        )
        self.stdout.write(
            f"{'round':<28}{'total s':>9}{'median ms':>10}{'p95 ms':>10}{'queries':>9}"
            f"{'py cpu s':>10}{'db s':>8}"
        )
        for number in range(rounds):
            at = start + dt.timedelta(days=number)
            readings = build_readings(channels, at)
            holders = sum(len(reading.holders) for _channel, reading in readings)
            timings, queries, cpu, database = [], set(), 0.0, 0.0
            for first in range(0, len(readings), batch):
                reset_queries()
                with CaptureQueriesContext(connection) as captured:
                    begin, begin_cpu = time.perf_counter(), time.process_time()
                    observations_record(
                        actor=None, readings=readings[first : first + batch], now=at
                    )
                    timings.append((time.perf_counter() - begin) * 1000)
                    cpu += time.process_time() - begin_cpu
                queries.add(len(captured))
                database += sum(float(query["time"]) for query in captured.captured_queries)
            median, p95 = summary(timings)
            label = f"{'first reading' if number == 0 else 'next reading'} ({holders} held)"
            self.stdout.write(
                f"{label:<28}{sum(timings) / 1000:>9.2f}{median:>10.1f}{p95:>10.1f}"
                f"{'/'.join(map(str, sorted(queries))):>9}{cpu:>10.2f}{database:>8.2f}"
            )
        self.stdout.write(f"Open findings: {DriftFinding.objects.open().count()}")
