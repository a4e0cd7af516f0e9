"""What the register and the newest observations of a batch of channels disagree on, computed
by the database.

One query reads the observations' holders, each with what the register says of the same person
on the same channel (the grants looked up by the database), and one the channels' grants: a
constant number of queries per batch, whatever the number of channels and holders. The result is a set of
`Expected` findings keyed by (channel, kind, subject); services.py turns it into opened,
refreshed and resolved rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import (
    Case,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

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
    channel_id: int = 0
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


def _annotated_holders(observations: Sequence[Observation]) -> QuerySet:
    """The observations' holders with what the register says of the same person there."""
    # No ordering but the one asked for: the grants' default order joins four tables.
    grants = AccessGrant.objects.filter(
        channel_id=OuterRef("observation__channel_id"), person_id=OuterRef("person_id")
    ).order_by()
    holding = grants.filter(status__in=HOLDING_STATUSES)
    revoked = (
        grants.filter(status=GrantStatus.REVOKED)
        .exclude(revocation_reason=RevocationReason.ROLE_CHANGE)
        .order_by("-revoked_at", "-pk")
    )
    return ObservedHolder.objects.filter(observation__in=[o.pk for o in observations]).annotate(
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


# Each kind a holder can show, in the order they are looked for, with the grant it concerns.
_HOLDER_KINDS = (
    (FindingKind.REVOKED_PRESENT, "revoked_grant"),
    (FindingKind.HOLDER_GONE, "holding_grant"),
    (FindingKind.UNKNOWN_HOLDER, None),
    (FindingKind.ROLE_HIGHER, "holding_grant"),
    (FindingKind.STALE_INVITATION, None),
)


def _kinds(row, stale_before: dt.datetime) -> dict[str, bool]:
    """Which kinds one holder shows, from what the database said of it."""
    # The register knew this person here, revoked them, and the platform still lists them.
    revoked_present = (
        row.person_id is not None and row.holding_grant is None and row.revoked_grant is not None
    )
    gone = row.person__status in GONE
    return {
        FindingKind.REVOKED_PRESENT: revoked_present,
        FindingKind.HOLDER_GONE: gone and not revoked_present,
        FindingKind.UNKNOWN_HOLDER: row.person_id is None
        or (row.holding_grant is None and row.revoked_grant is None and not gone),
        FindingKind.ROLE_HIGHER: row.seen_rank is not None
        and row.granted_rank is not None
        and row.granted_rank > row.seen_rank,
        FindingKind.STALE_INVITATION: row.invited_at is not None and row.invited_at < stale_before,
    }


def _may_show(stale_before: dt.datetime) -> Q:
    """The holders that may show a finding (most match a grant and show none): the database
    leaves the others out. `_kinds` then tells which."""
    return (
        Q(person_id__isnull=True)
        | Q(holding_grant__isnull=True)
        | Q(person__status__in=GONE)
        | Q(granted_rank__gt=F("seen_rank"))
        | Q(invited_at__lt=stale_before)
    )


def _holder_findings(observations: Sequence[Observation], now: dt.datetime) -> list[Expected]:
    """One query reads every holder with what the register says of the same person on the same
    channel (looked up by the database); the kinds are told apart from those facts."""
    channels = {o.pk: o.channel_id for o in observations}
    rows = (
        _annotated_holders(observations)
        .order_by("pk")
        .values_list(
            "pk",
            "observation_id",
            "person_id",
            "person__status",
            "external_id",
            "name",
            "invited_at",
            "holding_grant",
            "granted_rank",
            "revoked_grant",
            "seen_rank",
            named=True,
        )
    )
    stale_before = now - STALE_INVITATION
    shown = [(row, _kinds(row, stale_before)) for row in rows.filter(_may_show(stale_before))]
    return [
        Expected(
            kind,
            _subject(row.person_id, row.external_id, row.name),
            channel_id=channels[row.observation_id],
            holder_id=row.pk,
            grant_id=getattr(row, grant) if grant else None,
            person_id=row.person_id,
        )
        for kind, grant in _HOLDER_KINDS
        for row, kinds in shown
        if kinds[kind]
    ]


def _paper_only(observations: Sequence[Observation]) -> list[Expected]:
    """Active personal grants whose person the platform does not list. Shared credentials and
    tools log in as one account: their holders never appear on the platform by name.

    Each grant is looked up in its channel's newest observation only (one index probe, however
    long the channel's history of observations)."""
    newest = Case(
        *(When(channel_id=o.channel_id, then=Value(o.pk)) for o in observations),
        output_field=IntegerField(),
    )
    seen = ObservedHolder.objects.filter(
        observation_id=OuterRef("newest"), person_id=OuterRef("person_id")
    )
    grants = (
        AccessGrant.objects.active()
        .filter(
            channel_id__in=[o.channel_id for o in observations],
            access_method=AccessMethod.PERSONAL,
        )
        .annotate(newest=newest)
        .exclude(Exists(seen))
        .order_by("pk")
        .values_list("pk", "channel_id", "person_id")
    )
    return [
        Expected(
            FindingKind.PAPER_ONLY,
            f"grant:{pk}",
            channel_id=channel_id,
            grant_id=pk,
            person_id=person_id,
        )
        for pk, channel_id, person_id in grants
    ]


def _admin_findings(observations: Sequence[Observation]) -> list[Expected]:
    """Fewer than two real admins (an invitation is not one yet), and the business owner or the
    2FA holder not among them."""
    admins: dict[int, list[int | None]] = {o.pk: [] for o in observations}
    for observation_id, person_id in ObservedHolder.objects.filter(
        observation__in=list(admins),
        role__privilege_level=PrivilegeLevel.ADMIN,
        invited_at__isnull=True,
    ).values_list("observation_id", "person_id"):
        admins[observation_id].append(person_id)
    found = []
    for observation in observations:
        channel, here = observation.channel, admins[observation.pk]
        if len(here) < 2:
            found.append(Expected(FindingKind.SINGLE_ADMIN, "", channel_id=channel.pk))
        for person_id in dict.fromkeys((channel.business_owner_id, channel.two_factor_holder_id)):
            if person_id is not None and person_id not in here:
                found.append(
                    Expected(
                        FindingKind.OWNER_NOT_ADMIN,
                        f"person:{person_id}",
                        channel_id=channel.pk,
                        person_id=person_id,
                    )
                )
    return found


def expected_findings(
    observations: Sequence[Observation], now: dt.datetime
) -> dict[tuple[int, str, str], Expected]:
    """Every finding the newest `observations` (one per channel, each with its `channel`) show,
    by (channel, kind, subject): the first one of a subject wins (two platform accounts of the
    same person make one finding). Three queries, whatever the number of channels and holders."""
    found: dict[tuple[int, str, str], Expected] = {}
    if not observations:
        return found
    for item in (
        *_holder_findings(observations, now),
        *_paper_only(observations),
        *_admin_findings(observations),
    ):
        found.setdefault((item.channel_id, item.kind, item.subject_key), item)
    return found
