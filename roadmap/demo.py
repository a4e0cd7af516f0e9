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

# (title, KPI, unit) in English then French, baseline, target, direction, primary.
OBJECTIVES = (
    (
        ("Grow the community of engaged readers", "Engaged followers", ""),
        ("Faire grandir la communauté de lecteurs engagés", "Abonnés engagés", ""),
        12000,
        20000,
        "increase",
        True,
    ),
    (
        ("Answer the public faster", "Median response time", "hours"),
        ("Répondre plus vite au public", "Temps de réponse médian", "heures"),
        30,
        4,
        "decrease",
        False,
    ),
    (
        ("Bring visitors to the events", "Registrations from social media", "per month"),
        ("Attirer du public aux événements", "Inscriptions venues des réseaux sociaux", "par mois"),
        150,
        400,
        "increase",
        False,
    ),
)
# (phase, English, French, day, status)
PLAN = (
    (
        0,
        "Audit of the existing presence",
        "Audit de la présence existante",
        20,
        MilestoneStatus.DONE,
    ),
    (
        0,
        "Objectives agreed with management",
        "Objectifs validés avec la direction",
        28,
        MilestoneStatus.DONE,
    ),
    (
        1,
        "Editorial calendar for every channel",
        "Calendrier éditorial pour chaque canal",
        60,
        MilestoneStatus.DONE,
    ),
    (
        1,
        "Backup owner on every channel",
        "Un responsable suppléant sur chaque canal",
        80,
        MilestoneStatus.IN_PROGRESS,  # late
    ),
    (
        2,
        "Community guidelines published",
        "Charte de la communauté publiée",
        120,
        MilestoneStatus.PLANNED,
    ),
    (
        2,
        "Response rota on weekends",
        "Permanence de réponse le week-end",
        150,
        MilestoneStatus.PLANNED,
    ),
    (3, "Mid-year audit", "Audit de mi-parcours", 240, MilestoneStatus.PLANNED),
    (
        4,
        "Year review and next year's plan",
        "Bilan de l'année et plan de l'année suivante",
        360,
        MilestoneStatus.PLANNED,
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
    for english, french, baseline, target, direction, primary in OBJECTIVES:
        title, kpi, unit = french if org.language == "fr" else english
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
        name=org.text("Social media plan, year 1", "Plan médias sociaux, année 1"),
        starts_on=start,
        template=RoadmapTemplate.TIME_WINDOWS,
    )
    phases = list(roadmap.phases.order_by("order"))
    people = [p for p in org.people if p.user_id][:4] or [owner]
    for index, (phase, english, french, day, status) in enumerate(PLAN):
        services.milestone_save(
            actor=lead,
            phase=phases[phase],
            title=org.text(english, french),
            owner=people[index % len(people)],
            due_on=start + dt.timedelta(days=day),
            status=status,
            objective=objectives[index % 3],
        )
    first = phases[0]
    for kind, label, rate, hours, fee in (
        (
            SourcingKind.IN_HOUSE,
            org.text("Community manager (in-house)", "Community manager (en interne)"),
            Decimal("38"),
            Decimal("80"),
            None,
        ),
        (
            SourcingKind.AGENCY,
            org.text("Agency retainer", "Forfait mensuel de l'agence"),
            None,
            None,
            Decimal("4500"),
        ),
        (
            SourcingKind.CONSULTANT,
            org.text("Consultant for the audit", "Consultant pour l'audit"),
            Decimal("110"),
            Decimal("24"),
            None,
        ),
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
                actor=lead,
                option=option,
                rationale=org.text(
                    "An outside view for the first audit.",
                    "Un regard extérieur pour le premier audit.",
                ),
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
