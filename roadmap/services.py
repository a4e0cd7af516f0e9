"""Writes of the roadmap: objectives and their readings, roadmaps from templates, phases,
milestones, sourcing choices, calendar feeds. Each runs in one transaction with its history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.actor import Actor, actor_user
from accounts.choices import ChangeAction
from accounts.history import history_record, record_create, save_with_history
from audits.models import Finding
from audits.services import finding_link_follow_up
from roadmap.choices import (
    MAX_ACTIVE_OBJECTIVES,
    MilestoneStatus,
    ObjectiveStatus,
    RoadmapTemplate,
)
from roadmap.models import (
    CalendarToken,
    KpiReading,
    Milestone,
    Objective,
    Phase,
    Roadmap,
    SourcingOption,
)
from roadmap.models.calendar import new_token, token_hash

OBJECTIVE_FIELDS = (
    "title",
    "description",
    "kpi_name",
    "kpi_unit",
    "baseline",
    "baseline_on",
    "target",
    "direction",
    "deadline",
    "relevance",
    "owner",
)
PHASE_FIELDS = ("name", "description", "starts_on", "ends_on", "order")
MILESTONE_FIELDS = ("phase", "title", "owner", "due_on", "status", "objective")
SOURCING_FIELDS = ("kind", "label", "partner", "hourly_rate", "hours_per_month", "monthly_fee")

# The time-window plan: phases ending 1, 3, 6, 9 and 12 months after the start.
TIME_WINDOWS = (
    (0, 1, gettext_noop("Month 1: foundations")),
    (1, 3, gettext_noop("Months 2 to 3: first results")),
    (3, 6, gettext_noop("Months 4 to 6: growth")),
    (6, 9, gettext_noop("Months 7 to 9: consolidation")),
    (9, 12, gettext_noop("Months 10 to 12: review and next year")),
)
# The sourcing path: an expert first, then outsourcing, then bring it home (or not).
SOURCING_PATH = (
    (
        0,
        3,
        gettext_noop("Expert engagement"),
        gettext_noop("An outside expert runs the audit, writes the strategy and the action plan."),
        (
            gettext_noop("Audit of the existing presence"),
            gettext_noop("Strategy"),
            gettext_noop("Action plan"),
        ),
    ),
    (
        3,
        15,
        gettext_noop("Outsourced engagement"),
        gettext_noop(
            "An agency runs the channels for six to eighteen months while the team learns."
        ),
        (gettext_noop("Agency selected"), gettext_noop("Mid-term review of the agency")),
    ),
    (
        15,
        18,
        gettext_noop("Bring it home"),
        gettext_noop(
            "With the data of the outsourced period, decide: in-house, or keep outsourcing."
        ),
        (gettext_noop("Decide: in-house or keep outsourcing"),),
    ),
)


def _lock_objectives() -> None:
    """Serialise the writes that count active objectives (SQLite serialises writes already)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext('roadmap.objectives'))")


def _check_objective(data: dict[str, Any]) -> None:
    if data["deadline"] <= data["baseline_on"]:
        raise ValidationError({"deadline": _("The deadline comes after the baseline date.")})
    if data["target"] == data["baseline"]:
        raise ValidationError({"target": _("The target must differ from the baseline.")})
    increase = data["target"] > data["baseline"]
    if increase != (data["direction"] == "increase"):
        raise ValidationError(
            {
                "direction": _(
                    "The target is on the other side of the baseline: check the direction."
                )
            }
        )


@transaction.atomic
def objective_create(*, actor: Actor, primary: bool = False, **data: Any) -> Objective:
    """A new active objective; at most three are active, and exactly one of them is primary."""
    _lock_objectives()
    _check_objective(data)
    active = list(Objective.objects.filter(status=ObjectiveStatus.ACTIVE))
    if len(active) >= MAX_ACTIVE_OBJECTIVES:
        raise ValidationError(
            _(
                "There are already %(count)s active objectives. Focus: achieve or drop one before "
                "adding another."
            )
            % {"count": len(active)}
        )
    objective = save_with_history(
        actor=actor, instance=Objective(), fields=OBJECTIVE_FIELDS, data=data
    )
    if primary or not any(o.primary for o in active):
        _make_primary(actor=actor, objective=objective)
    return objective


def _make_primary(*, actor: Actor, objective: Objective) -> None:
    previous = Objective.objects.filter(primary=True).exclude(pk=objective.pk).first()
    if previous is not None:
        previous.primary = False
        previous.save(update_fields=["primary", "updated_at"])
        history_record(
            actor=actor,
            obj=previous,
            action=ChangeAction.UPDATE,
            changes={"primary": [True, False]},
        )
    objective.primary = True
    try:
        with transaction.atomic():
            objective.save(update_fields=["primary", "updated_at"])
    except IntegrityError:
        raise ValidationError(_("Another objective became primary meanwhile; try again.")) from None
    history_record(
        actor=actor, obj=objective, action=ChangeAction.UPDATE, changes={"primary": [False, True]}
    )


