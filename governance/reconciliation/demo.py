"""Demo drift: a few channels read from their platform, each showing the register wrong in its
own way, so that a new user sees the Platform tab at work in the first minute."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from accounts.choices import PersonStatus
from accounts.models import Person
from channels_registry.choices import PrivilegeLevel
from channels_registry.models import Channel, PlatformRole
from governance.choices import HOLDING_STATUSES, AccessMethod
from governance.models import AccessGrant
from governance.reconciliation.connectors import Reading, SeenHolder
from governance.reconciliation.models import Observation
from governance.reconciliation.services import observation_record


def _as_seen(grant: AccessGrant, role: str | None = None) -> SeenHolder:
    return SeenHolder(
        name=grant.person.full_name,
        role=role or grant.role.name,
        email=grant.person.email,
        two_factor=True,
    )


def _holding(channel: Channel) -> list[AccessGrant]:
    return list(
        AccessGrant.objects.filter(
            channel=channel, status__in=HOLDING_STATUSES, access_method=AccessMethod.PERSONAL
        ).select_related("person", "role")
    )


def _role(channel: Channel, level: str) -> str:
    role = PlatformRole.objects.filter(platform_id=channel.platform_id, privilege_level=level)
    first = role.order_by("order").first()
    return first.name if first else ""


def _drifted(index: int, channel: Channel, grants, now: dt.datetime) -> list[SeenHolder]:
    """What the platform lists on the index-th demo channel: the register, changed."""
    seen = [_as_seen(g) for g in grants]
    admin = _role(channel, PrivilegeLevel.ADMIN)
    if not admin:
        return seen
    if index == 0:
        seen.append(SeenHolder("Agency Bot", admin, external_id="100200300"))
        held = [g.person_id for g in grants]
        leaver = (
            Person.objects.exclude(status=PersonStatus.ACTIVE)
            .exclude(pk__in=held)
            .order_by("pk")
            .first()
        )
        if leaver is not None:
            seen.append(SeenHolder(leaver.full_name, admin, email=leaver.email))
    elif index == 1 and len(grants) > 2:
        seen.pop()  # the last grant: on paper only
        lower = [n for n, g in enumerate(grants[:-1]) if g.role.privilege_level != "admin"]
        if lower:  # and one role higher than granted
            seen[lower[0]] = _as_seen(grants[lower[0]], admin)
    elif index == 2:
        invited = now - dt.timedelta(days=10)
        seen.append(
            SeenHolder("Sam Freelance", admin, email="sam@freelance.test", invited_at=invited)
        )
    return seen


def build_drift(org, rng: random.Random) -> None:
    """Read three live channels with drift and one that agrees (once)."""
    if Observation.objects.exists():
        return
    now = timezone.now()
    channels = (
        Channel.objects.filter(status="active", login_model="individual")
        .select_related("platform")
        .order_by("pk")[:4]
    )
    for index, channel in enumerate(channels):
        holders = _drifted(index, channel, _holding(channel), now)
        reading = Reading(
            seen_at=now - dt.timedelta(hours=index), holders=tuple(holders), source="file"
        )
        observation_record(actor=None, channel=channel, reading=reading, now=now)
