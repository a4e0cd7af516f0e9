"""Off-boarding: one service call creates every task a departure needs, in bulk."""

from __future__ import annotations

import datetime as dt

from allauth.usersessions.models import UserSession
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.actor import Actor, actor_user
from accounts.choices import ChangeAction, PersonStatus
from accounts.history import (
    history_bulk_record,
    history_bulk_record_changes,
    history_record,
    record_create,
)
from accounts.models import Person
from accounts.services import person_update, user_update
from channels_registry.choices import ChannelStatus, LoginModel
from channels_registry.models import Channel
from governance import events
from governance.actions.services import task_confirm, tasks_create
from governance.choices import (
    HOLDING_STATUSES,
    REASSIGNMENT_FIELDS,
    AccessMethod,
    OffboardingStatus,
    RequestStatus,
    TaskKind,
    TaskOrigin,
    TaskStatus,
)
from governance.models import AccessGrant, AccessRequest, Offboarding, ReviewItem, Task
from governance.reminders.engine import remind_now
from governance.responsibility import Responsibility

OWNER_USERS = ("business_owner__user", "backup_owner__user", "platform")


def _tasks_for(person: Person, offboarding: Offboarding) -> list[Task]:
    responsibility = Responsibility()
    due = offboarding.last_day

    def task(kind, channel, grant=None) -> Task:
        return Task(
            origin=TaskOrigin.OFFBOARDING,
            offboarding=offboarding,
            kind=kind,
            channel=channel,
            grant=grant,
            assignee=responsibility.for_channel(channel, subject=person),
            due_on=due,
        )

    grants = list(
        AccessGrant.objects.filter(person=person, status__in=HOLDING_STATUSES).select_related(
            *(f"channel__{name}" for name in OWNER_USERS)
        )
    )
    tasks = [task(TaskKind.REVOKE, grant.channel, grant) for grant in grants]
    held = [grant.channel_id for grant in grants]
    shared_grants = [
        grant.channel_id for grant in grants if grant.access_method == AccessMethod.SHARED
    ]
    touched = (
        Channel.objects.exclude(status=ChannelStatus.ARCHIVED)
        .filter(
            Q(business_owner=person)
            | Q(backup_owner=person)
            | Q(two_factor_holder=person)
            | Q(recovery_phone_holder=person)
            | Q(pk__in=held, login_model=LoginModel.SHARED)
            | Q(pk__in=shared_grants)
        )
        .select_related(*OWNER_USERS)
    )
    for channel in touched:
        could_log_in = channel.pk in shared_grants or (
            channel.login_model == LoginModel.SHARED
            and (
                channel.pk in held
                or person.pk in (channel.business_owner_id, channel.backup_owner_id)
            )
        )
        if could_log_in:
            tasks.append(task(TaskKind.ROTATE_PASSWORD, channel))
        for kind, field in REASSIGNMENT_FIELDS.items():
            if getattr(channel, f"{field}_id") == person.pk:
                tasks.append(task(kind, channel))
    return tasks


@transaction.atomic
def offboarding_start(
    *,
    actor: Actor,
    person: Person,
    last_day: dt.date,
    reason: str = "",
    now: dt.datetime | None = None,
) -> Offboarding:
    """Open a person's off-boarding: every access, shared password and ownership becomes a task."""
    now = now or timezone.now()
    person = Person.objects.select_for_update(of=("self",)).select_related("user").get(pk=person.pk)
    existing = Offboarding.objects.filter(person=person).first()
    if existing is not None:
        raise ValidationError(
            _("%(person)s already has an off-boarding, started on %(date)s.")
            % {"person": person.full_name, "date": timezone.localtime(existing.created_at).date()}
        )
    if person.status == PersonStatus.LEFT:
        raise ValidationError(_("%(person)s has already left.") % {"person": person.full_name})
    offboarding = Offboarding.objects.create(
        person=person,
        last_day=last_day,
        reason=reason.strip(),
        initiated_by=actor_user(actor),
    )
    record_create(actor=actor, obj=offboarding, fields=("person", "last_day", "reason"))
    person_update(actor=actor, person=person, status=PersonStatus.LEAVING, end_date=last_day)

    tasks = tasks_create(
        actor=actor, tasks=_tasks_for(person, offboarding), message=gettext_noop("Off-boarding")
    )
    _hand_over_the_leavers_work(person, actor=actor)

    pending = list(
        AccessRequest.objects.select_for_update(of=("self",)).filter(
            person=person, status=RequestStatus.PENDING
        )
    )
    if pending:
        AccessRequest.objects.filter(pk__in=[r.pk for r in pending]).update(
            status=RequestStatus.CANCELLED,
            decided_at=now,
            decision_comment=_("Off-boarding"),
        )
        history_bulk_record(
            actor=actor,
            objects=pending,
            action=ChangeAction.UPDATE,
            changes={"status": ["pending", "cancelled"]},
            message=gettext_noop("Off-boarding"),
        )
    if last_day <= timezone.localdate(now):
        _deactivate(offboarding, actor=actor, now=now)

    events.offboarding_event(
        "offboarding.started", offboarding, actor=actor, now=now, tasks=len(tasks)
    )
    # Each assignee is told at once, in one digest of their own language (the outbox).
    remind_now("offboarding_task", [task.pk for task in tasks], now=now)
    return offboarding


