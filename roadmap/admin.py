"""Admin for the roadmap: shown here, written on the roadmap pages through the services."""

from __future__ import annotations

from django.contrib import admin

from accounts.admin import HistoryMixin
from roadmap.models import CalendarToken, KpiReading, Milestone, Objective, Roadmap


class ShownOnlyAdmin(HistoryMixin, admin.ModelAdmin):
    readonly_fields = ("change_history",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Objective)
class ObjectiveAdmin(ShownOnlyAdmin):
    list_display = ("title", "status", "primary", "deadline", "owner")
    list_filter = ("status", "primary")


@admin.register(KpiReading)
class KpiReadingAdmin(ShownOnlyAdmin):
    list_display = ("objective", "measured_on", "value")


@admin.register(Roadmap)
class RoadmapAdmin(ShownOnlyAdmin):
    list_display = ("name", "starts_on", "template")


@admin.register(Milestone)
class MilestoneAdmin(ShownOnlyAdmin):
    list_display = ("title", "phase", "due_on", "status", "owner")
    list_filter = ("status",)
    list_select_related = ("phase", "owner")


@admin.register(CalendarToken)
class CalendarTokenAdmin(ShownOnlyAdmin):
    list_display = ("__str__", "created_at", "revoked_at")
    exclude = ("token",)  # the secret of a feed is not shown, even here
