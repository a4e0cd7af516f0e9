"""Forms of the roadmap pages. They validate and explain; the services write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Partner, Person
from core.forms import DATE, offer
from roadmap.choices import ObjectiveStatus, RoadmapTemplate
from roadmap.models import Milestone, Objective, Phase, SourcingOption
from roadmap.services import OBJECTIVE_FIELDS


class ObjectiveForm(forms.ModelForm):
    owner = forms.ModelChoiceField(queryset=Person.objects.none(), required=False, label=_("Owner"))

    class Meta:
        model = Objective
        fields = list(OBJECTIVE_FIELDS)
        widgets = {
            "baseline_on": DATE,
            "deadline": DATE,
            "description": forms.Textarea(attrs={"rows": 2}),
            "relevance": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        offer(self.fields["owner"], "people.current")

    def _post_clean(self) -> None:
        # The service checks the rules and the constraints, with its own messages.
        pass


class PrimaryObjectiveForm(ObjectiveForm):
    primary = forms.BooleanField(
        required=False, label=_("Primary: this objective overrides the others")
    )

    class Meta(ObjectiveForm.Meta):
        pass


class ReadingForm(forms.Form):
    measured_on = forms.DateField(widget=DATE, label=_("Date"))
    value = forms.DecimalField(max_digits=14, decimal_places=2, label=_("Value"))
    note = forms.CharField(max_length=300, required=False, label=_("Note"))


class RoadmapForm(forms.Form):
    name = forms.CharField(max_length=160, label=_("Name"))
    starts_on = forms.DateField(widget=DATE, label=_("Start date"))
    template = forms.ChoiceField(
        choices=RoadmapTemplate.choices, label=_("Start from"), widget=forms.RadioSelect
    )


class PhaseForm(forms.ModelForm):
    class Meta:
        model = Phase
        fields = ["name", "description", "starts_on", "ends_on", "order"]
        widgets = {
            "starts_on": DATE,
            "ends_on": DATE,
            "description": forms.Textarea(attrs={"rows": 2}),
        }

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("A phase ends after it starts."))
        return data


class MilestoneForm(forms.ModelForm):
    owner = forms.ModelChoiceField(queryset=Person.objects.none(), required=False, label=_("Owner"))

    class Meta:
        model = Milestone
        fields = ["title", "phase", "owner", "due_on", "status", "objective"]
        widgets = {"due_on": DATE}

    def __init__(self, *args, roadmap, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        offer(self.fields["owner"], "people.current")
        self.fields["phase"].queryset = roadmap.phases.all()
        self.fields["objective"].queryset = Objective.objects.filter(status=ObjectiveStatus.ACTIVE)


class SourcingOptionForm(forms.ModelForm):
    class Meta:
        model = SourcingOption
        fields = ["kind", "label", "partner", "hourly_rate", "hours_per_month", "monthly_fee"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.order_by("name")
        self.fields["partner"].help_text = _(
            "For an agency or a consultant: its people then need access limited in time."
        )


class ChooseForm(forms.Form):
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), label=_("Why this option")
    )


class PhaseChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Phase) -> str:
        return f"{obj.roadmap.name} — {obj.name} ({obj.starts_on} → {obj.ends_on})"


class FindingMilestoneForm(forms.Form):
    title = forms.CharField(max_length=200, label=_("Milestone"))
    phase = PhaseChoice(queryset=Phase.objects.none(), label=_("Phase"))
    owner = forms.ModelChoiceField(queryset=Person.objects.none(), required=False, label=_("Owner"))
    due_on = forms.DateField(widget=DATE, label=_("Due on"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = Phase.objects.select_related("roadmap").order_by(
            "-roadmap__starts_on", "order"
        )
        offer(self.fields["owner"], "people.current")
