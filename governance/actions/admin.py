"""Admin of tasks, whatever handed them out; shown, written by the services."""

from __future__ import annotations

from django.contrib import admin

from accounts.admin import ShownOnlyAdmin
from governance.actions.models import Task


@admin.register(Task)
class TaskAdmin(ShownOnlyAdmin):
    list_display = ("kind", "channel", "origin", "offboarding", "assignee", "due_on", "status")
    list_filter = ("status", "origin", "kind")
    search_fields = ("grant__person__last_name", "channel__name")
    list_select_related = ("offboarding__person", "channel__platform", "assignee")
    readonly_fields = ("change_history",)
