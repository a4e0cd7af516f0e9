"""The type-ahead endpoint: a picker's matches, as the <option>s of its select, or as boxes to
tick for a picker of several rows."""

from __future__ import annotations

import re

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render

from core.forms import BLANK_LABEL
from core.pickers import LIMIT, MAX_LENGTH, picker_sources


@login_required
def pick(request: HttpRequest, source: str) -> HttpResponse:
    """At most LIMIT rows of `source` matching `q`, in the forms' order, after the blank choice
    when the field is optional. The choice (`selected`) stays chosen if it matches; else the
    first match is chosen, so that the select shows what the form will post. A search that
    finds nothing, or none at all, keeps the choice. An unknown source, or one the user may not
    use, is a page that does not exist (404)."""
    picker = picker_sources.get(source)
    if picker is None or not picker.may(request.user):
        raise Http404
    text = request.GET.get("q", "")[:MAX_LENGTH].strip()
    rows = picker.queryset(request.user)
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
# The rows a multiple picker says are chosen already, left out of the matches; at most so many.
MAX_CHOSEN = 500


def _boxes(request: HttpRequest, picker, rows, text: str) -> HttpResponse:
    """At most LIMIT matches of a multiple picker, as unticked boxes named `name` (the field's)
    with ids after `multiple` (the picker's); the rows already chosen (`chosen`) are left out,
    as the page shows them. A bad name or id is a bad request."""
    prefix, name = request.GET.get("multiple", ""), request.GET.get("name", "")
    if not NAME.fullmatch(prefix) or not NAME.fullmatch(name):
        return HttpResponseBadRequest()
    chosen = [pk for v in request.GET.getlist("chosen")[:MAX_CHOSEN] if (pk := _pk(v))]
    found = picker.search(rows, text) if text else rows
    matches = found.exclude(pk__in=chosen)[:LIMIT]
    boxes = [{"value": row.pk, "label": picker.label(row)} for row in matches]
    return render(request, "core/_boxes.html", {"boxes": boxes, "name": name, "prefix": prefix})


def _pk(value: str) -> int | None:
    """The primary key `value` names: ASCII digits that fit a bigint, else None."""
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 18 else None
