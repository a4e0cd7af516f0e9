"""The figures of every page: `{{ count|number }}` groups thousands in the reader's language,
`{{ cost|money }}` adds the organisation's currency (settings.CURRENCY). Nothing (None) is "—"."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template
from django.conf import settings

from core.figures import format_money, format_number

register = template.Library()

NOTHING = "—"


def _figure(value) -> Decimal | int | None:
    if value is None or value == "":
        return None
    if isinstance(value, int | Decimal):
        return value
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


@register.filter
def number(value, decimals: int | None = None) -> str:
    """14400 → "14,400" (« 14 400 »); `|number:1` keeps one decimal."""
    figure = _figure(value)
    if figure is None:
        return NOTHING if value in (None, "") else str(value)
    return format_number(figure, decimals)


@register.filter
def money(value) -> str:
    """4500 → "€4,500" (« 4 500 € ») in the organisation's currency."""
    figure = _figure(value)
    if figure is None:
        return NOTHING if value in (None, "") else str(value)
    return format_money(figure, settings.CURRENCY)
