"""Admin for audits. Criteria change through the service; the rest is shown, and written on the
audit pages through the services."""

from __future__ import annotations

from django.contrib import admin

from accounts.admin import ServiceAdmin, ShownOnlyAdmin
from audits import services
from audits.models import Audit, ChannelAssessment, Criterion, Finding, Peer, PlatformEvaluation


@admin.register(Criterion)
class CriterionAdmin(ServiceAdmin):
    list_display = ("name", "weight", "order", "active")
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


@admin.register(ChannelAssessment)
class ChannelAssessmentAdmin(ShownOnlyAdmin):
    list_display = ("audit", "channel", "followers", "engagement_rate")
    list_select_related = ("audit", "channel__platform")


@admin.register(Finding)
class FindingAdmin(ShownOnlyAdmin):
    list_display = ("__str__", "audit", "severity", "status")
    list_filter = ("severity", "status")
    list_select_related = ("audit",)


@admin.register(Peer)
class PeerAdmin(ShownOnlyAdmin):
    list_display = ("name", "website")


@admin.register(PlatformEvaluation)
class PlatformEvaluationAdmin(ShownOnlyAdmin):
    list_display = ("platform", "evaluated_on", "decision", "next_evaluation_on", "evaluator")
    list_filter = ("decision", "platform")
    list_select_related = ("platform", "evaluator")
