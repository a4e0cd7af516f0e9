"""Admin for the access register and off-boardings. Writes go through the services."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin import ShownOnlyAdmin
from governance import services
from governance.models import (
    AccessGrant,
    AccessRequest,
    AccessReview,
    Offboarding,
    OffboardingTask,
    ReviewItem,
)
from governance.models.reminders import Reminder
from governance.reminders import delivery
from governance.reminders.registry import reminder_kinds

# The access register is written by the services only.
ReadOnlyAdmin = ShownOnlyAdmin


@admin.register(AccessGrant)
class AccessGrantAdmin(ReadOnlyAdmin):
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
class AccessRequestAdmin(ReadOnlyAdmin):
    list_display = ("person", "channel", "role", "status", "requested_at", "decided_by")
    list_filter = ("status",)
    search_fields = ("person__last_name", "person__email", "channel__name")
    list_select_related = ("person", "channel__platform", "role__platform", "decided_by")
    readonly_fields = ("change_history",)


class OffboardingTaskInline(admin.TabularInline):
    model = OffboardingTask
    fields = ("kind", "channel", "assignee", "due_on", "status", "done_by", "evidence")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Offboarding)
class OffboardingAdmin(ReadOnlyAdmin):
    list_display = ("person", "last_day", "status", "initiated_by", "created_at", "completed_at")
    list_filter = ("status",)
    search_fields = ("person__last_name", "person__email")
    list_select_related = ("person", "initiated_by")
    inlines = [OffboardingTaskInline]
    readonly_fields = ("change_history",)


@admin.register(OffboardingTask)
class OffboardingTaskAdmin(ReadOnlyAdmin):
    list_display = ("offboarding", "kind", "channel", "assignee", "due_on", "status")
    list_filter = ("status", "kind")
    search_fields = ("offboarding__person__last_name", "channel__name")
    list_select_related = ("offboarding__person", "channel__platform", "assignee")
    readonly_fields = ("change_history",)


class ReviewItemInline(admin.TabularInline):
    model = ReviewItem
    fields = ("person", "channel", "role_name", "reviewer", "decision", "comment", "submitted_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AccessReview)
class AccessReviewAdmin(ReadOnlyAdmin):
    list_display = (
        "name",
        "status",
        "due_on",
        "default_outcome",
        "repeat_every_months",
        "opened_at",
        "closed_at",
    )
    list_filter = ("status", "default_outcome")
    search_fields = ("name",)
    readonly_fields = ("change_history",)
    actions = ["close_selected"]

    @admin.action(description=_("Close the selected open campaigns"))
    def close_selected(self, request, queryset) -> None:
        for review in queryset.filter(status="open"):
            services.review_close(actor=request.user, review=review)
        self.message_user(request, _("Campaigns closed."))


@admin.register(ReviewItem)
class ReviewItemAdmin(ReadOnlyAdmin):
    list_display = (
        "review",
        "person",
        "channel",
        "role_name",
        "reviewer",
        "decision",
        "submitted_at",
    )
    list_filter = ("decision", "review")
    search_fields = ("person__last_name", "person__email", "channel__name")
    list_select_related = ("review", "person", "channel__platform", "reviewer")
    readonly_fields = ("change_history",)


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
class ReminderAdmin(ReadOnlyAdmin):
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
        return request.user.has_perm("governance.change_reminder")

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


# Policies have their own admin module; importing it registers it.
from governance import policy_admin  # noqa: E402, F401
