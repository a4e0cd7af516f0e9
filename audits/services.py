"""Writes of the audits app: audits and their scores, findings, criteria, peers, evaluations.

Each runs in one transaction with its history rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.actor import Actor, actor_user
from accounts.choices import ChangeAction
from accounts.history import (
    history_bulk_record_changes,
    history_record,
    save_with_history,
)
from accounts.models import Person
from audits.choices import NEXT_EVALUATION_MONTHS, AuditStatus, EvaluationDecision, FindingStatus
from audits.models import (
    Audit,
    ChannelAssessment,
    Criterion,
    CriterionScore,
    Finding,
    Peer,
    PeerMetric,
    PlatformEvaluation,
)
from channels_registry.choices import ChannelStatus, PlatformStance
from channels_registry.models import Channel, Platform
from channels_registry.services import channel_create

AUDIT_FIELDS = ("title", "conducted_on", "auditor", "summary")
METRIC_FIELDS = (
    "followers",
    "posts_last_30_days",
    "engagement_rate",
    "median_response_hours",
    "last_post_on",
    "note",
)
FINDING_FIELDS = ("severity", "observed", "recommendation", "status")
CRITERION_FIELDS = ("name", "description", "weight", "order", "active")
PEER_FIELDS = ("name", "website", "notes")
PEER_METRIC_FIELDS = (
    "platform",
    "handle",
    "measured_on",
    "followers",
    "posts_last_30_days",
    "engagement_rate",
)
EVALUATION_FIELDS = (
    "platform",
    "evaluated_on",
    "evaluator",
    "decision",
    "rationale",
    "audience",
    "peers",
    "objectives",
    "effort",
    "cost",
    "next_evaluation_on",
)
STANCE_OF: dict[str, str] = {
    EvaluationDecision.ADOPT: PlatformStance.ADOPTED,
    EvaluationDecision.NOT_NOW: PlatformStance.NOT_NOW,
    EvaluationDecision.LISTEN_ONLY: PlatformStance.LISTEN_ONLY,
    EvaluationDecision.RETIRE: PlatformStance.RETIRED,
}


def _locked(audit: Audit) -> Audit:
    return Audit.objects.select_for_update().get(pk=audit.pk)


def _editable(audit: Audit) -> None:
    if audit.status == AuditStatus.COMPLETED:
        raise ValidationError(
            _("This audit is completed: its scores and scope are kept as they are.")
        )


def _set_scope(*, actor: Actor, audit: Audit, channels) -> None:
    wanted = {channel.pk for channel in channels}
    current = dict(audit.assessments.values_list("channel_id", "pk"))
    removed = set(current) - wanted
    if removed:
        kept = ChannelAssessment.objects.filter(pk__in=[current[c] for c in removed])
        empty = Q(scores__isnull=True, note="") & Q(
            **{f"{name}__isnull": True for name in METRIC_FIELDS if name != "note"}
        )
        holding = kept.exclude(empty).distinct().select_related("channel")
        if holding.exists():
            raise ValidationError(
                {
                    "channels": _("A channel already assessed stays in the audit: %(channels)s.")
                    % {"channels": ", ".join(sorted({a.channel.name for a in holding}))}
                }
            )
        kept.delete()  # empty rows: nothing was recorded in them
    added = [c for c in channels if c.pk not in current]
    ChannelAssessment.objects.bulk_create(
        [ChannelAssessment(audit=audit, channel=channel) for channel in added]
    )
    if added or removed:
        names = dict(Channel.objects.filter(pk__in=removed).values_list("pk", "name"))
        history_record(
            actor=actor,
            obj=audit,
            action=ChangeAction.UPDATE,
            changes={
                "channels added": [None, sorted(c.name for c in added)],
                "channels removed": [sorted(names.values()), None],
            },
        )


@transaction.atomic
def audit_create(*, actor: Actor, channels, **data: Any) -> Audit:
    """Prepare an audit of some channels: one assessment per channel, to be scored."""
    if not channels:
        raise ValidationError({"channels": _("Choose the channels this audit covers.")})
    audit = save_with_history(
        actor=actor,
        instance=Audit(created_by=actor_user(actor)),
        fields=AUDIT_FIELDS,
        data=data,
    )
    ChannelAssessment.objects.bulk_create(
        [ChannelAssessment(audit=audit, channel=channel) for channel in channels]
    )
    history_record(
        actor=actor,
        obj=audit,
        action=ChangeAction.UPDATE,
        changes={"channels": [None, sorted(channel.name for channel in channels)]},
    )
    return audit


@transaction.atomic
def audit_update(*, actor: Actor, audit: Audit, channels=None, **data: Any) -> Audit:
    audit = _locked(audit)
    _editable(audit)
    if channels is not None:
        if not channels:
            raise ValidationError({"channels": _("Choose the channels this audit covers.")})
        _set_scope(actor=actor, audit=audit, channels=list(channels))
    return save_with_history(actor=actor, instance=audit, fields=AUDIT_FIELDS, data=data)


@transaction.atomic
def audit_start(*, actor: Actor, audit: Audit) -> Audit:
    audit = _locked(audit)
    if audit.status != AuditStatus.DRAFT:
        raise ValidationError(_("Only a draft audit can start."))
    audit.status = AuditStatus.IN_PROGRESS
    audit.save(update_fields=["status", "updated_at"])
    history_record(
        actor=actor,
        obj=audit,
        action=ChangeAction.UPDATE,
        changes={"status": [AuditStatus.DRAFT, AuditStatus.IN_PROGRESS]},
    )
    return audit


@transaction.atomic
def audit_complete(*, actor: Actor, audit: Audit) -> Audit:
    """Close an audit: every channel must have a score for every criterion in use."""
    audit = _locked(audit)
    if audit.status != AuditStatus.IN_PROGRESS:
        raise ValidationError(_("Only an audit in progress can be completed."))
    criteria = set(Criterion.objects.filter(active=True, weight__gt=0).values_list("pk", flat=True))
    scored: dict[int, set[int]] = {}
    for assessment_id, criterion_id in CriterionScore.objects.filter(
        assessment__audit=audit
    ).values_list("assessment_id", "criterion_id"):
        scored.setdefault(assessment_id, set()).add(criterion_id)
    missing = [
        a.channel.name
        for a in audit.assessments.select_related("channel")
        if not criteria <= scored.get(a.pk, set())
    ]
    if missing:
        raise ValidationError(
            _("Score every criterion of every channel first. Still to score: %(channels)s.")
            % {"channels": ", ".join(sorted(missing))}
        )
    # Freeze the weights: editing a criterion later does not rewrite a completed audit.
    CriterionScore.objects.filter(assessment__audit=audit).update(
        weight=Subquery(Criterion.objects.filter(pk=OuterRef("criterion_id")).values("weight")[:1])
    )
    audit.status = AuditStatus.COMPLETED
    audit.completed_at = timezone.now()
    audit.save(update_fields=["status", "completed_at", "updated_at"])
    history_record(
        actor=actor,
        obj=audit,
        action=ChangeAction.UPDATE,
        changes={"status": [AuditStatus.IN_PROGRESS, AuditStatus.COMPLETED]},
    )
    return audit


@transaction.atomic
def assessment_score(
    *,
    actor: Actor,
    assessment: ChannelAssessment,
    scores: dict[int, tuple[int | None, str]],
    **metrics: Any,
) -> ChannelAssessment:
    """Record a channel's scores (criterion id → (score from 0 to 5, or None to leave it empty; note)) and
    its metrics."""
    # Lock the audit first: completing it waits for this, and this sees it completed.
    audit = _locked(Audit(pk=assessment.audit_id))
    _editable(audit)
    assessment = (
        ChannelAssessment.objects.select_for_update(of=("self",))
        .select_related("audit", "channel")
        .get(pk=assessment.pk)
    )
    criteria = {c.pk: c for c in Criterion.objects.filter(pk__in=scores)}
    existing = {s.criterion_id: s for s in assessment.scores.all()}
    changes: dict[str, list] = {}
    for criterion_id, (score, note) in scores.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            raise ValidationError(_("Unknown criterion."))
        if score is not None and not 0 <= score <= 5:
            raise ValidationError({f"score_{criterion_id}": _("A score is between 0 and 5.")})
        row = existing.get(criterion_id)
        before = (row.score, row.note) if row else (None, "")
        after = (score, (note or "").strip()) if score is not None else (None, "")
        if before == after:
            continue
        if score is None:
            if row is not None:  # always: "not scored" before and after is no change
                row.delete()  # back to "not scored"; the history row keeps what it was
        elif row is None:
            CriterionScore.objects.create(
                assessment=assessment, criterion=criterion, score=score, note=after[1]
            )
        else:
            row.score, row.note = score, after[1]
            row.save(update_fields=["score", "note"])
        changes[criterion.name] = [before[0], after[0]]
    if metrics:
        save_with_history(actor=actor, instance=assessment, fields=METRIC_FIELDS, data=metrics)
    if changes:
        history_record(actor=actor, obj=assessment, action=ChangeAction.UPDATE, changes=changes)
    return assessment


@transaction.atomic
def metrics_import(
    *, actor: Actor, audit: Audit, rows: list[tuple[ChannelAssessment, dict]]
) -> int:
    """Apply checked metric rows to the audit's assessments, all of them or none."""
    audit = _locked(audit)
    _editable(audit)
    entries = []
    for assessment, values in rows:
        before = {name: getattr(assessment, name) for name in values}
        for name, value in values.items():
            setattr(assessment, name, value)
        assessment.clean_fields(exclude=["audit", "channel"])  # the keys are known good
        entries.append(
            (
                assessment,
                {
                    name: [
                        str(before[name]) if before[name] is not None else None,
                        str(value) if value is not None else None,
                    ]
                    for name, value in values.items()
                    if before[name] != value
                },
            )
        )
    ChannelAssessment.objects.bulk_update(
        [assessment for assessment, _ in entries], list(METRIC_FIELDS[:-1]), batch_size=500
    )
    history_bulk_record_changes(
        actor=actor,
        entries=[(a, changes) for a, changes in entries if changes],
        action=ChangeAction.UPDATE,
        message=gettext_noop("metrics import"),
    )
    return len(entries)


