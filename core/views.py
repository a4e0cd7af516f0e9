"""The type-ahead endpoint: a picker's matches, as the <option>s of its select."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
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
    if not selected.isdigit():
        return None
    pk = int(selected)
    for row in matches:
        if row.pk == pk:
            return row
    return rows.filter(pk=pk).first()