@transaction.atomic
def objective_update(*, actor: Actor, objective: Objective, **data: Any) -> Objective:
    objective = Objective.objects.select_for_update().get(pk=objective.pk)
    merged = {name: getattr(objective, name) for name in OBJECTIVE_FIELDS} | data
    _check_objective(merged)
    return save_with_history(actor=actor, instance=objective, fields=OBJECTIVE_FIELDS, data=data)


@transaction.atomic
def objective_set_primary(*, actor: Actor, objective: Objective) -> Objective:
    """This objective overrides the others."""
    _lock_objectives()
    objective = Objective.objects.select_for_update().get(pk=objective.pk)
    if objective.status != ObjectiveStatus.ACTIVE:
        raise ValidationError(_("Only an active objective can be the primary one."))
    if not objective.primary:
        _make_primary(actor=actor, objective=objective)
    return objective


@transaction.atomic
def objective_close(*, actor: Actor, objective: Objective, status: str) -> Objective:
    """Mark an objective achieved or dropped; the primary one hands over first."""
    _lock_objectives()
    objective = Objective.objects.select_for_update().get(pk=objective.pk)
    if status not in (ObjectiveStatus.ACHIEVED, ObjectiveStatus.DROPPED):
        raise ValidationError(_("An objective is closed as achieved or dropped."))
    if objective.status != ObjectiveStatus.ACTIVE:
        raise ValidationError(_("This objective is already closed."))
    others = Objective.objects.filter(status=ObjectiveStatus.ACTIVE).exclude(pk=objective.pk)
    if objective.primary and others.exists():
        raise ValidationError(
            _("This is the primary objective: make another one primary before closing it.")
        )
    changes: dict[str, list] = {"status": [objective.status, status]}
    if objective.primary:
        changes["primary"] = [True, False]
    objective.status, objective.primary = status, False
    objective.save(update_fields=["status", "primary", "updated_at"])
    history_record(actor=actor, obj=objective, action=ChangeAction.UPDATE, changes=changes)
    return objective


@transaction.atomic
def reading_add(
    *,
    actor: Actor,
    objective: Objective,
    measured_on: dt.date,
    value,
    note: str = "",
    today: dt.date | None = None,
) -> KpiReading:
    """Record the KPI's value at a date (one reading a day, none after `today`)."""
    if measured_on > (today or timezone.localdate()):
        raise ValidationError({"measured_on": _("A reading cannot be in the future.")})
    reading = KpiReading(
        objective=objective,
        measured_on=measured_on,
        value=value,
        note=(note or "").strip(),
        entered_by=actor_user(actor),
    )
    reading.clean_fields(exclude=["objective", "entered_by"])  # e.g. a value too large
    try:
        with transaction.atomic():
            reading.save()
    except IntegrityError:
        raise ValidationError(
            {"measured_on": _("There is already a reading on this date.")}
        ) from None
    record_create(actor=actor, obj=reading, fields=("objective", "measured_on", "value"))
    return reading


@transaction.atomic
def readings_import(
    *, actor: Actor, objective: Objective, rows: list[tuple[dt.date, Any, str]]
) -> int:
    """All the checked rows of an import, or none."""
    for measured_on, value, note in rows:
        reading_add(
            actor=actor, objective=objective, measured_on=measured_on, value=value, note=note
        )
    return len(rows)


def _months(start: dt.date, months: int) -> dt.date:
    return start + relativedelta(months=months)


@transaction.atomic
def roadmap_create(*, actor: Actor, name: str, starts_on: dt.date, template: str) -> Roadmap:
    """A roadmap in one step: its phases (and first milestones) come from the template."""
    if not (name or "").strip():
        raise ValidationError({"name": _("Name the roadmap.")})
    roadmap = Roadmap.objects.create(
        name=name.strip(),
        starts_on=starts_on,
        template=template,
        created_by=actor_user(actor),
    )
    record_create(actor=actor, obj=roadmap, fields=("name", "starts_on", "template"))

    def phase(order, start, end, title, description=""):
        return phase_save(
            actor=actor,
            roadmap=roadmap,
            name=_(title),
            description=_(description) if description else "",
            starts_on=_months(starts_on, start),
            ends_on=_months(starts_on, end) - dt.timedelta(days=1),
            order=order,
        )

    if template == RoadmapTemplate.TIME_WINDOWS:
        for order, (start, end, title) in enumerate(TIME_WINDOWS, start=1):
            phase(order, start, end, title)
    elif template == RoadmapTemplate.SOURCING:
        for order, (start, end, title, description, milestones) in enumerate(SOURCING_PATH, 1):
            made = phase(order, start, end, title, description)
            for milestone in milestones:
                milestone_save(
                    actor=actor,
                    phase=made,
                    title=_(milestone),
                    owner=None,
                    due_on=made.ends_on,
                    status=MilestoneStatus.PLANNED,
                    objective=None,
                )
    return roadmap


@transaction.atomic
def phase_save(
    *, actor: Actor, roadmap: Roadmap | None = None, phase: Phase | None = None, **data: Any
):
    instance = (
        Phase.objects.select_for_update().get(pk=phase.pk) if phase else Phase(roadmap=roadmap)
    )
    return save_with_history(actor=actor, instance=instance, fields=PHASE_FIELDS, data=data)


