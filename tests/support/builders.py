"""Builders the tests share: a logged-in client, an audit, an objective, made through the services
(so they write history, as the application does). Factories (tests/factories.py) make bare rows;
these make the objects a page or a rule works on.

Every date is an argument: a builder never reads today's date.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from audits import services as audit_services
from audits.models import Audit, Criterion
from roadmap import services as roadmap_services
from roadmap.models import Objective


def log_in_as(client, personas, persona: str) -> None:
    """Log `client` in as the persona named (tests/conftest.py); "anonymous" stays logged out."""
    if persona != "anonymous":
        client.force_login(getattr(personas, persona))


def make_audit(
    lead,
    channels,
    on: dt.date,
    status: str = "in_progress",
    score: int | None = None,
    *,
    auditor=None,
    title: str = "Audit",
) -> Audit:
    """An audit of `channels` conducted on `on`, by `auditor` (a Person; None: the team).

    `status` is "draft" (created only), "in_progress" (started) or "completed"; with `score`,
    every channel is scored `score` on each active criterion, with metrics, before completing.
    """
    audit = audit_services.audit_create(
        actor=lead, title=title, conducted_on=on, auditor=auditor, channels=channels, summary=""
    )
    if status != "draft":
        audit_services.audit_start(actor=lead, audit=audit)
    if score is not None:
        criteria = list(Criterion.objects.filter(active=True))
        metrics = {"followers": 1000, "engagement_rate": Decimal("2.50")}
        for assessment in audit.assessments.all():
            scores = {criterion.pk: (score, "") for criterion in criteria}
            audit_services.assessment_score(
                actor=lead, assessment=assessment, scores=scores, **metrics
            )
    if status == "completed":
        audit_services.audit_complete(actor=lead, audit=audit)
    audit.refresh_from_db()
    return audit


def make_objective(
    actor,
    title: str = "Grow",
    *,
    baseline_on: dt.date,
    deadline: dt.date,
    baseline: int | Decimal = 1000,
    target: int | Decimal = 2000,
    direction: str | None = None,
    owner=None,
    primary: bool = False,
) -> Objective:
    """An active objective on the followers KPI, from `baseline` (measured on `baseline_on`) to
    `target` by `deadline`.

    The direction follows the target ("increase" above the baseline, else "decrease") unless
    given: a test of a refused objective names the one that makes it wrong.
    """
    if direction is None:
        direction = "increase" if target > baseline else "decrease"
    return roadmap_services.objective_create(
        actor=actor,
        title=title,
        description="",
        kpi_name="Followers",
        kpi_unit="",
        relevance="Reach",
        baseline=Decimal(baseline),
        target=Decimal(target),
        direction=direction,
        baseline_on=baseline_on,
        deadline=deadline,
        owner=owner,
        primary=primary,
    )
