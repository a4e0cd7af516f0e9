"""Forms of off-boarding: start one, import leavers."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DATE, CsvImportForm


class OffboardingForm(forms.Form):
    last_day = forms.DateField(widget=DATE, label=_("Last day"))
    reason = forms.CharField(max_length=300, required=False, label=_("Reason"))


class LeaversImportForm(CsvImportForm):
    columns_help = _("Columns: email, last_day (YYYY-MM-DD), and optionally reason.")