@transaction.atomic
def milestone_save(*, actor: Actor, milestone: Milestone | None = None, **data: Any) -> Milestone:
    instance = (
        Milestone.objects.select_for_update().get(pk=milestone.pk) if milestone else Milestone()
    )
    if "status" in data:
        done = data["status"] == MilestoneStatus.DONE
        instance.done_on = (instance.done_on or timezone.localdate()) if done else None
    return save_with_history(actor=actor, instance=instance, fields=MILESTONE_FIELDS, data=data)


@transaction.atomic
def milestone_set_status(*, actor: Actor, milestone: Milestone, status: str) -> Milestone:
    return milestone_save(actor=actor, milestone=milestone, status=status)


@transaction.atomic
def milestone_from_finding(
    *, actor: Actor, finding: Finding, phase: Phase, due_on: dt.date, owner=None, title: str = ""
) -> Milestone:
    """Turn an audit finding into a milestone; the finding then shows it."""
    # Lock the finding: two planners at once must not give it two milestones.
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    if Milestone.objects.filter(finding=finding).exists():
        raise ValidationError(_("This finding already has its milestone."))
    if not finding.still_to_address:
        raise ValidationError(_("This finding is closed: it needs no milestone."))
    milestone = milestone_save(
        actor=actor,
        phase=phase,
        title=(title or finding.recommendation or finding.observed)[:200],
        owner=owner,
        due_on=due_on,
        status=MilestoneStatus.PLANNED,
        objective=None,
    )
    milestone.finding = finding
    milestone.save(update_fields=["finding"])
    history_record(
        actor=actor,
        obj=milestone,
        action=ChangeAction.UPDATE,
        changes={"finding": [None, str(finding)]},
    )
    finding_link_follow_up(
        actor=actor,
        finding=finding,
        url=reverse("roadmap:detail", args=[phase.roadmap_id]) + f"#milestone-{milestone.pk}",
        label=_("Milestone: %(title)s") % {"title": milestone.title},
    )
    return milestone


@transaction.atomic
def sourcing_option_save(
    *, actor: Actor, phase: Phase | None = None, option: SourcingOption | None = None, **data: Any
) -> SourcingOption:
    instance = (
        SourcingOption.objects.select_for_update().get(pk=option.pk)
        if option
        else SourcingOption(phase=phase)
    )
    if data.get("monthly_fee") is None and (
        data.get("hourly_rate") is None or data.get("hours_per_month") is None
    ):
        raise ValidationError(
            _("Give a monthly fee, or an hourly cost or rate with the hours per month.")
        )
    return save_with_history(actor=actor, instance=instance, fields=SOURCING_FIELDS, data=data)


@transaction.atomic
def sourcing_option_choose(
    *, actor: Actor, option: SourcingOption, rationale: str
) -> SourcingOption:
    """Record the option chosen for its phase, and why."""
    if not (rationale or "").strip():
        raise ValidationError({"rationale": _("Say why this option is chosen.")})
    # Lock the phase: two choices at once must not leave two chosen options.
    Phase.objects.select_for_update().filter(pk=option.phase_id).first()
    option = SourcingOption.objects.select_for_update().select_related("phase").get(pk=option.pk)
    previous = SourcingOption.objects.filter(phase=option.phase_id, chosen=True).exclude(
        pk=option.pk
    )
    for other in previous:
        other.chosen = False
        other.save(update_fields=["chosen"])
        history_record(
            actor=actor, obj=other, action=ChangeAction.UPDATE, changes={"chosen": [True, False]}
        )
    option.chosen, option.rationale = True, rationale.strip()
    option.save(update_fields=["chosen", "rationale"])
    history_record(
        actor=actor, obj=option, action=ChangeAction.UPDATE, changes={"chosen": [False, True]}
    )
    return option


@transaction.atomic
def calendar_token_issue(
    *, actor: Actor, user=None, roadmap: Roadmap | None = None
) -> CalendarToken:
    """A new private feed address for a user (their deadlines, or a roadmap's milestones); the
    previous one of the same feed stops working. Only its hash is stored: the returned token
    carries the address's secret in `token`, to be shown once."""
    user = user or actor
    # Lock the user's row: two requests at once must not leave two live addresses.
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()
    current = CalendarToken.objects.filter(user=user, roadmap=roadmap, revoked_at__isnull=True)
    for token in current:
        calendar_token_revoke(actor=actor, token=token)
    secret = new_token()
    token = CalendarToken.objects.create(user=user, roadmap=roadmap, token_hash=token_hash(secret))
    record_create(actor=actor, obj=token, fields=("user", "roadmap"))
    token.token = secret
    return token


@transaction.atomic
def calendar_token_revoke(*, actor: Actor, token: CalendarToken) -> CalendarToken:
    token = CalendarToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        history_record(
            actor=actor, obj=token, action=ChangeAction.UPDATE, changes={"revoked": [False, True]}
        )
    return token
