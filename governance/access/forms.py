"""Forms of the access pages: grant, change a role, revoke with evidence, request, decide."""

from __future__ import annotations

from django import forms
from django.urls import reverse_lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.models import Person
from channels_registry.models import Channel, PlatformRole
from core.forms import DATE, offer
from governance.choices import AccessMethod


class RoleField(forms.ModelChoiceField):
    def label_from_instance(self, obj: PlatformRole) -> str:
        return f"{obj.name} ({obj.get_privilege_level_display()})"


def _roles_of(channel: Channel):
    return PlatformRole.objects.filter(platform_id=channel.platform_id).order_by("order", "name")


class GrantForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.none(), label=_("Person"))
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
        offer(self.fields["person"], "people.active")
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
        channels = offer(self.fields["channel"], "channels.open")
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
                platform=channel.platform.display_name,
            )
        groups: dict[str, list] = {}
        for role in roles:
            groups.setdefault(role.platform.display_name, []).append(
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
                % {"role": role.display_name, "platform": channel.platform.display_name},
            )
        return cleaned


class DecisionForm(forms.Form):
    comment = forms.CharField(max_length=300, required=False, label=_("Comment"))
