"""Admin for users and the people directory. Saves go through the services."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminSplitDateTime
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.choices import ApiTokenKind
from accounts.models import ApiToken, ObjectChange, Partner, Person, Team, User
from accounts.rules import may_manage_identity
from accounts.scopes import SCOPE_CHOICES
from core.web import add_service_errors


class HistoryMixin:
    """Show an object's recorded history on its change page; nothing is deleted here."""

    @admin.display(description=_("History"))
    def change_history(self, obj) -> str:
        if obj is None or obj.pk is None:
            return "-"
        rows = ObjectChange.objects.for_object(obj).order_by("-changed_at", "-id")[:50]
        items = format_html_join(
            "",
            "<li>{} — {} — {} {}</li>",
            (
                (
                    f"{row.changed_at:%Y-%m-%d %H:%M}",
                    row.actor_label,
                    row.get_action_display(),
                    ", ".join(f"{k}: {v[0]} → {v[1]}" for k, v in row.changes.items())
                    or gettext(row.message),
                )
                for row in rows
            ),
        )
        return format_html_join("", "<ul>{}</ul>", [(items,)]) if rows else "-"

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class ShownOnlyAdmin(HistoryMixin, admin.ModelAdmin):
    """Shown and searched here; created and changed through the application's services."""

    readonly_fields = ("change_history",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ShownInline(admin.TabularInline):
    """Rows shown under their parent, as ShownOnlyAdmin shows a model: never added, changed or
    deleted here."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class _DryRun(Exception):
    """Rolls back the service run that only checks the admin form."""


class LabelledSplitDateTime(AdminSplitDateTime):
    """The admin's date and time boxes of one moment, each named for screen readers: Django's
    "Date:" and "Time:" are plain text, which labels neither (the field's legend names both)."""

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs)
        self.widgets[0].attrs["aria-label"] = _("Date")
        self.widgets[1].attrs["aria-label"] = _("Time")


class ServiceAdmin(HistoryMixin, admin.ModelAdmin):
    """Routes the admin's saves through `create_service` / `update_service`."""

    fields_for_service: tuple[str, ...] = ()
    readonly_fields = ("change_history",)
    formfield_overrides = {models.DateTimeField: {"widget": LabelledSplitDateTime}}

    def create(self, *, actor, data):  # pragma: no cover - overridden
        raise NotImplementedError

    def update(self, *, actor, obj, data):  # pragma: no cover - overridden
        raise NotImplementedError

    def service_data(self, request, cleaned_data) -> dict:
        return {
            name: cleaned_data[name] for name in self.fields_for_service if name in cleaned_data
        }

    def _run_service(self, actor, obj, data):
        if obj is not None and obj.pk is not None:
            return self.update(actor=actor, obj=obj, data=data)
        return self.create(actor=actor, data=data)

    def get_form(self, request, obj=None, change=False, **kwargs):
        """The form asks the service before saving: a rule it refuses shows on the form,
        instead of failing once the admin saves."""
        form_class = super().get_form(request, obj, change=change, **kwargs)
        admin_site_model = self

        class ServiceForm(form_class):
            def clean(self):
                cleaned = super().clean()
                if self.errors:
                    return cleaned
                try:
                    with transaction.atomic():
                        admin_site_model._run_service(
                            request.user, obj, admin_site_model.service_data(request, cleaned)
                        )
                        raise _DryRun
                except _DryRun:
                    pass
                except ValidationError as error:
                    add_service_errors(self, error)
                return cleaned

        return ServiceForm

    def save_model(self, request, obj, form, change) -> None:
        saved = self._run_service(
            request.user, obj if change else None, self.service_data(request, form.cleaned_data)
        )
        obj.pk = saved.pk
        obj._state.adding = False

    def save_related(self, request, form, formsets, change) -> None:
        # Relations are saved by the service; only inline formsets remain.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


class SecretShownOnceAdmin(ServiceAdmin):
    """A ServiceAdmin whose create service makes a secret (a token, a signing secret), returned
    on the object as `shown_once`: the answer to the add form shows it, once, itself (never in a
    message, which the cookie storage would carry in a signed but readable cookie, nor in the
    session), and is not cached. Subclasses say what the page says (`secret_page`)."""

    shown_once_title = ""
    secret_attribute = "secret"  # where the create service returns the secret

    def save_model(self, request, obj, form, change) -> None:
        saved = self._run_service(
            request.user, obj if change else None, self.service_data(request, form.cleaned_data)
        )
        obj.pk = saved.pk
        obj._state.adding = False
        obj.shown_once = None if change else getattr(saved, self.secret_attribute)

    def secret_page(self, request, obj) -> dict:  # pragma: no cover - overridden
        """paragraphs, secret_id, secret_label, and fields: [{id, label, value}]."""
        raise NotImplementedError

    def response_add(self, request, obj, post_url_continue=None):
        secret = getattr(obj, "shown_once", None)
        if secret is None:
            return super().response_add(request, obj, post_url_continue)
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": self.shown_once_title,
            "opts": opts,
            "obj": obj,
            "secret": secret,
            "fields": [],
            "changelist_url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
            "change_url": reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]
            ),
            **self.secret_page(request, obj),
        }
        response = TemplateResponse(request, "admin/secret_shown_once.html", context)
        add_never_cache_headers(response)
        return response


