"""Forms of the governance pages. They validate and explain; services do the writing."""

from __future__ import annotations

from django import forms
from django.urls import reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.choices import PersonStatus
from accounts.forms import PersonField
from accounts.models import Person
from accounts.rules import users_taking_part
from channels_registry.choices import ChannelStatus
from channels_registry.models import Channel, PlatformRole
from channels_registry.risk import risk_flags
from core.forms import DATE, CsvImportForm
from governance.choices import AccessMethod, Decision
from governance.models import AccessReview


class RoleField(forms.ModelChoiceField):
    def label_from_instance(self, obj: PlatformRole) -> str:
        return f"{obj.name} ({obj.get_privilege_level_display()})"


def _roles_of(channel: Channel):
    return PlatformRole.objects.filter(platform_id=channel.platform_id).order_by("order", "name")


class GrantForm(forms.Form):
    person = PersonField(queryset=Person.objects.none(), label=_("Person"))
    role = RoleField(queryset=PlatformRole.objects.none(), label=_("Role"))
    access_method = forms.ChoiceField(choices=AccessMethod.choices, label=_("How access is held"))
    justification = forms.CharField(max_length=300, label=_("Justification"))
    expires_on = forms.DateField(
        required=False,
        widget=DATE,
        label=_("Expires on"),
        help_text=_(
            "Required for people of a partner, at the latest at the end of their contract."
        ),
    )

    def __init__(self, *args, channel: Channel, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(status=PersonStatus.ACTIVE).order_by(
            "last_name", "first_name"
        )
        self.fields["role"].queryset = _roles_of(channel)


class ChangeRoleForm(forms.Form):
    role = RoleField(queryset=PlatformRole.objects.none(), label=_("New role"))
    justification = forms.CharField(max_length=300, label=_("Justification"))

    def __init__(self, *args, channel: Channel, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].queryset = _roles_of(channel)


class EvidenceForm(forms.Form):
    evidence = forms.CharField(
        label=_("Evidence"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "How you checked on the platform, e.g. “Removed from Meta Business on 12 May, screenshot in ticket 4521”."
        ),
    )


class RequestForm(forms.Form):
    """Once a channel is chosen, only its platform's roles are offered, under the platform's name;
    the page asks again for the role field (htmx) whenever the channel changes."""

    channel = forms.ModelChoiceField(queryset=Channel.objects.none(), label=_("Channel"))
    # Any role validates; clean() says when it is not one of the channel's platform.
    role = RoleField(queryset=PlatformRole.objects.all(), label=_("Role"))
    access_method = forms.ChoiceField(
        choices=AccessMethod.choices, label=_("How access will be held")
    )
    reason = forms.CharField(max_length=300, label=_("Why do you need it?"))
    expires_on = forms.DateField(required=False, widget=DATE, label=_("Until"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        channels = self.fields["channel"]
        channels.queryset = (
            Channel.objects.exclude(status=ChannelStatus.ARCHIVED)
            .select_related("platform")
            .order_by("platform__name", "name")
        )
        channels.widget.attrs.update(
            {
                "hx-get": reverse_lazy("governance:request_create"),
                "hx-target": "#div_id_role",
                "hx-swap": "outerHTML",
            }
        )
        self.chosen_channel = self._chosen_channel()
        self._offer_roles(self.chosen_channel)

    def _chosen_channel(self) -> Channel | None:
        value = self["channel"].value()
        if not str(value or "").isdigit():
            return None
        return self.fields["channel"].queryset.filter(pk=int(value)).first()

    def _offer_roles(self, channel: Channel | None) -> None:
        """The chosen channel's roles, else every platform's, each group under its platform."""
        field = self.fields["role"]
        if channel is None:
            roles = PlatformRole.objects.select_related("platform").order_by(
                "platform__name", "order", "name"
            )
            field.help_text = _("Choose the channel first: its platform's roles are then offered.")
        else:
            roles = _roles_of(channel).select_related("platform")
            # crispy shows a help text as HTML: the platform's name (admin data) is escaped.
            field.help_text = format_html(
                _("The roles of {platform}, as the platform names them."),
                platform=channel.platform.name,
            )
        groups: dict[str, list] = {}
        for role in roles:
            groups.setdefault(role.platform.name, []).append(
                (role.pk, field.label_from_instance(role))
            )
        field.choices = [("", field.empty_label), *groups.items()]

    def clean(self):
        cleaned = super().clean()
        channel, role = cleaned.get("channel"), cleaned.get("role")
        if channel and role and role.platform_id != channel.platform_id:
            self.add_error(
                "role",
                _("“%(role)s” is not a role of %(platform)s.")
                % {"role": role.name, "platform": channel.platform.name},
            )
        return cleaned


class DecisionForm(forms.Form):
    comment = forms.CharField(max_length=300, required=False, label=_("Comment"))


class OffboardingForm(forms.Form):
    last_day = forms.DateField(widget=DATE, label=_("Last day"))
    reason = forms.CharField(max_length=300, required=False, label=_("Reason"))


class TaskConfirmForm(EvidenceForm):
    new_person = PersonField(
        queryset=Person.objects.none(), required=False, label=_("Who takes over")
    )

    def __init__(self, *args, task, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if task.kind in ("revoke", "rotate_password", "change_role"):
            del self.fields["new_person"]
        else:
            self.fields["new_person"].queryset = (
                Person.objects.filter(status=PersonStatus.ACTIVE)
                .exclude(pk=task.subject.pk)
                .order_by("last_name", "first_name")
            )


class LeaversImportForm(CsvImportForm):
    columns_help = _("Columns: email, last_day (YYYY-MM-DD), and optionally reason.")


class ReviewForm(forms.ModelForm):
    class Meta:
        model = AccessReview
        fields = [
            "name",
            "scope_platform",
            "scope_team",
            "scope_privilege_level",
            "scope_partners_only",
            "scope_risk_flag",
            "due_on",
            "default_outcome",
            "repeat_every_months",
        ]
        widgets = {"due_on": DATE, "scope_risk_flag": forms.Select}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scope_risk_flag"].widget.choices = [("", "—")] + [
            (f.key, f.label) for f in risk_flags
        ]
        # Repeating campaigns come back quarterly unless the lead picks another period.
        self.fields["repeat_every_months"] = forms.TypedChoiceField(
            label=_("Repeat"),
            choices=[
                ("", _("Does not repeat")),
                (3, _("Every 3 months (quarterly)")),
                (6, _("Every 6 months")),
                (12, _("Every year")),
            ],
            coerce=int,
            empty_value=None,
            required=False,
            initial=3,
        )


class ItemDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=(), label=_("Decision"))
    comment = forms.CharField(max_length=300, required=False, label=_("Comment"))
    new_role = RoleField(queryset=PlatformRole.objects.none(), required=False, label=_("New role"))

    def __init__(self, *args, item=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decision"].choices = Decision.choices
        if item is not None:
            self.fields["new_role"].queryset = PlatformRole.objects.filter(
                platform_id=item.role.platform_id
            ).order_by("order")


class BulkDecisionForm(forms.Form):
    items = forms.ModelMultipleChoiceField(
        queryset=None,
        label=_("Items"),
        error_messages={"required": _("Tick the items to decide first, in the list below.")},
    )
    decision = forms.ChoiceField(choices=(), label=_("Decision for the selected items"))
    comment = forms.CharField(max_length=300, required=False, label=_("Comment"))

    def __init__(self, *args, queryset, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = queryset
        self.fields["decision"].choices = [
            (Decision.KEEP, Decision.KEEP.label),
            (Decision.REVOKE, Decision.REVOKE.label),
        ]


class ReassignForm(forms.Form):
    reviewer = forms.ModelChoiceField(queryset=None, label=_("New reviewer"))
    reason = forms.CharField(max_length=300, label=_("Why"))

    def __init__(self, *args, item, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # Those the service accepts (governance.rules.may_review): never the reviewed person.
        self.fields["reviewer"].queryset = (
            users_taking_part().exclude(pk=item.person.user_id).order_by("full_name", "email")
        )