@transaction.atomic
def finding_save(
    *,
    actor: Actor,
    audit: Audit | None = None,
    finding: Finding | None = None,
    channels=(),
    **data: Any,
) -> Finding:
    """Record a finding of an audit, or change one (its status included)."""
    if finding is None:
        finding = Finding(audit=audit)
    else:
        finding = Finding.objects.select_for_update().get(pk=finding.pk)
    allowed = {c.pk for c in Channel.objects.filter(assessments__audit_id=finding.audit_id)}
    if any(channel.pk not in allowed for channel in channels):
        raise ValidationError({"channels": _("A finding concerns channels of its audit.")})
    before = sorted(str(c) for c in finding.channels.all()) if finding.pk else []
    finding = save_with_history(actor=actor, instance=finding, fields=FINDING_FIELDS, data=data)
    finding.channels.set(channels)
    after = sorted(str(c) for c in channels)
    if after != before:
        history_record(
            actor=actor,
            obj=finding,
            action=ChangeAction.UPDATE,
            changes={"channels": [before, after]},
        )
    return finding


@transaction.atomic
def finding_link_follow_up(*, actor: Actor, finding: Finding, url: str, label: str) -> Finding:
    """An upper app (the roadmap) records what follows the finding up; it becomes planned."""
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    before = (finding.follow_up_label, finding.status)
    finding.follow_up_url, finding.follow_up_label = url, label
    if finding.status == FindingStatus.OPEN:
        finding.status = FindingStatus.PLANNED
    finding.save(update_fields=["follow_up_url", "follow_up_label", "status", "updated_at"])
    history_record(
        actor=actor,
        obj=finding,
        action=ChangeAction.UPDATE,
        changes={"follow_up": [before[0] or None, label], "status": [before[1], finding.status]},
    )
    return finding