@admin.register(Team)
class TeamAdmin(ServiceAdmin):
    list_display = ("name", "lead", "member_count")
    list_filter = (("lead", admin.EmptyFieldListFilter),)
    search_fields = ("name", "description", "lead__last_name", "lead__email")
    autocomplete_fields = ("lead",)
    fields = ("name", "description", "lead", "change_history")
    fields_for_service = ("name", "description", "lead")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("lead")
            .annotate(member_count=Count("members"))
        )

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, obj) -> int:
        return obj.member_count

    def create(self, *, actor, data):
        return services.team_create(actor=actor, **data)

    def update(self, *, actor, obj, data):
        return services.team_update(actor=actor, team=obj, **data)


@admin.register(Partner)
class PartnerAdmin(ServiceAdmin):
    list_display = ("name", "kind", "contract_end", "contact_email")
    list_filter = ("kind",)
    search_fields = ("name", "contact_email")
    fields = ("name", "kind", "contract_end", "contact_email", "notes", "change_history")
    fields_for_service = ("name", "kind", "contract_end", "contact_email", "notes")

    def create(self, *, actor, data):
        return services.partner_create(actor=actor, **data)

    def update(self, *, actor, obj, data):
        return services.partner_update(actor=actor, partner=obj, **data)


@admin.register(Person)
class PersonAdmin(ServiceAdmin):
    list_display = ("full_name", "email", "kind", "team", "partner", "status", "end_date", "user")
    list_filter = ("status", "kind", "team", "partner")
    search_fields = ("first_name", "last_name", "email", "user__email")
    list_select_related = ("team", "partner", "user")
    autocomplete_fields = ("team", "partner", "manager", "user")
    fields_for_service = services.PERSON_FIELDS
    fields = (*services.PERSON_FIELDS, "change_history")

    @admin.display(description=_("name"), ordering="last_name")
    def full_name(self, obj: Person) -> str:
        return obj.full_name

    def create(self, *, actor, data):
        return services.person_create(actor=actor, **data)

    def update(self, *, actor, obj, data):
        return services.person_update(actor=actor, person=obj, **data)


class InviteUserForm(forms.ModelForm):
    """Adding a user means inviting them: they choose their own password."""

    groups = forms.ModelMultipleChoiceField(
        queryset=Group.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Roles"),
    )
    person = forms.ModelChoiceField(
        queryset=Person.objects.filter(user__isnull=True),
        required=False,
        label=_("Person"),
        help_text=_("The directory entry this account belongs to, if any."),
    )

    class Meta:
        model = User
        fields = ("email", "full_name", "is_staff")

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise ValidationError(_("A user with this e-mail address already exists."))
        return email


class UserChangeForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ("email", "full_name", "is_active", "is_staff", "is_superuser", "groups")
        widgets = {"groups": forms.CheckboxSelectMultiple}


@admin.register(User)
class UserAdmin(ServiceAdmin):
    list_display = ("email", "full_name", "is_active", "is_staff", "last_login")
    list_filter = ("is_active", "is_staff", "groups")
    search_fields = ("email", "full_name")
    ordering = ("email",)
    readonly_fields = ("last_login", "date_joined", "change_history")

    def get_form(self, request, obj=None, **kwargs):
        kwargs["form"] = UserChangeForm if obj else InviteUserForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("email", "full_name", "is_staff", "groups", "person")
        return (*UserChangeForm.Meta.fields, "last_login", "date_joined", "change_history")

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj else ()

    def service_data(self, request, cleaned_data) -> dict:
        return {**cleaned_data, "base_url": request.build_absolute_uri("/")}

    def update(self, *, actor, obj, data):
        return services.user_update(
            actor=actor, user=obj, **{k: data[k] for k in UserChangeForm.Meta.fields}
        )

    def create(self, *, actor, data):
        return services.user_invite(
            actor=actor,
            email=data["email"],
            full_name=data.get("full_name", ""),
            is_staff=data.get("is_staff", False),
            groups=data.get("groups") or (),
            person=data.get("person"),
            base_url=data["base_url"],
        )

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            messages.info(request, _("An invitation was sent to %(email)s.") % {"email": obj.email})

    actions = ["reset_second_factors"]

    def has_reset_second_factors_permission(self, request) -> bool:
        return may_manage_identity(request.user) and self.has_change_permission(request)

    @admin.action(
        description=_("Reset the second factors of the selected users (a lost phone or key)"),
        permissions=["reset_second_factors"],
    )
    def reset_second_factors(self, request, queryset) -> None:
        reset = [
            user
            for user in queryset
            if services.second_factors_reset(actor=request.user, user=user)
        ]
        message = ngettext(
            "%(count)d user will set up a new second factor at their next sign-in.",
            "%(count)d users will set up a new second factor at their next sign-in.",
            len(reset),
        )
        self.message_user(request, message % {"count": len(reset)}, messages.SUCCESS)


