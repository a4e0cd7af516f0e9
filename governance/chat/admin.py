"""Admin of chat destinations (saved through the services; the URL entered, never shown) and of
the team notices' outbox (failed ones sent again by an action)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.admin import ServiceAdmin, ShownOnlyAdmin
from governance import services
from governance.chat.forms import URL_HELP
from governance.chat.models import ChatDestination, TeamNotice
from governance.reminders import delivery
from governance.reminders.admin import REMINDER_STATES
from governance.rules import may_resend_reminders


class DestinationForm(forms.ModelForm):
    # Write-only: the stored URL is a secret, never shown back (its hint is).
    new_url = forms.CharField(
        label=_("Apprise URL"),
        required=False,
        max_length=2000,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )

    class Meta:
        model = ChatDestination
        fields = ("user", "team", "language", "active", "allow_private_network")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_url"].help_text = "{} {}".format(
            URL_HELP, gettext("Never shown again; leave it empty to keep the saved one.")
        )

    def clean(self):
        """A destination is a user's or a team's: the error names the two fields to choose from."""
        cleaned = super().clean()
        if "user" not in self.fields:  # a saved destination: whose it is is read-only
            return cleaned
        if (cleaned.get("user") is None) == (cleaned.get("team") is None):
            message = gettext("Choose either a user or a team, not both.")
            self.add_error("user", message)
            self.add_error("team", message)
        return cleaned


@admin.register(ChatDestination)
class ChatDestinationAdmin(ServiceAdmin):
    """A person's or a team's chat; only here may a private address be allowed."""

    form = DestinationForm
    list_display = ("__str__", "service", "language", "active", "allow_private_network")
    list_display += ("updated_at",)
    list_filter = ("active", "service", "allow_private_network")
    list_select_related = ("user", "team")
    search_fields = ("user__email", "team__name", "hint")
    autocomplete_fields = ("user", "team")
    fields = (
        "user",
        "team",
        "new_url",
        "service",
        "hint",
        "language",
        "active",
        "allow_private_network",
        "updated_at",
        "change_history",
    )
    fields_for_service = ("user", "team", "new_url", "language", "active")
    fields_for_service += ("allow_private_network",)

    def get_readonly_fields(self, request, obj=None):
        shown = ("service", "hint", "updated_at", "change_history")
        return ("user", "team", *shown) if obj is not None else shown

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        obj.refresh_from_db()  # the service made its hint: the admin's message names it

    def service_data(self, request, cleaned_data) -> dict:
        data = super().service_data(request, cleaned_data)
        data["url"] = data.pop("new_url", "")
        return data

    def create(self, *, actor, data):
        return services.chat_destination_set(actor=actor, **data)

    def update(self, *, actor, obj, data):
        data = {**data, "user": obj.user, "team": obj.team}
        return services.chat_destination_set(actor=actor, **data)


@admin.register(TeamNotice)
class TeamNoticeAdmin(ShownOnlyAdmin):
    """The team notices' outbox: owed, claimed, sent or failed (with the error); failed ones can
    be sent again."""

    list_display = ("created_at", "team", "line", "member", "state_label", "attempts")
    list_display += ("next_attempt_at", "last_error")
    list_filter = ("team",)
    list_select_related = ("team", "reminder__recipient")
    search_fields = ("team__name", "event_key")
    date_hierarchy = "created_at"
    actions = ["retry_selected"]
    readonly_fields = ()

    @admin.display(description=_("what"))
    def line(self, obj: TeamNotice) -> str:
        return delivery.line(obj.reminder)

    @admin.display(description=_("member"))
    def member(self, obj: TeamNotice) -> str:
        return str(obj.reminder.recipient)

    @admin.display(description=_("state"))
    def state_label(self, obj: TeamNotice) -> str:
        return REMINDER_STATES[obj.state]

    def has_retry_permission(self, request) -> bool:
        return may_resend_reminders(request.user)

    @admin.action(description=_("Send the selected failed notices again"), permissions=["retry"])
    def retry_selected(self, request, queryset) -> None:
        count = services.team_notices_retry(
            actor=request.user, notices=queryset, now=timezone.now()
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d failed notice is owed again.",
                "%(count)d failed notices are owed again.",
                count,
            )
            % {"count": count}
            if count
            else _("None of the selected notices had failed."),
            messages.SUCCESS if count else messages.WARNING,
        )
