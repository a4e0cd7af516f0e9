"""Writes of the reconciliation: an observation recorded (or its failure), its findings opened,
refreshed and resolved, and the one-step remedies a finding offers.

`observation_record` is the one entry point of every connector (API or file)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.actor import Actor, actor_row
from accounts.choices import ChangeAction
from accounts.history import history_bulk_record_changes, history_record
from channels_registry.models import Channel
from governance import events
from governance.reconciliation import findings
from governance.reconciliation.connectors import ConnectorFailure, Reading
from governance.reconciliation.matching import Matcher
from governance.reconciliation.models import (
    DriftFinding,
    Observation,
    ObservedHolder,
)


def channel_locked(channel: Channel) -> Channel:
    """The channel, locked: two readings of one channel reconcile one after the other."""
    return (
        Channel.objects.select_for_update(of=("self",))
        .select_related("platform")
        .get(pk=channel.pk)
    )


def _new_observation(*, actor: Actor, channel: Channel, now: dt.datetime, **fields) -> Observation:
    user, label = actor_row(actor)
    observation = Observation.objects.create(
        channel=channel, recorded_at=now, recorded_by=user, recorded_by_label=label, **fields
    )
    return observation


def _check_reading(reading: Reading) -> None:
    """One reading names each holder once (by platform id, else e-mail, else name)."""
    seen: set[str] = set()
    for holder in reading.holders:
        if not holder.name.strip() or not holder.role.strip():
            raise ValidationError(_("Every holder needs a name and a role."))
        key = holder.external_id or holder.email.lower() or " ".join(holder.name.split()).lower()
        if key in seen:
            raise ValidationError(
                _("%(name)s is listed twice in this reading.") % {"name": holder.name}
            )
        seen.add(key)


@transaction.atomic
def observation_record(
    *, actor: Actor, channel: Channel, reading: Reading, now: dt.datetime
) -> Observation:
    """Record what a connector saw on a channel, match its holders to people, and open,
    refresh or resolve the channel's drift findings; all of it or nothing."""
    _check_reading(reading)
    channel = channel_locked(channel)
    observation = _new_observation(
        actor=actor,
        channel=channel,
        now=now,
        seen_at=reading.seen_at,
        source=reading.source[:40],
        details=dict(reading.details),
    )
    matcher = Matcher(channel.platform, reading.holders)
    ObservedHolder.objects.bulk_create(
        [matcher.holder(seen, observation=observation) for seen in reading.holders],
        batch_size=1000,
    )
    history_record(
        actor=actor,
        obj=observation,
        action=ChangeAction.CREATE,
        changes={
            "source": [None, observation.source],
            "seen_at": [None, observation.seen_at.isoformat()],
            "holders": [None, len(reading.holders)],
        },
    )
    findings_reconcile(actor=actor, channel=channel, now=now)
    return observation


@transaction.atomic
def observation_failed(
    *,
    actor: Actor,
    channel: Channel,
    source: str,
    failure: ConnectorFailure,
    detail: str = "",
    now: dt.datetime,
) -> Observation:
    """Record that a connector could not read a channel: the channel shows why; its findings
    stay as the last good reading left them."""
    channel = channel_locked(channel)
    observation = _new_observation(
        actor=actor,
        channel=channel,
        now=now,
        seen_at=now,
        source=source[:40],
        failure=failure,
        detail=detail[:300],
    )
    history_record(
        actor=actor,
        obj=observation,
        action=ChangeAction.CREATE,
        changes={"source": [None, observation.source], "failure": [None, str(failure)]},
        message=detail,
    )
    return observation


def latest_observation(channel: Channel) -> Observation | None:
    """The channel's newest successful reading, the one its findings come from."""
    return (
        Observation.objects.succeeded()
        .filter(channel_id=channel.pk)
        .select_related("channel")
        .order_by("-seen_at", "-pk")
        .first()
    )


def findings_reconcile(*, actor: Actor, channel: Channel, now: dt.datetime) -> None:
    """Bring the channel's open findings in line with its newest reading: open those it shows
    for the first time, refresh those it still shows, resolve the others. Runs in the caller's
    transaction, with the channel locked; a bounded number of queries."""
    observation = latest_observation(channel)
    if observation is None:
        return
    expected = findings.expected_findings(observation, now)
    current = {
        (f.kind, f.subject_key): f
        for f in DriftFinding.objects.open().filter(channel_id=channel.pk).select_related("channel")
    }
    opened = [
        DriftFinding(
            channel=channel,
            kind=item.kind,
            subject_key=item.subject_key,
            holder_id=item.holder_id,
            grant_id=item.grant_id,
            person_id=item.person_id,
            observation=observation,
            first_seen_at=observation.seen_at,
            last_seen_at=observation.seen_at,
        )
        for key, item in expected.items()
        if key not in current
    ]
    refreshed = [
        _refresh(f, expected[key], observation) for key, f in current.items() if key in expected
    ]
    resolved = [f for key, f in current.items() if key not in expected]
    for finding in resolved:
        finding.resolved_at = now
    DriftFinding.objects.bulk_create(opened)
    DriftFinding.objects.bulk_update(
        refreshed, ["holder", "grant", "person", "observation", "last_seen_at"]
    )
    DriftFinding.objects.bulk_update(resolved, ["resolved_at"])
    _record_changes(actor, opened, resolved)
    events.drift_found(opened, now=now)


def _refresh(
    finding: DriftFinding, item: findings.Expected, observation: Observation
) -> DriftFinding:
    finding.holder_id = item.holder_id
    finding.grant_id = item.grant_id
    finding.person_id = item.person_id
    finding.observation = observation
    finding.last_seen_at = max(finding.last_seen_at, observation.seen_at)
    return finding


def _record_changes(actor: Actor, opened: list, resolved: list) -> None:
    history_bulk_record_changes(
        actor=actor,
        entries=[(f, {"kind": [None, f.kind], "subject": [None, f.subject_key]}) for f in opened],
        action=ChangeAction.CREATE,
        message=gettext_noop("Seen on the platform"),
    )
    history_bulk_record_changes(
        actor=actor,
        entries=[(f, {"resolved_at": [None, f.resolved_at.isoformat()]}) for f in resolved],
        action=ChangeAction.UPDATE,
        message=gettext_noop("No longer seen on the platform"),
    )
