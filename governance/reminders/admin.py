"""The outbox in the admin: what is owed, claimed, sent, or failed, and sending failed rows again;
each user's digest preference, shown (each user sets their own, on their preferences page)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin import ShownOnlyAdmin
from governance import services
from governance.reminders import delivery
from governance.reminders.models import Reminder, ReminderPreference
from governance.reminders.registry import reminder_kinds
from governance.rules import may_resend_reminders

# Policies have their own admin module; importing it registers it.


class ReminderKindFilter(admin.SimpleListFilter):
    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(kind.key, kind.label) for kind in reminder_kinds]

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


REMINDER_STATES = {
    "owed": _("Owed"),
    "claimed": _("Claimed"),
    "retrying": _("Failed for now, tried again"),
    "sent": _("Sent"),
    "failed": _("Failed"),
}


class ReminderStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return list(REMINDER_STATES.items())

    def queryset(self, request, queryset):
        value = self.value()
        if value == "owed":
            return queryset.filter(
                sent_at__isnull=True, failed_at__isnull=True, claimed_at__isnull=True
            )
        if value == "claimed":
            return queryset.filter(
                sent_at__isnull=True, failed_at__isnull=True, claimed_at__isnull=False
            )
        if value == "retrying":
            return queryset.filter(sent_at__isnull=True, failed_at__isnull=True, attempts__gt=0)
        if value == "sent":
            return queryset.filter(sent_at__isnull=False)
        if value == "failed":
            return queryset.filter(failed_at__isnull=False)
        return queryset


@admin.register(Reminder)
class ReminderAdmin(ShownOnlyAdmin):
    """The outbox: what is owed, claimed, sent, or failed for good (with the error); failed
    reminders can be sent again."""

    list_display = (
        "created_at",
        "kind_label",
        "stage",
        "recipient",
        "line",
        "due_on",
        "state_label",
        "attempts",
        "next_attempt_at",
        "last_error",
    )
    list_filter = (ReminderKindFilter, "stage", ReminderStateFilter, "urgent")
    actions = ["retry_selected"]
    search_fields = ("recipient__email", "title")
    list_select_related = ("recipient",)
    date_hierarchy = "created_at"
    readonly_fields = ()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, obj: Reminder) -> str:
        kind = reminder_kinds.get(obj.kind)
        return kind.label if kind else obj.kind

    @admin.display(description=_("what"))
    def line(self, obj: Reminder) -> str:
        """The line as its digest shows it, in the reader's language."""
        return delivery.line(obj)

    @admin.display(description=_("state"))
    def state_label(self, obj: Reminder) -> str:
        return REMINDER_STATES[obj.state]

    def has_retry_permission(self, request) -> bool:
        return may_resend_reminders(request.user)

    @admin.action(description=_("Send the selected failed reminders again"), permissions=["retry"])
    def retry_selected(self, request, queryset) -> None:
        count = services.reminders_retry(actor=request.user, reminders=queryset, now=timezone.now())
        self.message_user(
            request,
            ngettext(
                "%(count)d failed reminder is owed again: its digest is on its way.",
                "%(count)d failed reminders are owed again: their digests are on their way.",
                count,
            )
            % {"count": count}
            if count
            else _("None of the selected reminders had failed."),
            messages.SUCCESS if count else messages.WARNING,
        )


@admin.register(ReminderPreference)
class ReminderPreferenceAdmin(ShownOnlyAdmin):
    list_display = ("user", "frequency", "language", "send_by")
    list_filter = ("frequency", "send_by", "language")
    search_fields = ("user__email", "user__full_name")
    list_select_related = ("user",)
