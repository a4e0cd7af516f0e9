"""Forms of the reconciliation: an observation file, who a holder is, a grant's expiry."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Person
from core.forms import DATE, CsvImportForm, offer


class ObservationImportForm(CsvImportForm):
    columns_help = _(
        "Columns: name and role (as the platform names it), and optionally email, "
        "platform_user_id, two_factor (yes/no), last_active and invited_at (YYYY-MM-DD)."
    )


class HolderMatchForm(forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.none(), label=_("This holder is"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        offer(self.fields["person"], "people.all")


class GrantRecordForm(forms.Form):
    """A partner's people get time-bound access: the grant recorded for them needs an end."""

    expires_on = forms.DateField(widget=DATE, required=False, label=_("Until"))
