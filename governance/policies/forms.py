"""Forms of the policy pages. They validate and explain; the policy services do the writing."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Person, Team
from channels_registry.models import Channel
from core.forms import DATE, offer
from governance.choices import PolicyAudience, PolicyKind


class PolicySettingsForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("Title"))
    kind = forms.ChoiceField(choices=PolicyKind.choices, label=_("Kind"))
    owner = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label=_("Owner"),
        help_text=_("Keeps the text up to date and may write drafts."),
    )
    audience = forms.ChoiceField(
        choices=PolicyAudience.choices, label=_("Who must read it"), widget=forms.RadioSelect
    )
    teams = forms.ModelMultipleChoiceField(
        queryset=Team.objects.none(),
        required=False,
        label=_("Teams"),
        help_text=_("Only for an audience of chosen teams."),
    )
    acknowledgement_required = forms.BooleanField(
        required=False, initial=True, label=_("Each person must read and accept it")
    )
    gates_access = forms.BooleanField(
        required=False,
        label=_("Required before new access"),
        help_text=_(
            "New access is refused to a person of the audience who has not accepted the current "
            "version."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        offer(self.fields["owner"], "people.current")
        offer(self.fields["teams"], "teams")

    def clean(self):
        # Teams ticked for another audience are dropped; the service checks the other rules.
        data = super().clean()
        if data.get("audience") != PolicyAudience.TEAMS:
            data["teams"] = []
        return data


class VersionForm(forms.Form):
    body = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 18, "class": "font-monospace"}),
        help_text=_("Markdown: # for headings, - for lists, **bold**, [a link](https://…)."),
    )
    summary = forms.CharField(
        required=False,
        label=_("Summary of changes"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What a reader of the previous version must know. Required to publish."),
    )
    effective_on = forms.DateField(widget=DATE, label=_("Effective date"))


class PolicyCreateForm(PolicySettingsForm):
    body = VersionForm.base_fields["body"]


class CompareForm(forms.Form):
    """Two versions of one policy, by number."""

    old = forms.TypedChoiceField(coerce=int, label=_("From version"))
    new = forms.TypedChoiceField(coerce=int, label=_("To version"))

    def __init__(self, *args, numbers: list[int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        choices = [(n, _("Version %(number)s") % {"number": n}) for n in numbers]
        self.fields["old"].choices = choices
        self.fields["new"].choices = choices


class CrisisContactForm(forms.Form):
    position = forms.IntegerField(min_value=1, max_value=99, label=_("Call order"))
    person = forms.ModelChoiceField(
        queryset=Person.objects.none(), required=False, label=_("Person")
    )
    name = forms.CharField(
        max_length=160,
        required=False,
        label=_("Or a name"),
        help_text=_("For someone outside the directory, such as the crisis agency."),
    )
    responsibility = forms.CharField(max_length=200, required=False, label=_("Responsibility"))
    phone = forms.CharField(max_length=40, label=_("Phone"))
    availability = forms.CharField(
        max_length=200,
        required=False,
        label=_("Availability"),
        help_text=_("For example: weekdays 8:00 to 20:00, on call every other weekend."),
    )
    channel = forms.ModelChoiceField(
        queryset=Channel.objects.none(),
        required=False,
        label=_("For the channel"),
        help_text=_("Leave the channel and the team empty for a contact who covers everything."),
    )
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(), required=False, label=_("Or for the team")
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        offer(self.fields["person"], "people.current")
        offer(self.fields["channel"], "channels.open")
        offer(self.fields["team"], "teams")
