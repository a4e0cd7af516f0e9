"""The one-step remedies a drift finding offers, each a service with its history, each going
through the register's own services (a grant recorded, a revocation handed out, a task
reopened, a role changed), then reconciling the channel again so that the finding resolves."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.actor import Actor, actor_user
from accounts.choices import ChangeAction
from accounts.history import history_record
from accounts.models import Person
from governance.access.services import _locked, grant_change_role, grant_create, grant_revoke
from governance.actions.services import tasks_create
from governance.choices import (
    GrantStatus,
    OffboardingStatus,
    RevocationReason,
    TaskKind,
    TaskOrigin,
    TaskStatus,
)
from governance.models import AccessGrant, Task
from governance.reconciliation.choices import FindingKind, MatchedBy
from governance.reconciliation.matching import normal_name
from governance.reconciliation.models import (
    DriftFinding,
    HolderMatch,
    ObservedHolder,
)
from governance.reconciliation.rules import may_act_on_finding, may_confirm_match
from governance.reconciliation.services import (
    channel_locked,
    findings_reconcile,
    latest_observation,
)
from governance.responsibility import Responsibility


def _locked_finding(finding: DriftFinding) -> DriftFinding:
    return (
        DriftFinding.objects.select_for_update(of=("self",))
        .select_related(
            "channel__platform",
            "channel__business_owner__user",
            "channel__backup_owner__user",
            "holder__role",
            "holder__person",
            "grant__role",
            "person",
            "observation",
        )
        .get(pk=finding.pk)
    )


def _acting_on(finding: DriftFinding, *, actor: Actor, kinds: tuple[str, ...]) -> DriftFinding:
    """The finding, locked after its channel, checked open, of one of `kinds`, and the actor's."""
    channel_locked(finding.channel)
    finding = _locked_finding(finding)
    if finding.resolved_at is not None:
        raise ValidationError(_("This finding is already resolved."))
    if finding.kind not in kinds:
        raise ValidationError(_("This action does not fit this finding."))
    if not may_act_on_finding(actor, finding):
        raise PermissionDenied(_("You may not act on this finding."))
    return finding


def seen_as(finding: DriftFinding) -> str:
    """The justification a remedy records: what the platform showed, and when."""
    holder = finding.holder
    return _(
        "Seen on %(platform)s on %(date)s as %(role)s (observation %(number)s, %(source)s)"
    ) % {
        "platform": finding.channel.platform.display_name,
        "date": finding.observation.seen_at.date().isoformat(),
        "role": holder.role_name if holder else "—",
        "number": finding.observation_id,
        "source": finding.observation.source,
    }


@transaction.atomic
def finding_grant_record(
    *, actor: Actor, finding: DriftFinding, now: dt.datetime, expires_on: dt.date | None = None
) -> AccessGrant:
    """Record in the register the access an unknown holder holds on the platform, with the
    observation as its justification."""
    finding = _acting_on(finding, actor=actor, kinds=(FindingKind.UNKNOWN_HOLDER,))
    holder = finding.holder
    assert holder is not None  # an unknown holder is one
    if holder.person is None:
        raise ValidationError(_("Say first who %(name)s is.") % {"name": holder.name})
    if holder.role is None:
        raise ValidationError(
            _("“%(role)s” is not a role Gouvernail knows on %(platform)s: add it first.")
            % {"role": holder.role_name, "platform": finding.channel.platform.display_name}
        )
    grant = grant_create(
        actor=actor,
        channel=finding.channel,
        person=holder.person,
        role=holder.role,
        justification=seen_as(finding)[:300],
        expires_on=expires_on,
    )
    findings_reconcile(actor=actor, channel=finding.channel, now=now)
    return grant


# A revocation started from a finding is due within this many days.
REVOCATION_DAYS = 7


