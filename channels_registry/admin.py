"""Admin for platforms, their roles and channels (saves go through the services), and the daily
risk snapshots (shown only: a measurement the sweep takes, not a change)."""

from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.admin import ServiceAdmin, ShownOnlyAdmin
from channels_registry import services
from channels_registry.models import Channel, Platform, PlatformRole, RiskSnapshot
from channels_registry.risk import risk_flags


class PlatformRoleInline(admin.TabularInline):
    model = PlatformRole
    fields = ("name", "privilege_level", "order", "description")
    extra = 1

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("platform")  # each role's name

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Platform)
class PlatformAdmin(ServiceAdmin):
    list_display = ("name", "category", "stance", "domains")
    list_filter = ("category", "stance")
    search_fields = ("name", "slug", "domains")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [PlatformRoleInline]
    fields = (*services.PLATFORM_FIELDS, "change_history")
    fields_for_service = services.PLATFORM_FIELDS

    def create(self, *, actor, data):
        return services.platform_save(actor=actor, **data)

    def update(self, *, actor, obj, data):
        return services.platform_save(actor=actor, platform=obj, **data)

    def save_formset(self, request, form, formset, change) -> None:
        # The admin's change message reads these; the service saves each role instead.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for role_form in formset.forms:
            if not role_form.has_changed() or not role_form.cleaned_data:
                continue
            data = {
                name: role_form.cleaned_data[name]
                for name in ("name", "privilege_level", "order", "description")
            }
            role = role_form.instance if role_form.instance.pk else None
            services.platform_role_save(
                actor=request.user, role=role, platform=form.instance, **data
            )


@admin.register(PlatformRole)
class PlatformRoleAdmin(ServiceAdmin):
    list_display = ("name", "platform", "privilege_level", "order")
    list_filter = ("privilege_level", "platform")
    search_fields = ("name", "platform__name")
    list_select_related = ("platform",)
    fields = (*services.ROLE_FIELDS, "change_history")
    fields_for_service = services.ROLE_FIELDS

    def create(self, *, actor, data):
        return services.platform_role_save(actor=actor, **data)

    def update(self, *, actor, obj, data):
        return services.platform_role_save(actor=actor, role=obj, **data)


@admin.register(Channel)
class ChannelAdmin(ServiceAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = (
        "name",
        "platform",
        "handle",
        "status",
        "team",
        "business_owner",
        "backup_owner",
        "two_factor_status",
    )
    list_filter = ("status", "platform", "team", "two_factor_status", "login_model", "verified")
    search_fields = ("name", "handle", "url", "business_owner__last_name", "business_owner__email")
    list_select_related = ("platform", "team", "business_owner", "backup_owner")
    autocomplete_fields = (
        "team",
        "business_owner",
        "backup_owner",
        "two_factor_holder",
        "recovery_phone_holder",
    )
    fields_for_service = services.CHANNEL_FIELDS
    fieldsets = (
        (
            None,
            {"fields": ("platform", "name", "handle", "url", "kind", "status", "dormant_since")},
        ),
        (_("Ownership"), {"fields": ("team", "business_owner", "backup_owner")}),
        (_("Description"), {"fields": ("purpose", "audience", "language_region", "notes")}),
        (
            _("Security posture"),
            {
                "fields": (
                    "two_factor_status",
                    "two_factor_method",
                    "two_factor_holder",
                    "recovery_email",
                    "recovery_phone_holder",
                    "login_model",
                    "credentials_vault_ref",
                    "password_rotated_on",
                    "verified",
                )
            },
        ),
        (_("History"), {"fields": ("change_history",)}),
    )
    actions = ["archive_selected"]

    def create(self, *, actor, data):
        return services.channel_create(actor=actor, **data)

    def update(self, *, actor, obj, data):
        return services.channel_update(actor=actor, channel=obj, **data)

    @admin.action(description=_("Archive the selected channels"))
    def archive_selected(self, request, queryset) -> None:
        for channel in queryset:
            services.channel_archive(
                actor=request.user, channel=channel, reason="Archived from the admin"
            )
        count = queryset.count()
        self.message_user(
            request,
            ngettext("%(count)d channel archived.", "%(count)d channels archived.", count)
            % {"count": count},
        )


class RiskFlagFilter(admin.SimpleListFilter):
    title = _("risk flag")
    parameter_name = "flag"

    def lookups(self, request, model_admin):
        return [(flag.key, flag.label) for flag in risk_flags]

    def queryset(self, request, queryset):
        return queryset.filter(flag=self.value()) if self.value() else queryset


@admin.register(RiskSnapshot)
class RiskSnapshotAdmin(ShownOnlyAdmin):
    """How many live channels carried each flag, day by day (the dashboard's trend)."""

    list_display = ("day", "flag_label", "count")
    list_filter = (RiskFlagFilter,)
    search_fields = ("flag",)
    date_hierarchy = "day"
    ordering = ("-day", "flag")
    readonly_fields = ()  # a measurement has no history

    @admin.display(description=_("risk flag"), ordering="flag")
    def flag_label(self, obj: RiskSnapshot) -> str:
        flag = risk_flags.get(obj.flag)
        return flag.label if flag else obj.flag  # a flag since retired keeps its key
