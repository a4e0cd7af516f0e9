"""Small helpers that every app's views share: service errors on forms, the way back after a
form (`next`), streamed CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import Resolver404, get_script_prefix, resolve
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, next to its field when it has one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def safe_next(request, default: str) -> str:
    """Where the request's `next` (POST, else GET) asks to go, when that is a page of this site;
    else `default`. Views read it before they write, so a bad `next` cannot fail after a save."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return default
    # A relative address ("foo") would be taken for a URL name by redirect(): only a path that
    # one of our views answers is kept.
    path = urlsplit(target).path
    prefix = get_script_prefix()
    if not path.startswith(prefix):
        return default
    try:
        resolve("/" + path[len(prefix) :])
    except Resolver404:
        return default
    return target


FORMULA_STARTS = ("=", "+", "-", "@")
LINE_STARTS = ("\t", "\r", "\n")
_QUOTED_FIRST = frozenset(FORMULA_STARTS + LINE_STARTS)
CSV_CHUNK_ROWS = 250  # rows sent together once the header is out


def _safe_cell(value):
    """A cell a spreadsheet would run as a formula is quoted (CSV injection): one that starts
    with =, +, - or @, also after blanks (a spreadsheet skips them), or with a tab or a line
    break. Numbers stay numbers; anything else is judged by the text the file will hold."""
    if type(value) is str:  # most cells: no isinstance walk, no copy
        text = value
    elif value is None or isinstance(value, int | float | Decimal):
        return value
    else:
        text = str(value)
    if not text:
        return value
    first = text[0]
    if first in _QUOTED_FIRST or (first.isspace() and text.lstrip().startswith(FORMULA_STARTS)):
        return "'" + text
    return value


def _csv_chunks(rows: Iterable[list]) -> Iterator[str]:
    """The header at once, then the rows CSV_CHUNK_ROWS at a time: a chunk per row would cost
    the response an encoding and a write per line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for after_header, row in enumerate(rows):
        writer.writerow([_safe_cell(cell) for cell in row])
        if after_header % CSV_CHUNK_ROWS == 0:  # the header, then every CSV_CHUNK_ROWS rows
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()


def csv_response(rows: Iterable[list], name: str) -> StreamingHttpResponse:
    """Stream `rows` as a CSV download named `<name>-<timestamp>.csv`."""
    response = StreamingHttpResponse(_csv_chunks(rows), content_type="text/csv; charset=utf-8")
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
