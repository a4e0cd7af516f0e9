"""Forms of the governance pages. They validate and explain; services do the writing."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.choices import PersonStatus
from accounts.models import Person
from channels_registry.choices import ChannelStatus
from channels_registry.models import Channel, PlatformRole
from governance.choices import AccessMethod

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.full_name} <{obj.email}>" if obj.email else obj.full_name


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
    channel = forms.ModelChoiceField(queryset=Channel.objects.none(), label=_("Channel"))
    role = RoleField(
        queryset=PlatformRole.objects.select_related("platform").order_by(
            "platform__name", "order"
        ),
        label=_("Role"),
    )
    access_method = forms.ChoiceField(
        choices=AccessMethod.choices, label=_("How access will be held")
    )
    reason = forms.CharField(max_length=300, label=_("Why do you need it?"))
    expires_on = forms.DateField(required=False, widget=DATE, label=_("Until"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["channel"].queryset = (
            Channel.objects.exclude(status=ChannelStatus.ARCHIVED)
            .select_related("platform")
            .order_by("platform__name", "name")
        )

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
        if task.kind in ("revoke", "rotate_password"):
            del self.fields["new_person"]
        else:
            self.fields["new_person"].queryset = (
                Person.objects.filter(status=PersonStatus.ACTIVE)
                .exclude(pk=task.offboarding.person_id)
                .order_by("last_name", "first_name")
            )


class LeaversImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        required=False,
        help_text=_("Columns: email, last_day (YYYY-MM-DD), and optionally reason."),
    )
    payload = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload:
            try:
                cleaned["text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                raise forms.ValidationError(
                    _("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")
                ) from None
        elif cleaned.get("payload"):
            cleaned["text"] = cleaned["payload"]
        else:
            raise forms.ValidationError(_("Choose a CSV file to import."))
        return cleaned
