"""Demo roadmap: three objectives (one primary) with readings, a 12-month roadmap in its fourth
month with one late milestone, sourcing options, and a milestone born of an audit finding."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from accounts.demo import Organisation
from audits.models import Finding
from roadmap import services
from roadmap.choices import MilestoneStatus, RoadmapTemplate, SourcingKind
from roadmap.models import Objective

OBJECTIVES = (
    (
        "Grow the community of engaged readers",
        "Engaged followers",
        "",
        12000,
        20000,
        "increase",
        True,
    ),
    ("Answer the public faster", "Median response time", "hours", 30, 4, "decrease", False),
    (
        "Bring visitors to the events",
        "Registrations from social media",
        "per month",
        150,
        400,
        "increase",
        False,
    ),
)


def build_roadmap(org: Organisation, rng: random.Random) -> None:
    if Objective.objects.exists():
        return
    lead = org.accounts["lead@demo.gouvernail.test"]
    owner = getattr(lead, "person", None)
    today = timezone.localdate()
    start = today - relativedelta(months=3, days=10)
    objectives = []
    for title, kpi, unit, baseline, target, direction, primary in OBJECTIVES:
        objective = services.objective_create(
            actor=lead,
            title=title,
            description="",
            kpi_name=kpi,
            kpi_unit=unit,
            baseline=Decimal(baseline),
            baseline_on=start,
            target=Decimal(target),
            direction=direction,
            relevance="",
            deadline=start + relativedelta(months=12),
            owner=owner,
            primary=primary,
        )
        objectives.append(objective)
        for month in range(1, 4):
            share = Decimal(month) / 12 * Decimal(rng.choice([6, 9, 12, 14])) / 10
            services.reading_add(
                actor=lead,
                objective=objective,
                measured_on=start + relativedelta(months=month),
                value=(Decimal(baseline) + (Decimal(target) - Decimal(baseline)) * share).quantize(
                    Decimal("0.01")
                ),
            )
    roadmap = services.roadmap_create(
        actor=lead,
        name="Social media plan, year 1",
        starts_on=start,
        template=RoadmapTemplate.TIME_WINDOWS,
    )
    phases = list(roadmap.phases.order_by("order"))
    people = [p for p in org.people if p.user_id][:4] or [owner]
    plan = (
        (0, "Audit of the existing presence", 20, MilestoneStatus.DONE),
        (0, "Objectives agreed with management", 28, MilestoneStatus.DONE),
        (1, "Editorial calendar for every channel", 60, MilestoneStatus.DONE),
        (1, "Backup owner on every channel", 80, MilestoneStatus.IN_PROGRESS),  # late
        (2, "Community guidelines published", 120, MilestoneStatus.PLANNED),
        (2, "Response rota on weekends", 150, MilestoneStatus.PLANNED),
        (3, "Mid-year audit", 240, MilestoneStatus.PLANNED),
        (4, "Year review and next year's plan", 360, MilestoneStatus.PLANNED),
    )
    for index, (phase, title, day, status) in enumerate(plan):
        services.milestone_save(
            actor=lead,
            phase=phases[phase],
            title=title,
            owner=people[index % len(people)],
            due_on=start + dt.timedelta(days=day),
            status=status,
            objective=objectives[index % 3],
        )
    first = phases[0]
    for kind, label, rate, hours, fee in (
        (SourcingKind.IN_HOUSE, "Community manager (in-house)", Decimal("38"), Decimal("80"), None),
        (SourcingKind.AGENCY, "Agency retainer", None, None, Decimal("4500")),
        (SourcingKind.CONSULTANT, "Consultant for the audit", Decimal("110"), Decimal("24"), None),
    ):
        option = services.sourcing_option_save(
            actor=lead,
            phase=first,
            kind=kind,
            label=label,
            partner=org.partners[0] if kind != SourcingKind.IN_HOUSE and org.partners else None,
            hourly_rate=rate,
            hours_per_month=hours,
            monthly_fee=fee,
        )
        if kind == SourcingKind.CONSULTANT:
            services.sourcing_option_choose(
                actor=lead, option=option, rationale="An outside view for the first audit."
            )
    finding = Finding.objects.filter(status="open").order_by("pk").first()
    if finding is not None:
        services.milestone_from_finding(
            actor=lead,
            finding=finding,
            phase=phases[2],
            due_on=start + dt.timedelta(days=170),
            owner=owner,
        )
