"""Paging a wide, joined list in two steps: the page's keys first, then its rows.

Sorting thousands of rows by columns of other tables costs the joins and the width of every
row, though a page shows fifty. Here the database sorts the primary keys alone (it joins only
what the ordering names), then reads the page's rows, with all their related objects, by key.
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet


def page_of(queryset: QuerySet, per_page: int, number) -> Page:
    """The page `number` of `queryset` (its ordering kept), as Paginator.get_page gives it."""
    page = Paginator(queryset.values_list("pk", flat=True), per_page).get_page(number)
    keys = list(page.object_list)
    rows = queryset.order_by().in_bulk(keys)
    page.object_list = [rows[key] for key in keys if key in rows]
    return page
