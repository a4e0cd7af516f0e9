"""Reads the audit pages and the API share: the audits listed with their channel count and score,
an audit's findings in the report's order, the platform evaluations each platform's latest."""

from __future__ import annotations

from django.db.models import Count, OuterRef, QuerySet, Subquery

from audits import scoring
from audits.choices import SEVERITY_RANK
from audits.models import Audit, Finding, PlatformEvaluation
from audits.rules import audits_visible_to


def audits_listed(user) -> QuerySet[Audit]:
    """The audits the user sees, each with its auditor and its number of channels."""
    return (
        audits_visible_to(user)
        .select_related("auditor")
        .annotate(channel_count=Count("assessments"))
    )


def with_scores(audits: list[Audit]) -> list[Audit]:
    """Set `score` (the mean of the channels' weighted scores, or None) on each, in one query."""
    scores = scoring.audit_scores([audit.pk for audit in audits])
    for audit in audits:
        audit.score = scores.get(audit.pk)
    return audits


def findings_of(audit: Audit) -> list[Finding]:
    """The audit's findings, the most severe first, with the channels they concern."""
    return sorted(
        audit.findings.prefetch_related("channels"),
        key=lambda finding: (SEVERITY_RANK[finding.severity], finding.pk),
    )


def latest_evaluations(evaluations: QuerySet[PlatformEvaluation]) -> QuerySet[PlatformEvaluation]:
    """Only each platform's latest evaluation: the one its next evaluation date comes from."""
    latest = PlatformEvaluation.objects.filter(platform=OuterRef("platform")).order_by(
        "-evaluated_on", "-pk"
    )
    return evaluations.filter(pk=Subquery(latest.values("pk")[:1]))