@admin.register(ObjectChange)
class ObjectChangeAdmin(admin.ModelAdmin):
    """History is read-only: no add, change or delete, for anyone."""

    list_display = ("changed_at", "actor_label", "action", "content_type", "object_repr")
    list_filter = ("action", "content_type")
    search_fields = ("object_repr", "actor_label", "message")
    date_hierarchy = "changed_at"
    list_select_related = ("content_type",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# Third-party models: shown to staff, never edited here (their writes have no history row, and a
# second factor's secret is not for anyone's eyes).
def _shown_only(model, list_display, fields):
    class ShownOnly(admin.ModelAdmin):
        def has_add_permission(self, request) -> bool:
            return False

        def has_change_permission(self, request, obj=None) -> bool:
            return False

        def has_delete_permission(self, request, obj=None) -> bool:
            return False

    ShownOnly.list_display = list_display
    ShownOnly.fields = fields
    ShownOnly.__name__ = f"{model.__name__}Admin"
    if admin.site.is_registered(model):
        admin.site.unregister(model)
    admin.site.register(model, ShownOnly)


_shown_only(Group, ("name",), ("name",))
_shown_only(
    EmailAddress, ("email", "user", "primary", "verified"), ("email", "user", "primary", "verified")
)
_shown_only(
    Authenticator,
    ("user", "type", "created_at", "last_used_at"),
    ("user", "type", "created_at", "last_used_at"),
)
_shown_only(
    UserSession,
    ("user", "ip", "created_at", "last_seen_at"),
    ("user", "ip", "created_at", "last_seen_at"),
)

# Sign-in providers and group mappings (single sign-on) register themselves.
from accounts.sso import admin as sso_admin  # noqa: E402, F401


class ApiTokenAdminForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"), choices=SCOPE_CHOICES, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ApiToken
        fields = ("name", "user", "scopes", "expires_at")


@admin.register(ApiToken)
class ApiTokenAdmin(SecretShownOnceAdmin):
    """Service tokens are made here (acting as the user chosen, e.g. an account for the SIEM);
    personal ones on each user's profile. Both are listed and revoked here; none is changed."""

    form = ApiTokenAdminForm
    list_display = ("name", "prefix", "kind", "user", "expires_at", "last_used_at", "revoked_at")
    list_filter = ("kind", ("revoked_at", admin.EmptyFieldListFilter))
    list_select_related = ("user",)
    search_fields = ("name", "prefix", "user__email")
    autocomplete_fields = ("user",)
    fields = ("name", "user", "scopes", "expires_at", "change_history")
    fields_for_service = ("name", "user", "scopes", "expires_at")
    actions = ["revoke"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return self.fields[:-1]
        return ("name", "kind", "prefix", "user", "scopes", "expires_at", "created_by")

    def has_add_permission(self, request) -> bool:
        return may_manage_identity(request.user) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # a token is revoked and made anew, never changed

    def has_view_permission(self, request, obj=None) -> bool:
        return may_manage_identity(request.user)

    def has_revoke_permission(self, request) -> bool:
        return may_manage_identity(request.user)

    shown_once_title = _("API token created")

    def create(self, *, actor, data):
        return services.api_token_create(actor=actor, kind=ApiTokenKind.SERVICE, **data)

    def secret_page(self, request, obj) -> dict:
        return {
            "paragraphs": [
                gettext(
                    "The token “%(name)s” is made. Copy it now: it is shown only this once, "
                    "and Gouvernail keeps only its fingerprint."
                )
                % {"name": obj.name}
            ],
            "secret_id": "api-secret",
            "secret_label": gettext("Secret token"),
        }

    @admin.action(description=_("Revoke the selected tokens"), permissions=["revoke"])
    def revoke(self, request, queryset) -> None:
        live = list(queryset.filter(revoked_at__isnull=True))
        for token in live:
            services.api_token_revoke(actor=request.user, token=token)
        message = ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", len(live))
        self.message_user(request, message % {"count": len(live)}, messages.SUCCESS)
