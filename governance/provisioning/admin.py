"""Admin of SCIM provisioning: tokens (created here, the secret shown once; revoked by an
action), and what the providers did, shown only: provisioned users and groups, every call."""

from __future__ import annotations

from django.contrib import admin, messages
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.admin import SecretShownOnceAdmin, ShownOnlyAdmin
from accounts.rules import may_manage_identity
from governance.provisioning import services
from governance.provisioning.models import ScimCall, ScimGroup, ScimToken, ScimUser


@admin.register(ScimToken)
class ScimTokenAdmin(SecretShownOnceAdmin):
    list_display = ("name", "prefix", "provider", "created_by", "created_at", "last_used_at")
    list_display += ("revoked_at",)
    list_filter = ("provider", ("revoked_at", admin.EmptyFieldListFilter))
    list_select_related = ("provider", "created_by")
    search_fields = ("name", "prefix")
    fields = ("name", "provider", "prefix", "created_by", "created_at", "last_used_at")
    fields += ("revoked_at", "revoked_by", "change_history")
    readonly_fields = ("prefix", "created_by", "created_at", "last_used_at", "revoked_at")
    readonly_fields += ("revoked_by", "change_history")
    fields_for_service = ("name", "provider")
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return may_manage_identity(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return may_manage_identity(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # revoke it: its calls stay explained

    def has_revoke_permission(self, request) -> bool:
        return may_manage_identity(request.user)

    shown_once_title = _("SCIM token created")

    def create(self, *, actor, data):
        return services.scim_token_create(actor=actor, **data)

    def secret_page(self, request, obj) -> dict:
        return {
            "paragraphs": [
                gettext(
                    "The token “%(name)s” is made. Copy it into the identity provider now: it is "
                    "shown only this once, and Gouvernail keeps only its fingerprint."
                )
                % {"name": obj.name}
            ],
            "secret_id": "scim-secret",
            "secret_label": gettext("Secret token"),
            "fields": [
                {
                    "id": "scim-url",
                    "label": gettext("SCIM base URL"),
                    "value": request.build_absolute_uri(reverse("scim:root")),
                }
            ],
        }

    def update(self, *, actor, obj, data):
        return services.scim_token_update(actor=actor, token=obj, **data)

    @admin.action(description=_("Revoke the selected tokens"), permissions=["revoke"])
    def revoke(self, request, queryset) -> None:
        now = timezone.now()
        live = list(queryset.filter(revoked_at__isnull=True))
        for token in live:
            services.scim_token_revoke(actor=request.user, token=token, now=now)
        message = ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", len(live))
        self.message_user(request, message % {"count": len(live)}, messages.SUCCESS)


@admin.register(ScimUser)
class ScimUserAdmin(ShownOnlyAdmin):
    list_display = ("user_name", "user", "external_id", "scim_id", "updated_at", "deleted_at")
    list_filter = (("deleted_at", admin.EmptyFieldListFilter),)
    list_select_related = ("user",)
    search_fields = ("user_name", "external_id", "user__email")
    readonly_fields = ("scim_id", "user", "user_name", "external_id", "attributes", "token")
    readonly_fields += ("created_at", "updated_at", "deleted_at", "change_history")

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ScimGroup)
class ScimGroupAdmin(ShownOnlyAdmin):
    list_display = ("display_name", "external_id", "scim_id", "updated_at", "deleted_at")
    list_filter = (("deleted_at", admin.EmptyFieldListFilter),)
    search_fields = ("display_name", "external_id")
    readonly_fields = ("scim_id", "display_name", "external_id", "members", "token")
    readonly_fields += ("created_at", "updated_at", "deleted_at", "change_history")

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ScimCall)
class ScimCallAdmin(ShownOnlyAdmin):
    list_display = ("at", "token", "method", "path", "status", "outcome")
    list_filter = ("status", "method", "token")
    list_select_related = ("token",)
    search_fields = ("path", "resource_id", "outcome")
    readonly_fields = ("at", "token", "method", "path", "resource_id", "status", "outcome")
    date_hierarchy = "at"

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
