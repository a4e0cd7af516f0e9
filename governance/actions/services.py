"""Writes of tasks that every feature shares: handing them out, and confirming one whatever
gave rise to it (an off-boarding, an access review's decision, an expired grant)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.actor import Actor, actor_user
from accounts.choices import ChangeAction, PersonStatus
from accounts.history import history_bulk_record_changes, history_record
from accounts.models import Person
from channels_registry.models import Channel
from channels_registry.services import channel_update
from governance.access.models import AccessGrant
from governance.access.services import _end, _locked, grant_change_role
from governance.actions.models import Task
from governance.choices import (
    REASSIGNMENT_FIELDS,
    GrantStatus,
    RevocationReason,
    TaskKind,
    TaskOrigin,
    TaskStatus,
)
from governance.reconciliation.selectors import still_listed
from governance.rules import may_confirm_task


def tasks_create(*, actor: Actor, tasks: Iterable[Task], message: str) -> list[Task]:
    """Hand out tasks in bulk, each with its history row (`message` says why: gettext_noop'd).

    Runs in the caller's transaction: the tasks exist together with what gave rise to them."""
    created = Task.objects.bulk_create(tasks, batch_size=1000)
    history_bulk_record_changes(
        actor=actor,
        entries=[
            (task, {"kind": [None, task.kind], "assignee": [None, str(task.assignee)]})
            for task in created
        ],
        action=ChangeAction.CREATE,
        message=message,
    )
    return created


@transaction.atomic
def task_confirm(
    *, actor: Actor, task: Task, evidence: str, new_person: Person | None = None
) -> Task:
    """Confirm one task with its evidence: do what its kind asks, then record it done.

    `new_person` takes over what a reassignment task hands over. Completing the off-boarding a
    task belongs to is the off-boarding's own (offboarding_task_confirm)."""
    task = _locked_task(task)
    _check_confirmable(task, actor=actor, evidence=evidence)
    ACTIONS[task.kind](task, actor=actor, evidence=evidence.strip(), new_person=new_person)
    _record_done(task, actor=actor, evidence=evidence)
    return task


def _locked_task(task: Task) -> Task:
    return (
        Task.objects.select_for_update(of=("self",))
        .select_related(
            "offboarding__person",
            "review_item__person",
            "review_item__new_role",
            "drift_finding__person",
            "channel__platform",
            "grant",
        )
        .get(pk=task.pk)
    )


def _check_confirmable(task: Task, *, actor: Actor, evidence: str) -> None:
    if task.status == TaskStatus.DONE:
        raise ValidationError(_("This task is already done."))
    if not may_confirm_task(actor, task):
        raise PermissionDenied(_("You may not confirm this task."))
    if not evidence.strip():
        raise ValidationError({"evidence": _("Say what you did, as evidence for the auditors.")})


# Why the access ends: what handed the task out.
REVOCATION_REASONS: dict[str, str] = {
    TaskOrigin.OFFBOARDING: RevocationReason.OFFBOARDING,
    TaskOrigin.REVIEW: RevocationReason.REVIEW,
    TaskOrigin.EXPIRY: RevocationReason.EXPIRY,
    TaskOrigin.DRIFT: RevocationReason.DRIFT,
}


def _task_grant(task: Task) -> AccessGrant:
    """The grant a revocation or a role change is about, locked (the database requires one)."""
    assert task.grant is not None
    return _locked(task.grant)


def _check_not_listed(task: Task) -> None:
    """A platform read after the revocation was asked that still lists the person says plainly
    that the removal is not done."""
    holder = still_listed(task)
    asked = task.grant.revoked_at if task.grant else None
    if holder is not None and asked is not None and holder.observation.seen_at > asked:
        raise ValidationError(
            _(
                "%(platform)s still listed %(name)s as “%(role)s” on %(date)s, after the "
                "revocation was asked: remove them there, then record a new reading."
            )
            % {
                "platform": task.channel.platform.display_name,
                "name": holder.name,
                "role": holder.role_name,
                "date": holder.observation.seen_at.date().isoformat(),
            }
        )


def _revoke(task: Task, *, actor: Actor, evidence: str, new_person: Person | None) -> None:
    """The access was removed on the platform: the grant ends, unless it already has (or there
    was none: a holder seen on the platform whom the register never knew)."""
    _check_not_listed(task)
    if task.grant is None:
        return
    grant = _task_grant(task)
    if grant.status != GrantStatus.REVOKED:
        _end(
            grant,
            actor=actor,
            reason=REVOCATION_REASONS[task.origin],
            confirmed=True,
            evidence=evidence,
        )


def _change_role(task: Task, *, actor: Actor, evidence: str, new_person: Person | None) -> None:
    """The role was lowered on the platform as the review decided: the grant follows. Asked
    from a drift finding, the platform was lowered to the grant: the register stays, and the
    next reading closes the finding (or keeps it open if the platform still shows more)."""
    if task.origin == TaskOrigin.DRIFT:
        return
    grant, item = _task_grant(task), task.review_item
    assert item is not None and item.new_role is not None  # a role change comes from a decision
    if grant.status != GrantStatus.ACTIVE:
        return  # the access ended meanwhile: there is nothing left to lower
    if grant.person.status != PersonStatus.ACTIVE:
        # A leaver gets no new grant: the access is removed instead of lowered.
        _end(grant, actor=actor, reason=RevocationReason.REVIEW, confirmed=True, evidence=evidence)
        return
    grant_change_role(
        actor=actor,
        grant=grant,
        role=item.new_role,
        justification=_("Access review: %(comment)s") % {"comment": item.comment or evidence},
    )


def _rotate_password(task: Task, *, actor: Actor, evidence: str, new_person: Person | None) -> None:
    """The shared password was changed today."""
    channel_update(actor=actor, channel=task.channel, password_rotated_on=timezone.localdate())


def _reassign(task: Task, *, actor: Actor, evidence: str, new_person: Person | None) -> None:
    """Someone other than the leaver now holds the role (an owner, a device, a recovery phone):
    `new_person`, or whoever the channel already names instead of the leaver."""
    field = REASSIGNMENT_FIELDS[task.kind]
    leaver = task.subject
    if new_person is None:
        channel = Channel.objects.get(pk=task.channel.pk)
    elif new_person.pk == leaver.pk:
        raise ValidationError({"new_person": _("Choose someone other than the leaver.")})
    else:
        channel = channel_update(actor=actor, channel=task.channel, **{field: new_person})
    if getattr(channel, f"{field}_id") == leaver.pk:
        raise ValidationError(
            {
                "new_person": _("The channel still names %(person)s: choose who takes over.")
                % {"person": leaver.full_name}
            }
        )


# What confirming a task does, by its kind.
ACTIONS: dict[str, Callable[..., None]] = {
    TaskKind.REVOKE: _revoke,
    TaskKind.CHANGE_ROLE: _change_role,
    TaskKind.ROTATE_PASSWORD: _rotate_password,
    **dict.fromkeys(REASSIGNMENT_FIELDS, _reassign),
}


def _record_done(task: Task, *, actor: Actor, evidence: str) -> None:
    task.status = TaskStatus.DONE
    task.done_at = timezone.now()
    task.done_by = actor_user(actor)
    task.evidence = evidence.strip()
    task.save(update_fields=["status", "done_at", "done_by", "evidence"])
    history_record(
        actor=actor,
        obj=task,
        action=ChangeAction.UPDATE,
        changes={"status": ["open", "done"]},
        message=evidence,
    )
