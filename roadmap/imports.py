"""KPI readings from CSV (date, value, note): every row checked, then all applied or none."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _

from core.csv import ImportReport, RowResult, date_cell, decimal_cell, read_header
from roadmap.models import KpiReading, Objective

COLUMNS = ("date", "value", "note")
VALUE = KpiReading._meta.get_field("value")


def parse(
    text: str, objective: Objective, *, today: dt.date
) -> tuple[ImportReport, list[tuple[dt.date, Decimal, str]]]:
    """Every reading checked (a date not in the future, none twice); the rows to add."""
    report = ImportReport()
    lines = read_header(text, report, columns=COLUMNS, required=("date", "value"))
    if lines is None:
        return report, []
    existing = set(objective.readings.values_list("measured_on", flat=True))
    seen: dict[dt.date, int] = {}
    rows = []
    for line, raw in lines:
        values = {k: (v or "").strip() for k, v in raw.items() if k}
        row = RowResult(line, values)
        report.rows.append(row)
        day = date_cell("date", values.get("date", ""), row.errors)
        if not values.get("date"):
            row.errors.append(_("date: a date is required (YYYY-MM-DD)."))
        value = decimal_cell(
            "value",
            values.get("value", ""),
            row.errors,
            max_digits=VALUE.max_digits,
            decimal_places=VALUE.decimal_places,
            signed=True,
        )
        if day is not None:
            if day > today:
                row.errors.append(_("A reading cannot be in the future."))
            elif day in existing:
                row.errors.append(_("There is already a reading on this date."))
            elif day in seen:
                row.errors.append(_("This date is already on line %(line)s.") % {"line": seen[day]})
            seen.setdefault(day, line)
        if not row.errors:
            rows.append((day, value, values.get("note", "")[:300]))
    if not report.rows and not report.errors:
        report.errors.append(_("The file has no rows."))
    return report, rows