@transaction.atomic
def criterion_save(*, actor: Actor, criterion: Criterion | None = None, **data: Any) -> Criterion:
    """Add a criterion or change its weight; a criterion in use is retired, never deleted."""
    instance = (
        Criterion.objects.select_for_update().get(pk=criterion.pk) if criterion else Criterion()
    )
    return save_with_history(actor=actor, instance=instance, fields=CRITERION_FIELDS, data=data)


@transaction.atomic
def peer_save(*, actor: Actor, peer: Peer | None = None, **data: Any) -> Peer:
    instance = Peer.objects.select_for_update().get(pk=peer.pk) if peer else Peer()
    return save_with_history(actor=actor, instance=instance, fields=PEER_FIELDS, data=data)


@transaction.atomic
def peer_metric_add(*, actor: Actor, peer: Peer, **data: Any) -> PeerMetric:
    """A peer's public figures on a platform at a date."""
    return save_with_history(
        actor=actor, instance=PeerMetric(peer=peer), fields=PEER_METRIC_FIELDS, data=data
    )


def next_evaluation_default(decision: str, evaluated_on: dt.date) -> dt.date:
    return evaluated_on + relativedelta(months=NEXT_EVALUATION_MONTHS[decision])


@transaction.atomic
def evaluation_record(
    *,
    actor: Actor,
    platform: Platform,
    decision: str,
    rationale: str,
    evaluated_on: dt.date | None = None,
    next_evaluation_on: dt.date | None = None,
    reserve_handle: str = "",
    reserve_name: str = "",
    reserve_owner: Person | None = None,
    **answers: Any,
) -> PlatformEvaluation:
    """Record a platform decision. The latest one sets the platform's stance; a "not now" may
    reserve the handle as a channel, so that nobody else claims it meanwhile."""
    platform = Platform.objects.select_for_update().get(pk=platform.pk)
    evaluated_on = evaluated_on or timezone.localdate()
    if not (rationale or "").strip():
        raise ValidationError({"rationale": _("Say why: the next evaluation starts from it.")})
    if reserve_handle.strip() and decision != EvaluationDecision.NOT_NOW:
        raise ValidationError({"reserve_handle": _("Only a “not now” decision reserves a handle.")})
    evaluation = save_with_history(
        actor=actor,
        instance=PlatformEvaluation(recorded_by=actor_user(actor)),
        fields=EVALUATION_FIELDS,
        data={
            "platform": platform,
            "decision": decision,
            "rationale": rationale.strip(),
            "evaluated_on": evaluated_on,
            "next_evaluation_on": next_evaluation_on
            or next_evaluation_default(decision, evaluated_on),
            **answers,
        },
    )
    _follow_stance(platform, evaluation, actor=actor)
    if reserve_handle.strip():
        channel_create(
            actor=actor,
            platform=platform,
            name=reserve_name.strip() or reserve_handle.strip(),
            handle=reserve_handle.strip(),
            status=ChannelStatus.RESERVED,
            business_owner=reserve_owner,
            purpose=_("Handle reserved after the “not now” evaluation of %(date)s.")
            % {"date": evaluated_on.isoformat()},
        )
    return evaluation


def _follow_stance(platform: Platform, evaluation: PlatformEvaluation, *, actor: Actor) -> None:
    """The platform takes the stance of its latest decision (this one, unless an evaluation of
    a later day exists)."""
    latest = platform.evaluations.order_by("-evaluated_on", "-pk").first()
    if latest != evaluation or platform.stance == STANCE_OF[evaluation.decision]:
        return
    previous = platform.stance
    platform.stance = STANCE_OF[evaluation.decision]
    platform.save(update_fields=["stance", "updated_at"])
    history_record(
        actor=actor,
        obj=platform,
        action=ChangeAction.UPDATE,
        changes={"stance": [previous, platform.stance]},
        message=str(evaluation)[:255],
    )


__all__ = [
    "assessment_score",
    "audit_complete",
    "audit_create",
    "audit_start",
    "audit_update",
    "criterion_save",
    "evaluation_record",
    "finding_link_follow_up",
    "finding_save",
    "metrics_import",
    "next_evaluation_default",
    "peer_metric_add",
    "peer_save",
]
