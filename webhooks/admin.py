"""Admin of webhooks: endpoints (created here, the secret shown once; deactivated, never
deleted) and the outbox of deliveries (shown, with failed ones sent again by an action)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin import ServiceAdmin, ShownOnlyAdmin
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
class WebhookEndpointAdmin(ServiceAdmin):
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

    def save_model(self, request, obj, form, change) -> None:
        if change:
            return super().save_model(request, obj, form, change)
        endpoint = self.create(
            actor=request.user, data=self.service_data(request, form.cleaned_data)
        )
        obj.pk = endpoint.pk
        obj._state.adding = False
        obj.new_secret = endpoint.new_secret  # for response_add, which shows it; never stored

    def response_add(self, request, obj, post_url_continue=None):
        """The secret, shown once in this answer itself: not in a message, which the cookie
        storage would carry in a signed but readable cookie, nor in the session."""
        secret = getattr(obj, "new_secret", None)
        if secret is None:
            return super().response_add(request, obj, post_url_continue)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Webhook endpoint created"),
            "opts": self.model._meta,
            "endpoint": obj,
            "secret": secret,
            "change_url": reverse("admin:webhooks_webhookendpoint_change", args=[obj.pk]),
        }
        response = TemplateResponse(request, "webhooks/endpoint_created.html", context)
        add_never_cache_headers(response)
        return response


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
