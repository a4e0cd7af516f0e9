"""Admin of the access register (grants, requests); writes go through the services."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts.admin import ShownOnlyAdmin
from governance import services
from governance.models import (
    AccessGrant,
    AccessRequest,
)

# Policies have their own admin module; importing it registers it.


@admin.register(AccessGrant)
class AccessGrantAdmin(ShownOnlyAdmin):
    list_display = (
        "person",
        "channel",
        "role",
        "status",
        "granted_at",
        "expires_on",
        "revocation_reason",
    )
    list_filter = (
        "status",
        "role__privilege_level",
        "access_method",
        "revocation_reason",
        "channel__platform",
    )
    search_fields = (
        "person__first_name",
        "person__last_name",
        "person__email",
        "channel__name",
        "channel__handle",
    )
    list_select_related = ("person", "channel__platform", "role__platform")
    autocomplete_fields = ("person",)
    readonly_fields = ("change_history",)
    actions = ["revoke_selected"]

    @admin.action(description=_("Request revocation of the selected access"))
    def revoke_selected(self, request, queryset) -> None:
        done = 0
        for grant in queryset.filter(status="active"):
            try:
                services.grant_revoke(actor=request.user, grant=grant)
                done += 1
            except ValidationError as error:
                self.message_user(request, f"{grant}: {' '.join(error.messages)}", messages.ERROR)
        self.message_user(request, _("%(count)s revocations requested.") % {"count": done})


@admin.register(AccessRequest)
class AccessRequestAdmin(ShownOnlyAdmin):
    list_display = ("person", "channel", "role", "status", "requested_at", "decided_by")
    list_filter = ("status",)
    search_fields = ("person__last_name", "person__email", "channel__name")
    list_select_related = ("person", "channel__platform", "role__platform", "decided_by")
    readonly_fields = ("change_history",)
