"""Type-ahead sources: what a person, channel or team picker searches.

A form field that chooses one of thousands of rows shows a search box and a select holding only
the current choice (core.forms.TypeAhead); typing asks /pick/<source>/ for the matches. The
apps that own the models register their sources here from AppConfig.ready(): core knows no
domain. A source's queryset is the one its forms offer, so the field validates against exactly
the rows the search can find.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.functional import Promise

from core.registry import Registry

# Options the endpoint sends at most; the search narrows, it never pages.
LIMIT = 20
# A search reads so many words, so many characters, and ignores the rest.
MAX_WORDS = 5
MAX_LENGTH = 100


@dataclass(frozen=True)
class PickerSource:
    """Rows a picker offers: `queryset(user)` in the forms' order (user is None where the rows
    do not depend on who asks), each shown as `label(row)` and found by `search_fields`
    (icontains); `may(user)` says who may use a form offering them (else the endpoint 404s)."""

    key: str
    queryset: Callable[[Any], QuerySet]
    label: Callable[[Any], str]
    search_fields: tuple[str, ...]
    may: Callable[[Any], bool]
    search_label: Promise | str  # the search box's name for screen readers: "Search people"

    def search(self, rows: QuerySet, text: str) -> QuerySet:
        """The rows where each word of `text` is in one of the search fields: "ali mar" finds
        Alice Martin, "@acme" the handle acme."""
        for word in text[:MAX_LENGTH].split()[:MAX_WORDS]:
            word = word.lstrip("@") or word
            condition = Q()
            for field in self.search_fields:
                condition |= Q(**{f"{field}__icontains": word})
            rows = rows.filter(condition)
        return rows


picker_sources: Registry[PickerSource] = Registry("type-ahead sources")


def source_rows(key: str, user=None) -> QuerySet:
    """The rows of the source `key`: what a form's field offers and validates against."""
    return picker_sources[key].queryset(user)
