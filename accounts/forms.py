"""Form fields about people, for every app's forms."""

from __future__ import annotations

from django import forms

from accounts.models import Person


class PersonField(forms.ModelChoiceField):
    """Chooses a person, each shown with their e-mail address (two people may share a name)."""

    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.full_name} <{obj.email}>" if obj.email else obj.full_name
