"""Admin of access review campaigns and their items."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin import ShownOnlyAdmin
from governance import services
from governance.models import (
    AccessReview,
    ReviewItem,
)

# Policies have their own admin module; importing it registers it.


class ReviewItemInline(admin.TabularInline):
    model = ReviewItem
    fields = ("person", "channel", "role_name", "reviewer", "decision", "comment", "submitted_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def get_queryset(self, request):
        related = ("person", "channel__platform", "reviewer")
        return super().get_queryset(request).select_related(*related)

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AccessReview)
class AccessReviewAdmin(ShownOnlyAdmin):
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
class ReviewItemAdmin(ShownOnlyAdmin):
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
