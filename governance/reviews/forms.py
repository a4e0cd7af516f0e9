"""Forms of access reviews: a campaign, a decision, decisions in bulk, a reassignment."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from channels_registry.models import PlatformRole
from channels_registry.risk import risk_flags
from core.forms import DATE, offer
from governance.access.forms import RoleField
from governance.choices import Decision
from governance.models import AccessReview
from governance.reviews.services import REVIEW_FIELDS


class ReviewForm(forms.ModelForm):
    class Meta:
        model = AccessReview
        fields = list(REVIEW_FIELDS)
        widgets = {"due_on": DATE, "scope_risk_flag": forms.Select}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        offer(self.fields["scope_team"], "teams")
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
        reviewed = [item.person.user_id] if item.person.user_id else []
        offer(self.fields["reviewer"], "users.taking_part", exclude=reviewed)
