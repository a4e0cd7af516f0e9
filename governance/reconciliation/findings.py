"""What the register and one observation disagree on, computed by the database.

Each kind is one query over the observation's holders (annotated with what the register says
of the same person on the same channel) or over the channel's grants: a bounded number of
queries per channel, whatever the number of holders. The result is a set of `Expected`
findings keyed by (kind, subject); services.py turns it into opened, refreshed and resolved
rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When

from channels_registry.choices import PRIVILEGE_RANK, PrivilegeLevel
from channels_registry.risk import GONE
from governance.choices import HOLDING_STATUSES, AccessMethod, GrantStatus, RevocationReason
from governance.models import AccessGrant
from governance.reconciliation.choices import FindingKind
from governance.reconciliation.models import Observation, ObservedHolder

# An invitation nobody accepted within this delay is a finding.
STALE_INVITATION = dt.timedelta(days=7)


@dataclass(frozen=True)
class Expected:
    """A finding the observation shows: its kind, its subject, and what it concerns."""

    kind: str
    subject_key: str
    holder_id: int | None = None
    grant_id: int | None = None
    person_id: int | None = None


def _rank(field: str) -> Case:
    """A privilege level as its rank (0 for admin): lower is more powerful."""
    return Case(
        *(When(**{field: level}, then=Value(rank)) for level, rank in PRIVILEGE_RANK.items()),
        default=Value(None),
        output_field=IntegerField(),
    )


def _annotated_holders(observation: Observation) -> QuerySet:
    """The observation's holders with what the register says of the same person there."""
    grants = AccessGrant.objects.filter(
        channel_id=observation.channel_id, person_id=OuterRef("person_id")
    )
    holding = grants.filter(status__in=HOLDING_STATUSES)
    revoked = (
        grants.filter(status=GrantStatus.REVOKED)
        .exclude(revocation_reason=RevocationReason.ROLE_CHANGE)
        .order_by("-revoked_at", "-pk")
    )
    return ObservedHolder.objects.filter(observation=observation).annotate(
        holding_grant=Subquery(holding.values("pk")[:1]),
        granted_rank=Subquery(
            holding.filter(status=GrantStatus.ACTIVE)
            .annotate(rank=_rank("role__privilege_level"))
            .values("rank")[:1]
        ),
        revoked_grant=Subquery(revoked.values("pk")[:1]),
        seen_rank=_rank("role__privilege_level"),
    )


def _subject(person_id: int | None, external_id: str, name: str) -> str:
    if person_id is not None:
        return f"person:{person_id}"
    return f"id:{external_id}" if external_id else f"name:{name.strip().lower()}"[:220]


def _from_holders(kind: str, queryset: QuerySet, grant: str | None = None) -> list[Expected]:
    fields = ["pk", "person_id", "external_id", "name", *([grant] if grant else [])]
    return [
        Expected(
            kind,
            _subject(row["person_id"], row["external_id"], row["name"]),
            holder_id=row["pk"],
            grant_id=row[grant] if grant else None,
            person_id=row["person_id"],
        )
        for row in queryset.order_by("pk").values(*fields)
    ]


def _holder_findings(observation: Observation, now: dt.datetime) -> list[Expected]:
    holders = _annotated_holders(observation)
    # The register knew this person here, revoked them, and the platform still lists them.
    revoked_present = Q(person__isnull=False, holding_grant__isnull=True) & Q(
        revoked_grant__isnull=False
    )
    return [
        *_from_holders(
            FindingKind.REVOKED_PRESENT, holders.filter(revoked_present), "revoked_grant"
        ),
        *_from_holders(
            FindingKind.HOLDER_GONE,
            holders.filter(person__status__in=GONE).exclude(revoked_present),
            "holding_grant",
        ),
        *_from_holders(
            FindingKind.UNKNOWN_HOLDER,
            holders.filter(
                Q(person__isnull=True)
                | Q(holding_grant__isnull=True, revoked_grant__isnull=True)
                & ~Q(person__status__in=GONE)
            ),
        ),
        *_from_holders(
            FindingKind.ROLE_HIGHER,
            holders.filter(seen_rank__isnull=False, granted_rank__gt=F("seen_rank")),
            "holding_grant",
        ),
        *_from_holders(
            FindingKind.STALE_INVITATION,
            holders.filter(invited_at__lt=now - STALE_INVITATION),
        ),
    ]


def _paper_only(observation: Observation) -> list[Expected]:
    """Active personal grants whose person the platform does not list. Shared credentials and
    tools log in as one account: their holders never appear on the platform by name."""
    seen = ObservedHolder.objects.filter(observation=observation, person__isnull=False)
    grants = (
        AccessGrant.objects.active()
        .filter(channel_id=observation.channel_id, access_method=AccessMethod.PERSONAL)
        .exclude(person_id__in=seen.values("person_id"))
        .order_by("pk")
        .values_list("pk", "person_id")
    )
    return [
        Expected(FindingKind.PAPER_ONLY, f"grant:{pk}", grant_id=pk, person_id=person_id)
        for pk, person_id in grants
    ]


def _admin_findings(observation: Observation) -> list[Expected]:
    """Fewer than two real admins (an invitation is not one yet), and the business owner or the
    2FA holder not among them."""
    channel = observation.channel
    admins = list(
        ObservedHolder.objects.filter(
            observation=observation,
            role__privilege_level=PrivilegeLevel.ADMIN,
            invited_at__isnull=True,
        ).values_list("person_id", flat=True)
    )
    found = []
    if len(admins) < 2:
        found.append(Expected(FindingKind.SINGLE_ADMIN, ""))
    for person_id in dict.fromkeys((channel.business_owner_id, channel.two_factor_holder_id)):
        if person_id is not None and person_id not in admins:
            found.append(
                Expected(FindingKind.OWNER_NOT_ADMIN, f"person:{person_id}", person_id=person_id)
            )
    return found


def expected_findings(
    observation: Observation, now: dt.datetime
) -> dict[tuple[str, str], Expected]:
    """Every finding `observation` shows, by (kind, subject): the first one of a subject wins
    (two platform accounts of the same person make one finding)."""
    found: dict[tuple[str, str], Expected] = {}
    for item in (
        *_holder_findings(observation, now),
        *_paper_only(observation),
        *_admin_findings(observation),
    ):
        found.setdefault((item.kind, item.subject_key), item)
    return found
