"""The API refuses what the page refuses, with the same messages: a body is checked by the page's
own form after its serializer."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError


def cleaned(form: forms.Form) -> dict[str, Any]:
    """The form's cleaned data, or the API's 400 with the form's messages, field by field."""
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form.cleaned_data
