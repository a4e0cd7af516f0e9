"""Admin of sign-in providers and group mappings, written through accounts/sso/services.py. The
provider's secret is typed here once, stored encrypted and never shown again."""

from __future__ import annotations

from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts.admin import ServiceAdmin, ShownOnlyAdmin
from accounts.models import GroupMapping, SignInProvider
from accounts.rules import may_manage_identity
from accounts.sso import services


class SignInProviderForm(forms.ModelForm):
    new_secret = forms.CharField(
        label=_("Client secret"),
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Stored encrypted and never shown again; leave empty to keep the current one."),
    )

    class Meta:
        model = SignInProvider
        fields = services.PROVIDER_FIELDS


@admin.register(SignInProvider)
class SignInProviderAdmin(ServiceAdmin):
    form = SignInProviderForm
    list_display = ("name", "protocol", "slug", "partner", "email_domains", "sso_only", "enabled")
    list_filter = ("protocol", "enabled", "sso_only")
    list_select_related = ("partner",)
    search_fields = ("name", "slug", "email_domains")
    fields = (
        *services.PROVIDER_FIELDS[:4],
        "new_secret",
        *services.PROVIDER_FIELDS[4:],
        "change_history",
    )
    fields_for_service = services.PROVIDER_FIELDS

    def service_data(self, request, cleaned_data) -> dict:
        return {**super().service_data(request, cleaned_data), "secret": cleaned_data["new_secret"]}

    def has_add_permission(self, request) -> bool:
        return may_manage_identity(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return may_manage_identity(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # a provider people signed in through stays, for the history: disable it

    def create(self, *, actor, data):
        return services.sign_in_provider_create(actor=actor, **data)

    def update(self, *, actor, obj, data):
        return services.sign_in_provider_update(actor=actor, provider=obj, **data)


@admin.register(GroupMapping)
class GroupMappingAdmin(ServiceAdmin):
    list_display = ("group", "role", "team", "provider", "active")
    list_filter = ("role", "active", "provider")
    list_select_related = ("team", "provider")
    search_fields = ("group",)
    fields = (*services.MAPPING_FIELDS, "change_history")
    fields_for_service = services.MAPPING_FIELDS

    def has_add_permission(self, request) -> bool:
        return may_manage_identity(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return may_manage_identity(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # retire it (active off): roles it gave stay explained in the history

    def create(self, *, actor, data):
        return services.group_mapping_create(actor=actor, **data)

    def update(self, *, actor, obj, data):
        return services.group_mapping_update(actor=actor, mapping=obj, **data)


# allauth's own social applications would keep client secrets in clear: providers are configured
# above instead, and tokens are not stored (SOCIALACCOUNT_STORE_TOKENS). The links between users
# and their provider accounts are shown, written only by signing in.
for model in (SocialApp, SocialToken, SocialAccount):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(SocialAccount)
class SocialAccountAdmin(ShownOnlyAdmin):
    list_display = ("user", "provider", "uid", "last_login", "date_joined")
    list_filter = ("provider",)
    search_fields = ("user__email", "uid")
    list_select_related = ("user",)
    readonly_fields = ("user", "provider", "uid", "last_login", "date_joined", "extra_data")

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
