"""Form fields about people, for every app's forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.choices import PersonStatus
from accounts.models import Person
from accounts.scopes import SCOPE_CHOICES
from core.forms import DATE


def person_label(person: Person) -> str:
    """A person as a choice: with their e-mail address (two people may share a name)."""
    return f"{person.full_name} <{person.email}>" if person.email else person.full_name


def person_label_with_status(person: Person) -> str:
    """A person among leavers too: their status said unless active."""
    if person.status == PersonStatus.ACTIVE:
        return person_label(person)
    return f"{person_label(person)} — {person.get_status_display()}"


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
