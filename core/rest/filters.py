"""Filters the API's lists share."""

from __future__ import annotations

import django_filters
from django import forms
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

LARGEST_KEY = 2**63 - 1  # a bigint: past it, a database refuses the comparison itself


@extend_schema_field(OpenApiTypes.INT64)
class IdFilter(django_filters.NumberFilter):
    """An object's id: a whole number a key can hold. Anything else (a fraction, a number past
    the largest key) is refused with a 400 naming the filter, never sent to the database."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", LARGEST_KEY)
        super().__init__(*args, **kwargs)
