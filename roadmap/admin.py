"""Admin for the roadmap: shown here, written on the roadmap pages through the services."""

from __future__ import annotations

from django.contrib import admin

from accounts.admin import ShownOnlyAdmin
from roadmap.models import CalendarToken, KpiReading, Milestone, Objective, Roadmap


@admin.register(Objective)
class ObjectiveAdmin(ShownOnlyAdmin):
    list_display = ("title", "status", "primary", "deadline", "owner")
    list_filter = ("status", "primary")
    list_select_related = ("owner",)


@admin.register(KpiReading)
class KpiReadingAdmin(ShownOnlyAdmin):
    list_display = ("objective", "measured_on", "value")
    list_select_related = ("objective",)


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
    list_select_related = ("user", "roadmap")
    exclude = ("token",)  # the secret of a feed is not shown, even here