def _deactivate(offboarding: Offboarding, *, actor: Actor, now: dt.datetime) -> None:
    user = offboarding.person.user
    if user is not None:
        if user.is_active:
            user_update(actor=actor, user=user, is_active=False)
        for session in UserSession.objects.filter(user=user):
            session.end()
    offboarding.account_deactivated_at = now
    offboarding.save(update_fields=["account_deactivated_at"])
    history_record(
        actor=actor,
        obj=offboarding,
        action=ChangeAction.UPDATE,
        changes={"account_deactivated_at": [None, offboarding.account_deactivated_at.isoformat()]},
    )


def _hand_over_the_leavers_work(person: Person, *, actor: Actor) -> None:
    """Review items the leaver should decide and tasks assigned to them go to the next in line,
    who is never the person the item or task is about."""
    if person.user_id is None:
        return
    responsibility = Responsibility()
    items = list(
        ReviewItem.objects.select_for_update(of=("self",))
        .filter(reviewer_id=person.user_id, decision="", review__status="open")
        .select_related("person", "channel__business_owner__user", "channel__backup_owner__user")
    )
    tasks = list(
        Task.objects.select_for_update(of=("self",))
        .filter(assignee_id=person.user_id, status=TaskStatus.OPEN)
        .select_related(
            "offboarding__person",
            "review_item__person",
            "grant__person",
            "channel__business_owner__user",
            "channel__backup_owner__user",
        )
    )
    for item in items:
        item.reviewer = responsibility.for_channel(item.channel, subject=item.person, leaver=person)
    for task in tasks:
        task.assignee = responsibility.for_channel(
            task.channel, subject=task.subject, leaver=person
        )
    ReviewItem.objects.bulk_update(items, ["reviewer"])
    Task.objects.bulk_update(tasks, ["assignee"])
    history_bulk_record_changes(
        actor=actor,
        entries=[(item, {"reviewer": [str(person), str(item.reviewer)]}) for item in items],
        action=ChangeAction.UPDATE,
        message=gettext_noop("Reviewer leaving"),
    )
    history_bulk_record_changes(
        actor=actor,
        entries=[(task, {"assignee": [str(person), str(task.assignee)]}) for task in tasks],
        action=ChangeAction.UPDATE,
        message=gettext_noop("Assignee leaving"),
    )


@transaction.atomic
def offboarding_deactivate_due(*, now: dt.datetime, actor: Actor = None) -> int:
    """On the last day, the leaver's account is deactivated and their sessions end."""
    today = timezone.localdate(now)
    due = list(
        Offboarding.objects.select_for_update(of=("self",))
        .filter(last_day__lte=today, account_deactivated_at__isnull=True)
        .select_related("person__user")
    )
    for offboarding in due:
        _deactivate(offboarding, actor=actor, now=now)
    return len(due)


def _complete_if_done(offboarding: Offboarding, *, actor: Actor) -> None:
    # Locked, so two assignees confirming the last two tasks at once cannot both miss it.
    offboarding = (
        Offboarding.objects.select_for_update(of=("self",))
        .select_related("person")
        .get(pk=offboarding.pk)
    )
    if (
        offboarding.status != OffboardingStatus.OPEN
        or offboarding.tasks.filter(status=TaskStatus.OPEN).exists()
    ):
        return
    offboarding.status = OffboardingStatus.COMPLETED
    offboarding.completed_at = timezone.now()
    offboarding.save(update_fields=["status", "completed_at"])
    history_record(
        actor=actor,
        obj=offboarding,
        action=ChangeAction.UPDATE,
        changes={"status": ["open", "completed"]},
    )
    person_update(actor=actor, person=offboarding.person, status=PersonStatus.LEFT)
    events.offboarding_event(
        "offboarding.completed",
        offboarding,
        actor=actor,
        now=offboarding.completed_at,
        completed_at=offboarding.completed_at,
    )


@transaction.atomic
def offboarding_task_confirm(
    *, actor: Actor, task: Task, evidence: str, new_person: Person | None = None
) -> Task:
    """Confirm one task with its evidence, whatever its origin (task_confirm); the last task of
    an off-boarding completes it."""
    task = task_confirm(actor=actor, task=task, evidence=evidence, new_person=new_person)
    if task.offboarding is not None:
        _complete_if_done(task.offboarding, actor=actor)
    return task


@transaction.atomic
def offboarding_import(
    *, actor: Actor, rows: list[tuple[Person, dt.date, str]]
) -> list[Offboarding]:
    """Start the off-boarding of every leaver of an HR list; all of them or none."""
    return [
        offboarding_start(actor=actor, person=person, last_day=day, reason=reason)
        for person, day, reason in rows
    ]
