"""Admin for audits. Criteria change through the service; the rest is shown, and written on the
audit pages through the services (an assessment's scores and a peer's metrics shown inline)."""

from __future__ import annotations

from django.contrib import admin

from accounts.admin import ServiceAdmin, ShownInline, ShownOnlyAdmin
from audits import services
from audits.models import (
    Audit,
    ChannelAssessment,
    Criterion,
    CriterionScore,
    Finding,
    Peer,
    PeerMetric,
    PlatformEvaluation,
)


@admin.register(Criterion)
class CriterionAdmin(ServiceAdmin):
    list_display = ("name", "weight", "order", "active")
    list_filter = ("active", "weight")
    search_fields = ("name", "description")
    fields = ("name", "description", "weight", "order", "active", "change_history")
    fields_for_service = ("name", "description", "weight", "order", "active")

    def create(self, *, actor, data):
        return services.criterion_save(actor=actor, **data)

    def update(self, *, actor, obj, data):
        return services.criterion_save(actor=actor, criterion=obj, **data)


@admin.register(Audit)
class AuditAdmin(ShownOnlyAdmin):
    list_display = ("title", "conducted_on", "auditor", "status")
    list_filter = ("status",)
    search_fields = ("title",)
    list_select_related = ("auditor",)


class CriterionScoreInline(ShownInline):
    model = CriterionScore
    fields = ("criterion", "score", "weight", "note")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("criterion")


@admin.register(ChannelAssessment)
class ChannelAssessmentAdmin(ShownOnlyAdmin):
    list_display = ("audit", "channel", "followers", "engagement_rate")
    list_filter = ("audit__status", "channel__platform", "audit")
    search_fields = ("audit__title", "channel__name", "channel__handle")
    list_select_related = ("audit", "channel__platform")
    inlines = (CriterionScoreInline,)


@admin.register(Finding)
class FindingAdmin(ShownOnlyAdmin):
    list_display = ("__str__", "audit", "severity", "status")
    list_filter = ("severity", "status", "audit")
    search_fields = ("observed", "recommendation", "audit__title")
    list_select_related = ("audit",)


class PeerMetricInline(ShownInline):
    model = PeerMetric
    fields = ("platform", "handle", "measured_on", "followers", "posts_last_30_days")
    fields += ("engagement_rate",)
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("peer", "platform")  # as __str__


@admin.register(Peer)
class PeerAdmin(ShownOnlyAdmin):
    list_display = ("name", "website")
    list_filter = ("metrics__platform",)
    search_fields = ("name", "website", "notes", "metrics__handle")
    inlines = (PeerMetricInline,)


@admin.register(PlatformEvaluation)
class PlatformEvaluationAdmin(ShownOnlyAdmin):
    list_display = ("platform", "evaluated_on", "decision", "next_evaluation_on", "evaluator")
    list_filter = ("decision", "platform")
    search_fields = ("platform__name", "rationale", "evaluator__last_name", "evaluator__email")
    list_select_related = ("platform", "evaluator")
