"""Admin of off-boardings and their tasks; shown, written by the services."""

from __future__ import annotations

from django.contrib import admin

from accounts.admin import ShownOnlyAdmin
from governance.models import (
    Offboarding,
    OffboardingTask,
)

# Policies have their own admin module; importing it registers it.


class OffboardingTaskInline(admin.TabularInline):
    model = OffboardingTask
    fields = ("kind", "channel", "assignee", "due_on", "status", "done_by", "evidence")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Offboarding)
class OffboardingAdmin(ShownOnlyAdmin):
    list_display = ("person", "last_day", "status", "initiated_by", "created_at", "completed_at")
    list_filter = ("status",)
    search_fields = ("person__last_name", "person__email")
    list_select_related = ("person", "initiated_by")
    inlines = [OffboardingTaskInline]
    readonly_fields = ("change_history",)


@admin.register(OffboardingTask)
class OffboardingTaskAdmin(ShownOnlyAdmin):
    list_display = ("offboarding", "kind", "channel", "assignee", "due_on", "status")
    list_filter = ("status", "kind")
    search_fields = ("offboarding__person__last_name", "channel__name")
    list_select_related = ("offboarding__person", "channel__platform", "assignee")
    readonly_fields = ("change_history",)
