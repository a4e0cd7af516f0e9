"""Form fields about people, for every app's forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Person
from accounts.scopes import SCOPE_CHOICES
from core.forms import DATE


class PersonField(forms.ModelChoiceField):
    """Chooses a person, each shown with their e-mail address (two people may share a name)."""

    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.full_name} <{obj.email}>" if obj.email else obj.full_name


class ApiTokenForm(forms.Form):
    """A personal API token: what it is for, what it may do, until when."""

    name = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What will use it, e.g. “SIEM export”.")
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=SCOPE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The token never does more than you may; scopes narrow it further."),
    )
    expires_on = forms.DateField(
        label=_("Expires on"), widget=DATE, help_text=_("At most a year from today.")
    )
