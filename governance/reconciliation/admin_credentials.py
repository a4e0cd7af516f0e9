"""Admin of connector credentials (typed here once, stored encrypted, never shown again) and
of which channel each API connector reads. Saves go through services_credentials."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.admin import ServiceAdmin
from accounts.rules import may_manage_identity
from governance.reconciliation import services_credentials as services
from governance.reconciliation.connectors import platform_connectors
from governance.reconciliation.models_credentials import ChannelSource, ConnectorCredential

# What each credential field is, as the admin finds it on the platform; every connector's
# credential_fields are among these (a test holds it).
SECRET_LABELS = {
    "access_token": _("Access token"),
    "business_id": _("Business portfolio or business account ID"),
    "bc_id": _("Business Center ID"),
}


def _secret_field(label) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Stored encrypted and never shown again; leave empty to keep the current one."),
    )


class ConnectorCredentialForm(forms.ModelForm):
    connector = forms.ChoiceField(label=_("Connector"))
    secret_access_token = _secret_field(SECRET_LABELS["access_token"])
    secret_business_id = _secret_field(SECRET_LABELS["business_id"])
    secret_bc_id = _secret_field(SECRET_LABELS["bc_id"])

    class Meta:
        model = ConnectorCredential
        fields = ("connector", "label", "active")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["connector"].choices = [
            (connector.key, connector.label) for connector in platform_connectors
        ]
        if self.instance.pk:
            self.fields["connector"].disabled = True
        for name in SECRET_LABELS:
            needs = [str(c.label) for c in platform_connectors if name in c.credential_fields]
            self.fields[f"secret_{name}"].help_text = _(
                "Needed by: %(connectors)s. Stored encrypted and never shown again; leave empty "
                "to keep the current one."
            ) % {"connectors": ", ".join(needs)}


@admin.register(ConnectorCredential)
class ConnectorCredentialAdmin(ServiceAdmin):
    form = ConnectorCredentialForm
    list_display = ("label", "connector", "fields_set", "active", "updated_at")
    list_filter = ("connector", "active")
    search_fields = ("label",)
    readonly_fields = ("fields_set", "updated_at", "change_history")
    fields_for_service = ("connector", "label", "active")

    def get_fields(self, request, obj=None):
        secrets = [f"secret_{name}" for name in SECRET_LABELS]
        shown = self.readonly_fields if obj is not None else ()  # nothing to show before
        return ["connector", "label", *secrets, "active", *shown]

    def service_data(self, request, cleaned_data) -> dict:
        secrets = {name: cleaned_data.get(f"secret_{name}", "") for name in SECRET_LABELS}
        return {**super().service_data(request, cleaned_data), "secrets": secrets}

    def has_add_permission(self, request) -> bool:
        return may_manage_identity(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return may_manage_identity(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # deactivate it: the readings it made stay explained

    def create(self, *, actor, data):
        return services.connector_credential_create(actor=actor, now=timezone.now(), **data)

    def update(self, *, actor, obj, data):
        return services.connector_credential_update(
            actor=actor, credential=obj, now=timezone.now(), **data
        )


@admin.register(ChannelSource)
class ChannelSourceAdmin(ServiceAdmin):
    list_display = ("channel", "credential", "asset_id", "active", "last_read_at")
    list_display += ("last_failure", "next_sync_at")
    list_filter = ("active", "credential__connector", "last_failure")
    list_select_related = ("channel", "credential")
    search_fields = ("channel__name", "channel__handle", "asset_id")
    autocomplete_fields = ("channel",)
    fields = ("channel", "credential", "asset_id", "active", "next_sync_at", "last_read_at")
    fields += ("last_failure", "last_failure_detail", "failures_in_a_row", "change_history")
    readonly_fields = ("next_sync_at", "last_read_at", "last_failure", "last_failure_detail")
    readonly_fields += ("failures_in_a_row", "change_history")
    fields_for_service = ("channel", "credential", "asset_id", "active")

    def has_add_permission(self, request) -> bool:
        return may_manage_identity(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return may_manage_identity(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # stop syncing it (synced off): its readings stay explained

    def create(self, *, actor, data):
        return services.channel_source_create(actor=actor, now=timezone.now(), **data)

    def update(self, *, actor, obj, data):
        return services.channel_source_update(actor=actor, source=obj, now=timezone.now(), **data)
