"""Weighted scores: per channel (the criteria's weights), per audit (the channels' mean), and the
comparisons the report draws (with the previous audit, with peers)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, FloatField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Cast, Coalesce, NullIf

from audits.choices import AuditStatus
from audits.models import Audit, ChannelAssessment, Criterion, CriterionScore, PeerMetric


def weighted(scores: list[tuple[int, int]]) -> float | None:
    """The sum of score * weight over the sum of weights; None if no criterion weighs anything."""
    total = sum(weight for _, weight in scores)
    if not total:
        return None
    return sum(score * weight for score, weight in scores) / total


def with_weighted_score(assessments: QuerySet[ChannelAssessment]) -> QuerySet[ChannelAssessment]:
    """Each assessment's weighted score, computed by the database."""
    weight = Coalesce("scores__weight", "scores__criterion__weight")
    return assessments.annotate(
        weighted=Cast(Sum(F("scores__score") * weight), FloatField())
        / Cast(NullIf(Sum(weight), 0), FloatField())
    )


def audit_scores(audit_ids: list[int]) -> dict[int, float]:
    """Each audit's score, for a list of audits, in one query."""
    values: dict[int, list[float]] = defaultdict(list)
    assessments = with_weighted_score(ChannelAssessment.objects.filter(audit_id__in=audit_ids))
    for audit_id, value in assessments.values_list("audit_id", "weighted"):
        if value is not None:
            values[audit_id].append(value)
    return {audit_id: sum(v) / len(v) for audit_id, v in values.items()}


def previous_audit(audit: Audit) -> Audit | None:
    """The last completed audit before this one."""
    return (
        Audit.objects.filter(status=AuditStatus.COMPLETED)
        .filter(
            Q(conducted_on__lt=audit.conducted_on)
            | Q(conducted_on=audit.conducted_on, pk__lt=audit.pk)
        )
        .exclude(pk=audit.pk)
        .order_by("-conducted_on", "-pk")
        .first()
    )


@dataclass
class Row:
    assessment: ChannelAssessment
    cells: list[CriterionScore | None]
    score: float | None
    previous: float | None = None

    @property
    def change(self) -> float | None:
        if self.score is None or self.previous is None:
            return None
        return self.score - self.previous


@dataclass
class PeerComparison:
    platform: object
    ours_followers: int | None
    ours_engagement: Decimal | None
    ours_posts: int | None
    peers: list[PeerMetric] = field(default_factory=list)


@dataclass
class Report:
    audit: Audit
    criteria: list[Criterion]
    rows: list[Row]
    score: float | None
    previous: Audit | None
    previous_score: float | None
    peers: list[PeerComparison]

    @property
    def ranking(self) -> list[Row]:
        return sorted(
            (row for row in self.rows if row.score is not None),
            key=lambda row: (-row.score, row.assessment.channel.name),
        )

    @property
    def unscored(self) -> list[Row]:
        return [row for row in self.rows if row.score is None]


def report(audit: Audit) -> Report:
    """Everything the report page shows, in a fixed number of queries."""
    assessments = list(
        with_weighted_score(audit.assessments.select_related("channel__platform")).order_by(
            "channel__name", "pk"
        )
    )
    scores = CriterionScore.objects.filter(assessment__audit=audit).select_related(None)
    by_cell: dict[tuple[int, int], CriterionScore] = {
        (s.assessment_id, s.criterion_id): s for s in scores
    }
    used = {criterion_id for _, criterion_id in by_cell}
    criteria = list(Criterion.objects.filter(Q(active=True) | Q(pk__in=used)))
    previous = previous_audit(audit)
    before: dict[int, float | None] = {}
    previous_score = None
    if previous is not None:
        before = {a.channel_id: a.weighted for a in with_weighted_score(previous.assessments.all())}
        values = [v for v in before.values() if v is not None]
        previous_score = sum(values) / len(values) if values else None
    rows = [
        Row(
            a,
            [by_cell.get((a.pk, c.pk)) for c in criteria],
            a.weighted,
            before.get(a.channel_id),
        )
        for a in assessments
    ]
    values = [row.score for row in rows if row.score is not None]
    return Report(
        audit=audit,
        criteria=criteria,
        rows=rows,
        score=sum(values) / len(values) if values else None,
        previous=previous,
        previous_score=previous_score,
        peers=_peer_comparison(audit, assessments),
    )


def _peer_comparison(audit: Audit, assessments: list[ChannelAssessment]) -> list[PeerComparison]:
    """Per platform of the audit: our channels' totals against each peer's latest measure."""
    ours: dict[int, list[ChannelAssessment]] = defaultdict(list)
    platforms = {}
    for a in assessments:
        ours[a.channel.platform_id].append(a)
        platforms[a.channel.platform_id] = a.channel.platform
    latest = PeerMetric.objects.filter(
        peer=OuterRef("peer"), platform=OuterRef("platform"), measured_on__lte=audit.conducted_on
    ).order_by("-measured_on", "-pk")
    metrics = (
        PeerMetric.objects.filter(platform_id__in=platforms, measured_on__lte=audit.conducted_on)
        .filter(pk=Subquery(latest.values("pk")[:1]))
        .select_related("peer")
        .order_by("peer__name")
    )
    by_platform: dict[int, list[PeerMetric]] = defaultdict(list)
    for metric in metrics:
        by_platform[metric.platform_id].append(metric)
    comparisons = []
    for platform_id, items in sorted(ours.items(), key=lambda kv: platforms[kv[0]].name):
        if not by_platform.get(platform_id):
            continue
        followers = [a.followers for a in items if a.followers is not None]
        rates = [a.engagement_rate for a in items if a.engagement_rate is not None]
        posts = [a.posts_last_30_days for a in items if a.posts_last_30_days is not None]
        comparisons.append(
            PeerComparison(
                platforms[platform_id],
                sum(followers) if followers else None,
                (sum(rates) / len(rates)).quantize(Decimal("0.01")) if rates else None,
                sum(posts) if posts else None,
                by_platform[platform_id],
            )
        )
    return comparisons


def channel_history(channel) -> list[ChannelAssessment]:
    """The channel's weighted score in each audit, oldest first (for its Audits tab)."""
    return list(
        with_weighted_score(
            ChannelAssessment.objects.filter(channel=channel).select_related("audit")
        ).order_by("audit__conducted_on", "audit__pk")
    )
