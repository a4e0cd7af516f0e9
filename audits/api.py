"""The REST API of audits, read as their pages show them: the audits (the list page's figures;
one audit with its criteria, each channel's scores and weighted score, and its findings, as its
report page) and the platform evaluations (decision, rationale, next evaluation). Every read
starts from audits.rules and audits.selectors."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets

from audits import scoring
from audits.choices import AuditStatus, EvaluationDecision
from audits.models import (
    Audit,
    ChannelAssessment,
    Criterion,
    CriterionScore,
    Finding,
    PlatformEvaluation,
)
from audits.rules import evaluations_visible_to
from audits.selectors import audits_listed, findings_of, latest_evaluations, with_scores
from core.rest.etags import ETagMixin
from core.rest.filters import IdFilter
from core.rest.views import VisibleToUser


class AuditSerializer(serializers.ModelSerializer):
    """An audit as the list page shows it."""

    channel_count = serializers.IntegerField(read_only=True)
    score = serializers.FloatField(
        read_only=True, allow_null=True, help_text="Out of 5: the channels' mean weighted score."
    )

    class Meta:
        model = Audit
        fields = ("id", "title", "conducted_on", "auditor", "status", "summary", "created_by")
        fields += ("created_at", "completed_at", "updated_at", "channel_count", "score")
        read_only_fields = fields


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ("id", "name", "description", "weight", "active")
        read_only_fields = fields


class CriterionScoreSerializer(serializers.ModelSerializer):
    weight = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="The criterion's weight when completed."
    )

    class Meta:
        model = CriterionScore
        fields = ("criterion", "score", "note", "weight")
        read_only_fields = fields


class ChannelAssessmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChannelAssessment
        fields = ("id", "channel", "followers", "posts_last_30_days", "engagement_rate")
        fields += ("median_response_hours", "last_post_on", "note")
        read_only_fields = fields


class AuditChannelSerializer(serializers.Serializer):
    """One channel of the report: its metrics, its score per criterion, its weighted score."""

    assessment = ChannelAssessmentSerializer(read_only=True)
    scores = serializers.SerializerMethodField()
    weighted_score = serializers.FloatField(source="score", read_only=True, allow_null=True)
    previous_score = serializers.FloatField(
        source="previous",
        read_only=True,
        allow_null=True,
        help_text="The channel's weighted score in the previous completed audit.",
    )

    @extend_schema_field(CriterionScoreSerializer(many=True))
    def get_scores(self, row) -> list[dict]:
        return CriterionScoreSerializer(
            [cell for cell in row.cells if cell is not None], many=True
        ).data


class FindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Finding
        fields = ("id", "severity", "observed", "recommendation", "channels", "status")
        fields += ("follow_up_url", "follow_up_label", "created_at", "updated_at")
        read_only_fields = fields


class AuditReportSerializer(AuditSerializer):
    """An audit as its report page shows it: criteria, scores per channel, findings."""

    previous_audit = serializers.SerializerMethodField(
        help_text="The last completed audit before this one."
    )
    previous_score = serializers.FloatField(
        source="report.previous_score", read_only=True, allow_null=True
    )
    criteria = CriterionSerializer(source="report.criteria", many=True, read_only=True)
    channels = AuditChannelSerializer(source="report.rows", many=True, read_only=True)
    findings = FindingSerializer(source="report_findings", many=True, read_only=True)

    class Meta(AuditSerializer.Meta):
        fields = (*AuditSerializer.Meta.fields, "previous_audit", "previous_score", "criteria")
        fields += ("channels", "findings")
        read_only_fields = fields

    def get_previous_audit(self, audit) -> int | None:
        previous = audit.report.previous
        return previous.pk if previous is not None else None


class AuditFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=AuditStatus.choices)
    auditor = IdFilter(help_text="A person.")
    channel = IdFilter(method="by_channel", help_text="A channel assessed.")
    conducted_after = django_filters.DateFilter(field_name="conducted_on", lookup_expr="gte")
    conducted_before = django_filters.DateFilter(field_name="conducted_on", lookup_expr="lte")

    class Meta:
        model = Audit
        fields: list[str] = []

    def by_channel(self, queryset, name, value):
        assessed = ChannelAssessment.objects.filter(channel=value).values("audit")
        return queryset.filter(pk__in=assessed)


class AuditViewSet(VisibleToUser, ETagMixin, viewsets.ReadOnlyModelViewSet):
    """Audits: all of them to leads, auditors and admins; to an outside auditor the audits they
    conduct, until completed. Newest first."""

    scope_area = "audits"
    filterset_class = AuditFilter
    ordering = "-pk"

    model = Audit

    def visible(self, user):
        return audits_listed(user)

    def get_serializer_class(self):
        return AuditReportSerializer if self.action == "retrieve" else AuditSerializer

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return with_scores(page) if page is not None else None

    def get_object(self):
        audit = super().get_object()
        audit.report = scoring.report(audit)
        audit.score = audit.report.score
        audit.report_findings = findings_of(audit)
        return audit


class PlatformEvaluationSerializer(serializers.ModelSerializer):
    class Meta:
        model = PlatformEvaluation
        fields = ("id", "platform", "evaluated_on", "evaluator", "decision", "rationale")
        fields += ("audience", "peers", "objectives", "effort", "cost", "next_evaluation_on")
        fields += ("recorded_by", "created_at")
        read_only_fields = fields


class PlatformEvaluationFilter(django_filters.FilterSet):
    platform = IdFilter()
    decision = django_filters.ChoiceFilter(choices=EvaluationDecision.choices)
    latest = django_filters.BooleanFilter(
        method="by_latest", label="Only each platform's latest evaluation (the list page's)."
    )
    next_evaluation_before = django_filters.DateFilter(
        field_name="next_evaluation_on",
        lookup_expr="lte",
        label="Due for evaluation on or before this date.",
    )

    class Meta:
        model = PlatformEvaluation
        fields: list[str] = []

    def by_latest(self, queryset, name, value):
        if value is None:
            return queryset
        latest = latest_evaluations(PlatformEvaluation.objects.all()).values("pk")
        return queryset.filter(pk__in=latest) if value else queryset.exclude(pk__in=latest)


class PlatformEvaluationViewSet(VisibleToUser, ETagMixin, viewsets.ReadOnlyModelViewSet):
    """Platform evaluations, to leads, auditors and admins (the organisation's own decisions);
    newest first."""

    scope_area = "audits"
    serializer_class = PlatformEvaluationSerializer
    filterset_class = PlatformEvaluationFilter
    ordering = "-pk"

    model = PlatformEvaluation

    def visible(self, user):
        return evaluations_visible_to(user)
