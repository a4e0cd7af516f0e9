"""django-filter's pieces as the pages need them."""

from __future__ import annotations

import django_filters
from django.forms.utils import pretty_name
from django.utils.functional import lazy

from core.forms import TypeAhead
from core.pickers import source_rows


def _formatted(template, label) -> str:
    return str(template) % label


_formatted_lazy = lazy(_formatted, str)


class OrderingFilter(django_filters.OrderingFilter):
    """django-filter's, whose "Name (descending)" labels are formatted when a page shows them, in
    its reader's language: django-filter formats them once, at import, in English."""

    def build_choices(self, fields, labels):
        ascending = [
            (param, labels.get(field, pretty_name(param))) for field, param in fields.items()
        ]
        descending = [
            (f"-{param}", labels.get(f"-{param}", _formatted_lazy(self.descending_fmt, label)))
            for param, label in ascending
        ]
        return [choice for pair in zip(ascending, descending, strict=True) for choice in pair]


def offer(choice: django_filters.ModelChoiceFilter, source: str, user=None) -> None:
    """A filter's choice among the rows of `source` (core.pickers) through a type-ahead, as
    core.forms.offer() does for a form's field: the source's queryset, searched, not listed."""
    choice.extra["widget"] = TypeAhead(source, field_label=choice.label)
    choice.queryset = source_rows(source, user)
