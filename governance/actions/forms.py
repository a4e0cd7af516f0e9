"""The form that confirms a task, with its evidence and, for a hand-over, who takes over."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Person
from core.forms import offer
from governance.access.forms import EvidenceForm


class TaskConfirmForm(EvidenceForm):
    new_person = forms.ModelChoiceField(
        queryset=Person.objects.none(), required=False, label=_("Who takes over")
    )

    def __init__(self, *args, task, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if task.kind in ("revoke", "rotate_password", "change_role"):
            del self.fields["new_person"]
        else:
            # The leaver is neither offered nor accepted.
            offer(self.fields["new_person"], "people.active", exclude=[task.subject.pk])
