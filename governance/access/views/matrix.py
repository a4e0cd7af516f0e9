"""The access matrix page and its CSV export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from accounts.models import Partner, Person, Team
from channels_registry.choices import PrivilegeLevel
from channels_registry.models import Platform
from core.web import csv_response
from governance.access import matrix


def _pick(model, raw):
    return model.objects.filter(pk=raw).first() if raw and str(raw).isdigit() else None


@login_required
def access_matrix(request: HttpRequest) -> HttpResponse:
    team = _pick(Team, request.GET.get("team"))
    platform = _pick(Platform, request.GET.get("platform"))
    partner = _pick(Partner, request.GET.get("partner"))
    # A person outside the user's matrix simply has no row: the matrix itself filters by what
    # the user may see, and the page names only the people in its rows.
    person = _pick(Person, request.GET.get("person"))
    search = request.GET.get("q", "").strip()[:100]
    built = matrix.build(
        request.user,
        team=team,
        platform=platform,
        partner=partner,
        person=person,
        search=search,
        person_page=request.GET.get("people"),
        channel_page=request.GET.get("channels"),
    )
    query = request.GET.copy()
    for key in ("people", "channels"):
        query.pop(key, None)
    return render(
        request,
        "governance/matrix.html",
        {
            "matrix": built,
            "teams": Team.objects.order_by("name"),
            "platforms": Platform.objects.order_by("name"),
            "partners": Partner.objects.order_by("name"),
            "selected": {"team": team, "platform": platform, "partner": partner},
            "search": search,
            "person_chosen": person is not None,
            "query": query.urlencode(),
            "levels": PrivilegeLevel.choices,
        },
    )


@login_required
def access_matrix_export(request: HttpRequest) -> StreamingHttpResponse:
    return csv_response(matrix.export_rows(request.user), "access")