@transaction.atomic
def finding_revocation_start(*, actor: Actor, finding: DriftFinding, now: dt.datetime) -> Task:
    """Hand out the task of removing a holder from the platform: someone unknown, a leaver, an
    invitation nobody accepted. Their grant, if any, waits for the removal."""
    finding = _acting_on(
        finding,
        actor=actor,
        kinds=(FindingKind.UNKNOWN_HOLDER, FindingKind.HOLDER_GONE, FindingKind.STALE_INVITATION),
    )
    grant = finding.grant
    if finding.tasks.filter(status=TaskStatus.OPEN).exists() or (
        grant
        and Task.objects.filter(grant=grant, kind=TaskKind.REVOKE, status=TaskStatus.OPEN).exists()
    ):
        raise ValidationError(_("A revocation task is already open for this access."))
    if grant is not None and grant.status == GrantStatus.ACTIVE:
        grant_revoke(actor=actor, grant=grant, reason=RevocationReason.DRIFT)
    return _drift_task(
        actor=actor,
        finding=finding,
        kind=TaskKind.REVOKE,
        grant=grant,
        days=REVOCATION_DAYS,
        message=gettext_noop("Seen on the platform"),
        now=now,
    )


def _drift_task(*, actor, finding, kind, grant, days, message, now) -> Task:
    """One task about a finding, for whoever answers for its channel (never the person it is
    about), due in `days`."""
    channel = finding.channel
    (task,) = tasks_create(
        actor=actor,
        tasks=[
            Task(
                origin=TaskOrigin.DRIFT,
                drift_finding=finding,
                kind=kind,
                channel=channel,
                grant=grant,
                assignee=Responsibility().for_channel(channel, subject=finding.person),
                due_on=timezone.localdate(now) + dt.timedelta(days=days),
            )
        ],
        message=message,
    )
    return task


@transaction.atomic
def finding_task_reopen(*, actor: Actor, finding: DriftFinding, now: dt.datetime) -> Task:
    """A revocation confirmed while the platform still lists the person is not done: its grant
    waits for the removal again, and its task is reopened (or handed out, if it had none)."""
    finding = _acting_on(finding, actor=actor, kinds=(FindingKind.REVOKED_PRESENT,))
    grant = _locked(finding.grant)
    if AccessGrant.objects.holding().filter(channel=grant.channel, person=grant.person).exists():
        raise ValidationError(_("This person holds access again: nothing to reopen."))
    _grant_back_to_pending(grant, actor=actor, finding=finding)
    task = (
        Task.objects.select_for_update(of=("self",))
        .filter(grant=grant, kind=TaskKind.REVOKE, status=TaskStatus.DONE)
        .order_by("-done_at", "-pk")
        .first()
    )
    if task is None:
        (task,) = tasks_create(
            actor=actor,
            tasks=[
                Task(
                    origin=TaskOrigin.DRIFT,
                    drift_finding=finding,
                    kind=TaskKind.REVOKE,
                    channel=finding.channel,
                    grant=grant,
                    assignee=Responsibility().for_channel(finding.channel, subject=grant.person),
                    due_on=timezone.localdate(now) + dt.timedelta(days=REVOCATION_DAYS),
                )
            ],
            message=gettext_noop("Seen on the platform"),
        )
    else:
        _reopen(task, actor=actor, finding=finding)
    findings_reconcile(actor=actor, channel=finding.channel, now=now)
    return task


def _grant_back_to_pending(grant: AccessGrant, *, actor: Actor, finding: DriftFinding) -> None:
    previous = grant.revocation_confirmed_at
    grant.status = GrantStatus.REVOCATION_PENDING
    grant.revocation_confirmed_at = None
    grant.revocation_evidence = ""
    grant.save(update_fields=["status", "revocation_confirmed_at", "revocation_evidence"])
    history_record(
        actor=actor,
        obj=grant,
        action=ChangeAction.UPDATE,
        changes={
            "status": [GrantStatus.REVOKED, GrantStatus.REVOCATION_PENDING],
            "revocation_confirmed_at": [previous.isoformat() if previous else None, None],
        },
        message=seen_as(finding),
    )


