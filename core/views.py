"""The type-ahead endpoint: a picker's matches, as the <option>s of its select, or as boxes to
tick for a picker of several rows."""

from __future__ import annotations

import re

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render

from core.forms import BLANK_LABEL
from core.pickers import LIMIT, picker_sources


def pick(request: HttpRequest, source: str) -> HttpResponse:
    """At most LIMIT rows of `source` matching `q`, in the forms' order, after the blank choice
    when the field is optional. The choice (`selected`) stays chosen if it matches; else the
    first match is chosen, so that the select shows what the form will post. A search that
    finds nothing, or none at all, keeps the choice. An unknown source, or one the user may not
    use, is a page that does not exist (404). Rows named by `exclude` are never matches.

    Logged out, a page is sent to log in; a search (htmx) gets 401 instead, which the page
    says next to the box (static/js/picker.js): the login page must not become options."""
    if not request.user.is_authenticated:
        if request.htmx:
            return HttpResponse(status=401)
        return redirect_to_login(request.get_full_path())
    picker = picker_sources.get(source)
    if picker is None or not picker.may(request.user):
        raise Http404
    text = request.GET.get("q", "").strip()  # cut to its first words by the search
    rows = picker.queryset(request.user)
    if excluded := _pks(request.GET.getlist("exclude")):
        rows = rows.exclude(pk__in=excluded)
    if "multiple" in request.GET:
        return _boxes(request, picker, rows, text)
    matches = list(picker.search(rows, text)[:LIMIT]) if text else list(rows[:LIMIT])
    chosen = _chosen(rows, request.GET.get("selected", ""), matches)
    if text and matches and chosen not in matches:
        chosen = matches[0]
    kept = chosen is not None and chosen not in matches
    options = [
        {"value": row.pk, "label": picker.label(row), "selected": row == chosen} for row in matches
    ]
    if kept:
        # Not a match: marked, so that the page does not count it among them.
        options.insert(
            0, {"value": chosen.pk, "label": picker.label(chosen), "selected": True, "kept": True}
        )
    if request.GET.get("optional"):
        options.insert(0, {"value": "", "label": BLANK_LABEL, "selected": chosen is None})
    return render(request, "core/_options.html", {"options": options})


def _chosen(rows, selected: str, matches: list):
    """The row `selected` names, if the source holds it: among the matches (no query), else
    read from the source (one query)."""
    pk = _pk(selected)
    if pk is None:
        return None
    for row in matches:
        if row.pk == pk:
            return row
    return rows.filter(pk=pk).first()


# The ids and names a page gives its boxes: what a form field's name and id may hold.
NAME = re.compile(r"[\w-]{1,100}")


def _boxes(request: HttpRequest, picker, rows, text: str) -> HttpResponse:
    """At most LIMIT matches of a multiple picker, as unticked boxes named `name` (the field's)
    with ids after `multiple` (the picker's); the rows already chosen (`chosen`) are left out,
    as the page shows them. A bad name or id is a bad request."""
    prefix, name = request.GET.get("multiple", ""), request.GET.get("name", "")
    if not NAME.fullmatch(prefix) or not NAME.fullmatch(name):
        return HttpResponseBadRequest()
    found = picker.search(rows, text) if text else rows
    matches = found.exclude(pk__in=_pks(request.GET.getlist("chosen")))[:LIMIT]
    boxes = [{"value": row.pk, "label": picker.label(row)} for row in matches]
    return render(request, "core/_boxes.html", {"boxes": boxes, "name": name, "prefix": prefix})


def _pk(value: str) -> int | None:
    """The primary key `value` names: ASCII digits that fit a bigint, else None."""
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else None


# The rows a request names to leave out (chosen already, or excluded): at most so many.
MAX_LEFT_OUT = 500


def _pks(values: list[str]) -> list[int]:
    return [pk for value in values[:MAX_LEFT_OUT] if (pk := _pk(value)) is not None]
