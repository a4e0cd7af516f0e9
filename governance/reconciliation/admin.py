"""What the platforms showed, the confirmed matches and the drift findings: shown and searched
here, written only through the reconciliation's services (their history is the evidence)."""

from __future__ import annotations

from django.contrib import admin

from accounts.admin import ShownInline, ShownOnlyAdmin
from governance.reconciliation.models import (
    DriftFinding,
    HolderMatch,
    Observation,
    ObservedHolder,
)


class HolderInline(ShownInline):
    model = ObservedHolder
    fields = ("name", "email", "external_id", "role_name", "person", "matched_by", "invited_at")
    readonly_fields = fields
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person")


@admin.register(Observation)
class ObservationAdmin(ShownOnlyAdmin):
    list_display = ("channel", "seen_at", "source", "failure", "recorded_by_label")
    list_filter = ("source", "failure")
    list_select_related = ("channel__platform",)
    search_fields = ("channel__name", "channel__handle")
    date_hierarchy = "seen_at"
    inlines = (HolderInline,)


@admin.register(DriftFinding)
class DriftFindingAdmin(ShownOnlyAdmin):
    list_display = (
        "channel",
        "kind",
        "subject_key",
        "first_seen_at",
        "last_seen_at",
        "resolved_at",
    )
    list_filter = ("kind", ("resolved_at", admin.EmptyFieldListFilter))
    list_select_related = ("channel__platform",)
    search_fields = ("channel__name", "subject_key")


@admin.register(HolderMatch)
class HolderMatchAdmin(ShownOnlyAdmin):
    list_display = ("platform", "external_id", "name", "person", "confirmed_by", "confirmed_at")
    list_filter = ("platform",)
    list_select_related = ("platform", "person", "confirmed_by")
    search_fields = ("external_id", "name", "person__last_name", "person__email")