def _reopen(task: Task, *, actor: Actor, finding: DriftFinding) -> None:
    before = {"status": task.status, "evidence": task.evidence}
    task.status = TaskStatus.OPEN
    task.done_at = None
    task.done_by = None
    task.evidence = ""
    task.save(update_fields=["status", "done_at", "done_by", "evidence"])
    history_record(
        actor=actor,
        obj=task,
        action=ChangeAction.UPDATE,
        changes={"status": [before["status"], task.status], "evidence": [before["evidence"], ""]},
        message=seen_as(finding),
    )
    offboarding = task.offboarding
    if offboarding is not None and offboarding.status == OffboardingStatus.COMPLETED:
        offboarding.status = OffboardingStatus.OPEN
        offboarding.completed_at = None
        offboarding.save(update_fields=["status", "completed_at"])
        history_record(
            actor=actor,
            obj=offboarding,
            action=ChangeAction.UPDATE,
            changes={"status": [OffboardingStatus.COMPLETED, OffboardingStatus.OPEN]},
            message=seen_as(finding),
        )


@transaction.atomic
def finding_role_change(*, actor: Actor, finding: DriftFinding, now: dt.datetime) -> AccessGrant:
    """Record the role the platform shows, higher than the one granted, as the person's role."""
    finding = _acting_on(finding, actor=actor, kinds=(FindingKind.ROLE_HIGHER,))
    assert finding.holder is not None and finding.grant is not None
    if finding.holder.role is None:
        raise ValidationError(_("The platform's role is not one Gouvernail knows."))
    grant = grant_change_role(
        actor=actor, grant=finding.grant, role=finding.holder.role, justification=seen_as(finding)
    )
    findings_reconcile(actor=actor, channel=finding.channel, now=now)
    return grant


# Lowering a role on the platform is due within this many days, like a removal.
LOWERING_DAYS = REVOCATION_DAYS


@transaction.atomic
def finding_role_lower_ask(*, actor: Actor, finding: DriftFinding, now: dt.datetime) -> Task:
    """Ask the channel's owner (their backup, or a lead, when the owner is the person) to lower
    on the platform a role higher than the one granted: a change-role task, the grant as is."""
    finding = _acting_on(finding, actor=actor, kinds=(FindingKind.ROLE_HIGHER,))
    if finding.tasks.filter(status=TaskStatus.OPEN).exists():
        raise ValidationError(_("Someone is already asked to lower this role."))
    return _drift_task(
        actor=actor,
        finding=finding,
        kind=TaskKind.CHANGE_ROLE,
        grant=finding.grant,
        days=LOWERING_DAYS,
        message=gettext_noop("Seen on the platform with a role higher than granted"),
        now=now,
    )


@transaction.atomic
def holder_match_confirm(
    *, actor: Actor, holder: ObservedHolder, person: Person, now: dt.datetime
) -> HolderMatch:
    """Say once who a holder seen on a platform is; every later observation remembers it."""
    if not may_confirm_match(actor):
        raise PermissionDenied(_("You may not say who a holder is."))
    observation = holder.observation
    channel = channel_locked(observation.channel)
    identity = (
        {"external_id": holder.external_id}
        if holder.external_id
        else {
            "external_id": "",
            "name": normal_name(holder.name),
        }
    )
    match = (
        HolderMatch.objects.select_for_update()
        .filter(platform=channel.platform, **identity)
        .first()
    )
    previous = match.person_id if match else None
    if match is None:
        match = HolderMatch(platform=channel.platform, **identity)
    match.person = person
    match.confirmed_by = actor_user(actor)
    match.confirmed_at = now
    match.save()
    history_record(
        actor=actor,
        obj=match,
        action=ChangeAction.UPDATE if previous else ChangeAction.CREATE,
        changes={"person": [previous, person.pk]},
    )
    # The newest reading's holders with this identity are this person from now on.
    latest = latest_observation(channel)
    if latest is not None:
        same = ObservedHolder.objects.filter(observation=latest)
        same = (
            same.filter(external_id=holder.external_id)
            if holder.external_id
            else same.filter(external_id="", name__iexact=holder.name.strip())
        )
        same.exclude(matched_by=MatchedBy.EMAIL).update(
            person=person,
            matched_by=MatchedBy.PLATFORM_ID if holder.external_id else MatchedBy.NAME,
        )
    findings_reconcile(actor=actor, channel=channel, now=now)
    return match
