"""Admin for policies. Settings and drafts change through the services; a published version,
an acknowledgement and the roster's history are shown, never changed or deleted here."""

from __future__ import annotations

from django.contrib import admin

from accounts.admin import ServiceAdmin, ShownInline, ShownOnlyAdmin
from governance import services
from governance.models import Acknowledgement, CrisisContact, Policy, PolicyVersion
from governance.policies.services import POLICY_FIELDS


class PolicyVersionInline(ShownInline):
    model = PolicyVersion
    fields = ("number", "status", "effective_on", "published_at", "published_by", "summary")
    readonly_fields = fields
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("policy", "published_by")


@admin.register(Policy)
class PolicyAdmin(ServiceAdmin):
    list_display = ("title", "kind", "audience", "current_version", "gates_access", "archived_at")
    list_filter = ("kind", "audience", "gates_access", "acknowledgement_required")
    search_fields = ("title",)
    list_select_related = ("current_version__policy",)
    fields = (*POLICY_FIELDS, "change_history")
    fields_for_service = POLICY_FIELDS
    autocomplete_fields = ("owner",)
    inlines = [PolicyVersionInline]

    def has_add_permission(self, request) -> bool:
        return False  # a policy starts with its first draft, on the policy pages

    def update(self, *, actor, obj, data):
        return services.policy_update(actor=actor, policy=obj, **data)


@admin.register(PolicyVersion)
class PolicyVersionAdmin(ServiceAdmin):
    list_display = ("policy", "number", "status", "effective_on", "published_at", "published_by")
    list_filter = ("status", "policy__kind")
    search_fields = ("policy__title",)
    list_select_related = ("policy", "published_by")
    fields = ("body", "summary", "effective_on", "change_history")
    fields_for_service = ("body", "summary", "effective_on")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        # A published version is the record of what people accepted.
        if obj is not None and obj.is_published:
            return False
        return super().has_change_permission(request, obj)

    def update(self, *, actor, obj, data):
        return services.policy_version_update(actor=actor, version=obj, **data)


@admin.register(Acknowledgement)
class AcknowledgementAdmin(ShownOnlyAdmin):
    list_display = ("person", "version", "acknowledged_at")
    list_filter = ("version__policy",)
    search_fields = ("person__first_name", "person__last_name", "person__email")
    list_select_related = ("person", "version__policy")
    date_hierarchy = "acknowledged_at"


@admin.register(CrisisContact)
class CrisisContactAdmin(ShownOnlyAdmin):
    list_display = ("display_name", "policy", "channel", "team", "position", "phone", "active")
    list_filter = ("active", "policy", "team")
    search_fields = ("name", "person__first_name", "person__last_name", "person__email")
    search_fields += ("phone", "responsibility", "channel__name", "team__name")
    list_select_related = ("person", "policy", "channel__platform", "team")
    readonly_fields = ("change_history",)
