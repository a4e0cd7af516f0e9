"""Figures as the reader's language writes them: grouped thousands and the currency."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.template import Context, Template
from django.utils import translation

from config.settings.env import env_currency
from core.figures import currency_code, format_money, format_number

NBSP = "\xa0"


def _in(language: str, function, *args):
    with translation.override(language):
        return function(*args)


@pytest.mark.parametrize(
    ("value", "english", "french"),
    [
        (14400, "14,400", f"14{NBSP}400"),
        (57439, "57,439", f"57{NBSP}439"),
        (999, "999", "999"),
        (1234567, "1,234,567", f"1{NBSP}234{NBSP}567"),
        (Decimal("3.50"), "3.5", "3,5"),
        (Decimal("1687.25"), "1,687.25", f"1{NBSP}687,25"),
        (Decimal("4500.00"), "4,500", f"4{NBSP}500"),
        (-2500, "-2,500", f"-2{NBSP}500"),
        (0, "0", "0"),
    ],
)
def test_numbers_are_grouped_by_thousands_in_each_language(value, english, french):
    assert _in("en", format_number, value) == english
    assert _in("fr", format_number, value) == french


def test_a_number_keeps_the_decimals_asked_for():
    assert _in("en", format_number, Decimal("7.25"), 1) == "7.2"
    assert _in("fr", format_number, 12000, 1) == f"12{NBSP}000,0"


@pytest.mark.parametrize(
    ("amount", "currency", "english", "french"),
    [
        (Decimal("4500.00"), "EUR", "€4,500", f"4{NBSP}500{NBSP}€"),
        (Decimal("1687.50"), "EUR", "€1,687.50", f"1{NBSP}687,50{NBSP}€"),
        (Decimal("-200"), "EUR", "-€200", f"-200{NBSP}€"),
        (Decimal("0"), "EUR", "€0", f"0{NBSP}€"),
        (Decimal("12000"), "USD", "$12,000", f"12{NBSP}000{NBSP}$US"),
        (Decimal("950"), "GBP", "£950", f"950{NBSP}£GB"),
        (Decimal("4500"), "CHF", f"CHF{NBSP}4,500", f"4{NBSP}500{NBSP}CHF"),
    ],
)
def test_money_carries_the_currency_where_each_language_puts_it(amount, currency, english, french):
    assert _in("en", format_money, amount, currency) == english
    assert _in("fr", format_money, amount, currency) == french


def test_the_filters_use_the_setting_and_say_nothing_for_none(settings):
    settings.CURRENCY = "USD"
    page = Template(
        "{% load figures %}{{ count|number }} {{ cost|money }} {{ none|money }} {{ none|number }}"
    )
    context = Context({"count": 14400, "cost": Decimal("4500.00"), "none": None})
    with translation.override("en"):
        assert page.render(context) == "14,400 $4,500 — —"
    with translation.override("fr"):
        assert page.render(context) == f"14{NBSP}400 4{NBSP}500{NBSP}$US — —"


def test_the_currency_is_an_iso_4217_code(monkeypatch):
    assert currency_code(" usd ") == "USD"
    with pytest.raises(ValueError, match="ISO 4217"):
        currency_code("EURO")
    monkeypatch.setenv("GOUVERNAIL_TEST_CURRENCY", "gbp")
    assert env_currency("GOUVERNAIL_TEST_CURRENCY", default="EUR") == "GBP"
    monkeypatch.setenv("GOUVERNAIL_TEST_CURRENCY", "")
    assert env_currency("GOUVERNAIL_TEST_CURRENCY", default="EUR") == "EUR"
    monkeypatch.setenv("GOUVERNAIL_TEST_CURRENCY", "€")
    with pytest.raises(ImproperlyConfigured, match=r"GOUVERNAIL_TEST_CURRENCY.*ISO 4217"):
        env_currency("GOUVERNAIL_TEST_CURRENCY", default="EUR")
