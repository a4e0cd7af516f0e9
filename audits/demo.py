"""Demo audits: a completed audit with findings and a peer, a second in progress, and platform
evaluations, one of them a "not now" due next week."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from accounts.demo import Organisation
from audits import services
from audits.choices import EvaluationDecision, FindingStatus, Severity
from audits.models import Audit, Criterion
from channels_registry.models import Channel, Platform


def _person(org: Organisation, email: str):
    user = org.accounts.get(email)
    return getattr(user, "person", None) if user else None


def _score(lead, audit: Audit, rng: random.Random, *, share: float = 1.0, shift: int = 0) -> None:
    criteria = list(Criterion.objects.filter(active=True))
    assessments = list(audit.assessments.select_related("channel").order_by("channel__name"))
    for index, assessment in enumerate(assessments[: max(1, round(len(assessments) * share))]):
        base = 1 + (index * 7) % 4
        services.assessment_score(
            actor=lead,
            assessment=assessment,
            scores={
                c.pk: (max(0, min(5, base + rng.randint(-1, 1) + shift)), "") for c in criteria
            },
            followers=rng.randint(800, 60_000),
            posts_last_30_days=rng.randint(0, 40),
            engagement_rate=Decimal(rng.randint(20, 600)) / 100,
            median_response_hours=Decimal(rng.randint(1, 96)),
            last_post_on=audit.conducted_on - dt.timedelta(days=rng.randint(0, 60)),
        )


def build_audits(org: Organisation, rng: random.Random) -> None:
    """Once: two audits, a peer, and evaluations."""
    if Audit.objects.exists():
        return
    lead = org.accounts["lead@demo.gouvernail.test"]
    today = timezone.localdate()
    channels = list(Channel.objects.exclude(status="archived").order_by("pk")[:10])
    if not channels:
        return
    earlier = services.audit_create(
        actor=lead,
        title="Social media audit — spring",
        conducted_on=today - dt.timedelta(days=120),
        auditor=_person(org, "partner@demo.gouvernail.test"),
        channels=channels,
        summary="Baseline audit by the outside consultant before the roadmap.",
    )
    services.audit_start(actor=lead, audit=earlier)
    _score(lead, earlier, rng)
    services.audit_complete(actor=lead, audit=earlier)
    services.finding_save(
        actor=lead,
        audit=earlier,
        severity=Severity.HIGH,
        observed="Three channels have a single admin and no backup owner.",
        recommendation="Name a backup owner for every channel and add a second admin.",
        status=FindingStatus.OPEN,
        channels=channels[:3],
    )
    services.finding_save(
        actor=lead,
        audit=earlier,
        severity=Severity.MEDIUM,
        observed="Comments wait more than two days for an answer on most channels.",
        recommendation="Set a 24-hour answer target and a rota for weekends.",
        status=FindingStatus.OPEN,
        channels=channels[3:6],
    )
    services.finding_save(
        actor=lead,
        audit=earlier,
        severity=Severity.LOW,
        observed="Profile pictures and bios differ from one channel to the next.",
        recommendation="Apply the brand kit to every profile.",
        status=FindingStatus.DONE,
        channels=channels,
    )
    current = services.audit_create(
        actor=lead,
        title="Social media audit — autumn",
        conducted_on=today - dt.timedelta(days=3),
        auditor=_person(org, "lead@demo.gouvernail.test"),
        channels=channels,
        summary="Six months into the roadmap: are we better?",
    )
    services.audit_start(actor=lead, audit=current)
    _score(lead, current, rng, share=0.6, shift=1)

    platforms = {p.slug: p for p in Platform.objects.all()}
    peer = services.peer_save(actor=lead, name="Museum of the North", website="https://example.org")
    other = services.peer_save(actor=lead, name="City Library")
    for p in {c.platform for c in channels}:
        for who, scale in ((peer, 3), (other, 1)):
            services.peer_metric_add(
                actor=lead,
                peer=who,
                platform=p,
                handle=f"@{who.name.split()[-1].lower()}",
                measured_on=today - dt.timedelta(days=20),
                followers=rng.randint(2_000, 40_000) * scale,
                posts_last_30_days=rng.randint(5, 40),
                engagement_rate=Decimal(rng.randint(50, 500)) / 100,
            )

    evaluator = _person(org, "lead@demo.gouvernail.test")
    for slug, decision, days_ago, next_in in (
        ("linkedin", EvaluationDecision.ADOPT, 200, None),
        ("instagram", EvaluationDecision.ADOPT, 150, None),
        ("tiktok", EvaluationDecision.LISTEN_ONLY, 60, None),
        ("threads", EvaluationDecision.NOT_NOW, 85, 6),
        ("x", EvaluationDecision.RETIRE, 30, None),
    ):
        platform = platforms.get(slug)
        if platform is None:
            continue
        services.evaluation_record(
            actor=lead,
            platform=platform,
            evaluated_on=today - dt.timedelta(days=days_ago),
            evaluator=evaluator,
            decision=decision,
            rationale=f"Demo decision for {platform.name}.",
            audience="Part of our audience is there, mostly aged 25 to 40.",
            next_evaluation_on=today + dt.timedelta(days=next_in) if next_in else None,
        )
