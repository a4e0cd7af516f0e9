"""Forms of the audit pages. They validate and explain; the services write."""

from __future__ import annotations

from django import forms
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from accounts.models import Person
from audits.choices import EvaluationDecision, FindingStatus, Severity
from audits.models import Audit, ChannelAssessment, Criterion, Peer, PeerMetric
from audits.services import METRIC_FIELDS, PEER_METRIC_FIELDS
from channels_registry.models import Channel, Platform
from core.forms import DATE, offer

SCORES = [("", _("not scored"))] + [(str(n), str(n)) for n in range(6)]


class ChannelChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Channel) -> str:
        return f"{obj.name} ({obj.platform.display_name})"


class AuditForm(forms.ModelForm):
    auditor = forms.ModelChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label=_("Auditor"),
        help_text=_("Who conducts it: someone of the team or of a partner, such as a consultant."),
    )
    channels = forms.ModelMultipleChoiceField(queryset=Channel.objects.none(), label=_("Channels"))

    class Meta:
        model = Audit
        fields = ["title", "conducted_on", "auditor", "channels", "summary"]
        widgets = {"conducted_on": DATE, "summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        offer(self.fields["auditor"], "people.current")
        offer(self.fields["channels"], "channels.open")


class AssessmentForm(forms.ModelForm):
    """The channel's metrics, then a score and a note for each criterion."""

    class Meta:
        model = ChannelAssessment
        fields = list(METRIC_FIELDS)
        widgets = {"last_post_on": DATE, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, criteria: list[Criterion], scores: dict, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            current = scores.get(criterion.pk)
            self.fields[f"score_{criterion.pk}"] = forms.ChoiceField(
                choices=SCORES,
                required=False,
                label=criterion.display_name,
                # Help texts are shown as HTML (crispy's |safe): a lead's words are text.
                help_text=escape(criterion.description),
                initial="" if current is None else str(current.score),
            )
            self.fields[f"note_{criterion.pk}"] = forms.CharField(
                max_length=500,
                required=False,
                label=_("Note on %(criterion)s") % {"criterion": criterion.display_name},
                initial="" if current is None else current.note,
            )

    def score_fields(self):
        return [(self[f"score_{c.pk}"], self[f"note_{c.pk}"], c) for c in self.criteria]

    def scores(self) -> dict[int, tuple[int | None, str]]:
        data = self.cleaned_data
        return {
            c.pk: (
                int(data[f"score_{c.pk}"]) if data.get(f"score_{c.pk}") not in ("", None) else None,
                data.get(f"note_{c.pk}", ""),
            )
            for c in self.criteria
        }

    def metrics(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in METRIC_FIELDS}


class FindingForm(forms.Form):
    severity = forms.ChoiceField(choices=Severity.choices, label=_("Severity"))
    observed = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), label=_("What was observed")
    )
    recommendation = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, label=_("Recommendation")
    )
    channels = ChannelChoices(
        queryset=Channel.objects.none(),
        required=False,
        label=_("Channels concerned"),
        widget=forms.CheckboxSelectMultiple,
    )
    status = forms.ChoiceField(choices=FindingStatus.choices, label=_("Status"))

    def __init__(self, *args, audit: Audit, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["channels"].queryset = (
            Channel.objects.filter(assessments__audit=audit)
            .select_related("platform")
            .order_by("name")
        )


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["name", "description", "weight", "order", "active"]


class PeerForm(forms.ModelForm):
    website = forms.URLField(required=False, assume_scheme="https", label=_("Website"))

    class Meta:
        model = Peer
        fields = ["name", "website", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class PeerMetricForm(forms.ModelForm):
    class Meta:
        model = PeerMetric
        fields = list(PEER_METRIC_FIELDS)
        widgets = {"measured_on": DATE}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["platform"].queryset = Platform.objects.order_by("name")


class EvaluationForm(forms.Form):
    evaluated_on = forms.DateField(widget=DATE, label=_("Date"))
    evaluator = forms.ModelChoiceField(
        queryset=Person.objects.none(), required=False, label=_("Evaluator")
    )
    decision = forms.ChoiceField(
        choices=EvaluationDecision.choices, label=_("Decision"), widget=forms.RadioSelect
    )
    rationale = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Rationale"))
    audience = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label=_("Is our audience there, and how engaged?"),
    )
    peers = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label=_("Do our peers use it, and how?"),
    )
    objectives = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label=_("Does it serve one of our objectives?"),
    )
    effort = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label=_("What effort does it take?"),
    )
    cost = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label=_("What does it cost?")
    )
    next_evaluation_on = forms.DateField(
        widget=DATE,
        required=False,
        label=_("Next evaluation"),
        help_text=_("Empty: 3 months after “not now” or “listen only”, 12 months otherwise."),
    )
    reserve_handle = forms.CharField(
        max_length=160,
        required=False,
        label=_("Reserve the handle"),
        help_text=_(
            "With “not now”: claim the handle now, as a reserved channel, so nobody else takes it."
        ),
    )
    reserve_name = forms.CharField(
        max_length=160, required=False, label=_("Name of the reserved channel")
    )
    reserve_owner = forms.ModelChoiceField(
        queryset=Person.objects.none(), required=False, label=_("Owner of the reserved channel")
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        offer(self.fields["evaluator"], "people.current")
        offer(self.fields["reserve_owner"], "people.current")

    def clean(self):
        # The service refuses a reservation without "not now"; the owner is this form's rule.
        data = super().clean()
        if data.get("reserve_handle") and not data.get("reserve_owner"):
            self.add_error("reserve_owner", _("Name who owns the reserved handle."))
        return data
