"""Admin of off-boardings, with their tasks; shown, written by the services."""

from __future__ import annotations

from django.contrib import admin

from accounts.admin import ShownOnlyAdmin
from governance.models import Offboarding, Task


class TaskInline(admin.TabularInline):
    model = Task
    fields = ("kind", "channel", "assignee", "due_on", "status", "done_by", "evidence")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def get_queryset(self, request):
        related = ("channel__platform", "assignee", "done_by")
        return super().get_queryset(request).select_related(*related)

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Offboarding)
class OffboardingAdmin(ShownOnlyAdmin):
    list_display = ("person", "last_day", "status", "initiated_by", "created_at", "completed_at")
    list_filter = ("status",)
    search_fields = ("person__last_name", "person__email")
    list_select_related = ("person", "initiated_by")
    inlines = [TaskInline]
    readonly_fields = ("change_history",)
