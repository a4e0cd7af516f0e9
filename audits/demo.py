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
from channels_registry.choices import ChannelStatus
from channels_registry.demo import HELD_BACK
from channels_registry.models import Channel, Platform

# The decisions the demo records (slug, decision, days ago, next evaluation in days); every other
# platform is evaluated too, so that no stance is the bare default: adopted where the organisation
# runs an active channel, "not now" elsewhere. HELD_BACK keeps Threads' and X's channels inactive.
EVALUATIONS = (
    ("linkedin", EvaluationDecision.ADOPT, 200, None),
    ("instagram", EvaluationDecision.ADOPT, 150, None),
    ("tiktok", EvaluationDecision.LISTEN_ONLY, 60, None),
    ("threads", EvaluationDecision.NOT_NOW, 85, 6),
    ("x", EvaluationDecision.RETIRE, 30, None),
)
RATIONALES = {
    EvaluationDecision.ADOPT: (
        "Our audience is there and we can keep the channels alive.",
        "Notre public y est et nous pouvons faire vivre les canaux.",
    ),
    EvaluationDecision.LISTEN_ONLY: (
        "We watch what is said about us there, without publishing.",
        "Nous suivons ce qui s'y dit de nous, sans publier.",
    ),
    EvaluationDecision.NOT_NOW: (
        "Too few of our audience there yet: the handles stay reserved.",
        "Trop peu de notre public y est encore : les identifiants restent réservés.",
    ),
    EvaluationDecision.RETIRE: (
        "The audience left; the channels go dormant until they are closed.",
        "Le public est parti ; les canaux restent en sommeil jusqu'à leur fermeture.",
    ),
}


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
        title=org.text("Social media audit — spring", "Audit des médias sociaux — printemps"),
        conducted_on=today - dt.timedelta(days=120),
        auditor=_person(org, "partner@demo.gouvernail.test"),
        channels=channels,
        summary=org.text(
            "Baseline audit by the outside consultant before the roadmap.",
            "Audit de référence par le consultant externe avant la feuille de route.",
        ),
    )
    services.audit_start(actor=lead, audit=earlier)
    _score(lead, earlier, rng)
    services.audit_complete(actor=lead, audit=earlier)
    services.finding_save(
        actor=lead,
        audit=earlier,
        severity=Severity.HIGH,
        observed=org.text(
            "Three channels have a single admin and no backup owner.",
            "Trois canaux n'ont qu'un administrateur et aucun responsable suppléant.",
        ),
        recommendation=org.text(
            "Name a backup owner for every channel and add a second admin.",
            "Nommer un responsable suppléant pour chaque canal et ajouter un second administrateur.",
        ),
        status=FindingStatus.OPEN,
        channels=channels[:3],
    )
    services.finding_save(
        actor=lead,
        audit=earlier,
        severity=Severity.MEDIUM,
        observed=org.text(
            "Comments wait more than two days for an answer on most channels.",
            "Sur la plupart des canaux, les commentaires attendent plus de deux jours une réponse.",
        ),
        recommendation=org.text(
            "Set a 24-hour answer target and a rota for weekends.",
            "Fixer un objectif de réponse en 24 heures et une permanence le week-end.",
        ),
        status=FindingStatus.OPEN,
        channels=channels[3:6],
    )
    services.finding_save(
        actor=lead,
        audit=earlier,
        severity=Severity.LOW,
        observed=org.text(
            "Profile pictures and bios differ from one channel to the next.",
            "Les photos de profil et les biographies diffèrent d'un canal à l'autre.",
        ),
        recommendation=org.text(
            "Apply the brand kit to every profile.",
            "Appliquer la charte graphique à chaque profil.",
        ),
        status=FindingStatus.DONE,
        channels=channels,
    )
    current = services.audit_create(
        actor=lead,
        title=org.text("Social media audit — autumn", "Audit des médias sociaux — automne"),
        conducted_on=today - dt.timedelta(days=3),
        auditor=_person(org, "lead@demo.gouvernail.test"),
        channels=channels,
        summary=org.text(
            "Six months into the roadmap: are we better?",
            "Six mois après le début de la feuille de route : faisons-nous mieux ?",
        ),
    )
    services.audit_start(actor=lead, audit=current)
    _score(lead, current, rng, share=0.6, shift=1)

    platforms = {p.slug: p for p in Platform.objects.all()}
    peer = services.peer_save(
        actor=lead,
        name=org.text("Museum of the North", "Musée du Nord"),
        website="https://example.org",
    )
    other = services.peer_save(
        actor=lead, name=org.text("City Library", "Bibliothèque de la Ville")
    )
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
    in_use = set(
        Channel.objects.filter(status=ChannelStatus.ACTIVE).values_list("platform__slug", flat=True)
    )
    planned = {
        slug: (decision, days_ago, next_in) for slug, decision, days_ago, next_in in EVALUATIONS
    }
    for slug, platform in sorted(platforms.items()):
        if slug in planned:
            decision, days_ago, next_in = planned[slug]
        elif slug in in_use and slug not in HELD_BACK:
            decision, days_ago, next_in = EvaluationDecision.ADOPT, 300, None
        else:
            decision, days_ago, next_in = EvaluationDecision.NOT_NOW, 90, 30
        services.evaluation_record(
            actor=lead,
            platform=platform,
            evaluated_on=today - dt.timedelta(days=days_ago),
            evaluator=evaluator,
            decision=decision,
            rationale=org.text(*RATIONALES[decision]),
            audience=org.text(
                "Part of our audience is there, mostly aged 25 to 40.",
                "Une partie de notre public y est, surtout entre 25 et 40 ans.",
            ),
            next_evaluation_on=today + dt.timedelta(days=next_in) if next_in else None,
        )
