"""Admin for the roadmap: shown here, written on the roadmap pages through the services. A
roadmap shows its phases; a phase, its sourcing options."""

from __future__ import annotations

from django.contrib import admin

from accounts.admin import ShownInline, ShownOnlyAdmin
from roadmap.models import (
    CalendarToken,
    KpiReading,
    Milestone,
    Objective,
    Phase,
    Roadmap,
    SourcingOption,
)


@admin.register(Objective)
class ObjectiveAdmin(ShownOnlyAdmin):
    list_display = ("title", "status", "primary", "deadline", "owner")
    list_filter = ("status", "primary", "direction")
    search_fields = ("title", "kpi_name", "description", "owner__last_name", "owner__email")
    list_select_related = ("owner",)


@admin.register(KpiReading)
class KpiReadingAdmin(ShownOnlyAdmin):
    list_display = ("objective", "measured_on", "value")
    list_filter = ("objective__status", "objective")
    search_fields = ("objective__title", "objective__kpi_name", "note")
    list_select_related = ("objective",)
    date_hierarchy = "measured_on"


class PhaseInline(ShownInline):
    model = Phase
    fields = ("order", "name", "starts_on", "ends_on")
    readonly_fields = fields
    show_change_link = True  # to its sourcing options


@admin.register(Roadmap)
class RoadmapAdmin(ShownOnlyAdmin):
    list_display = ("name", "starts_on", "template")
    list_filter = ("template",)
    search_fields = ("name", "phases__name")
    inlines = (PhaseInline,)


class SourcingOptionInline(ShownInline):
    model = SourcingOption
    fields = ("kind", "label", "partner", "hourly_rate", "hours_per_month", "monthly_fee")
    fields += ("chosen", "rationale")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("partner")


@admin.register(Phase)
class PhaseAdmin(ShownOnlyAdmin):
    list_display = ("name", "roadmap", "starts_on", "ends_on", "order")
    list_filter = ("roadmap",)
    search_fields = ("name", "description", "roadmap__name")
    list_select_related = ("roadmap",)
    inlines = (SourcingOptionInline,)


@admin.register(Milestone)
class MilestoneAdmin(ShownOnlyAdmin):
    list_display = ("title", "phase", "due_on", "status", "owner")
    list_filter = ("status", "phase__roadmap", ("objective", admin.EmptyFieldListFilter))
    search_fields = ("title", "phase__name", "owner__last_name", "owner__email")
    list_select_related = ("phase", "owner")


@admin.register(CalendarToken)
class CalendarTokenAdmin(ShownOnlyAdmin):
    list_display = ("__str__", "created_at", "revoked_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter), "roadmap")
    search_fields = ("user__email", "user__full_name", "roadmap__name")
    list_select_related = ("user", "roadmap")
    exclude = ("token",)  # the secret of a feed is not shown, even here
