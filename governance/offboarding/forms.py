"""Forms of off-boarding: start one, confirm a task, import leavers."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.choices import PersonStatus
from accounts.forms import PersonField
from accounts.models import Person
from core.forms import DATE, CsvImportForm
from governance.access.forms import EvidenceForm


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
