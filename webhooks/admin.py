"""Admin of webhooks: endpoints (created here, the secret shown once; deactivated, never
deleted) and the outbox of deliveries (shown, with failed ones sent again by an action)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.admin import SecretShownOnceAdmin, ShownOnlyAdmin
from webhooks import services
from webhooks.events import event_type_choices
from webhooks.models import WebhookDelivery, WebhookEndpoint
from webhooks.rules import may_manage_webhooks


class EndpointForm(forms.ModelForm):
    url = forms.URLField(label=_("URL"), max_length=500, assume_scheme="https")
    event_types = forms.MultipleChoiceField(
        label=_("event types"), choices=event_type_choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = WebhookEndpoint
        fields = services.ENDPOINT_FIELDS


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(SecretShownOnceAdmin):
    form = EndpointForm
    list_display = ("name", "url", "active", "allow_private_network", "created_by", "created_at")
    list_filter = ("active", "allow_private_network")
    list_select_related = ("created_by",)
    search_fields = ("name", "url")
    fields = (*services.ENDPOINT_FIELDS, "created_by", "created_at", "change_history")
    readonly_fields = ("created_by", "created_at", "change_history")
    fields_for_service = services.ENDPOINT_FIELDS

    def has_add_permission(self, request) -> bool:
        return may_manage_webhooks(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return may_manage_webhooks(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # deactivate it: its deliveries stay explained

    def create(self, *, actor, data):
        return services.webhook_endpoint_create(actor=actor, **data)

    def update(self, *, actor, obj, data):
        return services.webhook_endpoint_update(actor=actor, endpoint=obj, **data)

    shown_once_title = _("Webhook endpoint created")
    secret_attribute = "new_secret"

    def secret_page(self, request, obj) -> dict:
        return {
            "paragraphs": [
                gettext(
                    "The endpoint “%(name)s” is registered. Copy its signing secret into the "
                    "receiver now: it is shown only this once, and Gouvernail keeps it "
                    "encrypted, for signing only."
                )
                % {"name": obj.name},
                gettext(
                    "Every request carries the headers webhook-id, webhook-timestamp and "
                    "webhook-signature of the Standard Webhooks specification: verify them with "
                    "its libraries and this secret."
                ),
            ],
            "secret_id": "webhook-secret",
            "secret_label": gettext("Signing secret"),
            "fields": [{"id": "webhook-url", "label": gettext("URL"), "value": obj.url}],
        }


DELIVERY_STATES = {
    "owed": _("Owed"),
    "claimed": _("Being sent"),
    "sent": _("Sent"),
    "failed": _("Failed"),
}


class DeliveryStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return list(DELIVERY_STATES.items())

    def queryset(self, request, queryset):
        unsent = {"sent_at__isnull": True, "failed_at__isnull": True}
        filters = {
            "owed": {**unsent, "claimed_at__isnull": True},
            "claimed": {**unsent, "claimed_at__isnull": False},
            "sent": {"sent_at__isnull": False},
            "failed": {"failed_at__isnull": False},
        }
        value = self.value()
        return queryset.filter(**filters[value]) if value in filters else queryset


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ShownOnlyAdmin):
    """The webhooks' outbox: what is owed, sent or failed, with the attempts and the receiver's
    last answer; failed deliveries can be sent again."""

    list_display = ("created_at", "event_type", "endpoint", "state_label", "attempts")
    list_display += ("next_attempt_at", "last_status", "last_error", "sent_at")
    list_filter = (DeliveryStateFilter, "event_type", "endpoint")
    list_select_related = ("endpoint",)
    search_fields = ("event_id", "event_type", "endpoint__name")
    date_hierarchy = "created_at"
    actions = ["resend"]
    readonly_fields = (
        "event_id",
        "event_type",
        "endpoint",
        "payload",
        "created_at",
        "attempts",
        "next_attempt_at",
        "claimed_at",
        "sent_at",
        "failed_at",
        "last_status",
        "last_response",
        "last_error",
        "change_history",
    )

    @admin.display(description=_("state"))
    def state_label(self, obj: WebhookDelivery) -> str:
        return DELIVERY_STATES[obj.state]

    def has_resend_permission(self, request) -> bool:
        return may_manage_webhooks(request.user)

    @admin.action(
        description=_("Send the selected failed deliveries again"), permissions=["resend"]
    )
    def resend(self, request, queryset) -> None:
        count = services.webhook_deliveries_resend(
            actor=request.user, deliveries=queryset, now=timezone.now()
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d failed delivery is owed again and on its way.",
                "%(count)d failed deliveries are owed again and on their way.",
                count,
            )
            % {"count": count}
            if count
            else _("None of the selected deliveries had failed."),
            messages.SUCCESS if count else messages.WARNING,
        )
