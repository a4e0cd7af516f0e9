"""Small helpers that every app's views share: service errors on forms, streamed CSV."""

from __future__ import annotations

import csv
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, next to its field when it has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class _Echo:
    def write(self, value: str) -> str:
        return value


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe_cell(value):
    """A cell a spreadsheet would run as a formula is quoted (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_response(rows: Iterable[list], name: str) -> StreamingHttpResponse:
    """Stream `rows` as a CSV download named `<name>-<timestamp>.csv`."""
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow([_safe_cell(cell) for cell in row]) for row in rows),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{name}-{timezone.localtime():%Y%m%d-%H%M}.csv"'
    )
    return response


def form_page(request, form, *, title, submit_label, cancel_url, intro="") -> HttpResponse:
    """A form alone on its page, with its title, submit button and a way back."""
    return render(
        request,
        "governance/form_page.html",
        {
            "form": form,
            "title": title,
            "submit_label": submit_label,
            "cancel_url": cancel_url,
            "intro": intro,
        },
    )
