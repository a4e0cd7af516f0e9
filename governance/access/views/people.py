"""The people directory as governance sees it: who holds what, and their off-boarding."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.models import Person
from accounts.rules import sees_everything
from core.web import add_service_errors
from governance import services
from governance.access.selectors import person_for, person_holdings
from governance.chat.rules import may_see_team
from governance.choices import HOLDING_STATUSES
from governance.offboarding.forms import OffboardingForm
from governance.rules import may_offboard


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    if not sees_everything(request.user):
        person = getattr(request.user, "person", None)
        if person is None:
            raise PermissionDenied
        return redirect("governance:person", pk=person.pk)
    people = Person.objects.select_related("team", "partner").annotate(
        holding=Count("grants", filter=Q(grants__status__in=HOLDING_STATUSES))
    )
    query = request.GET.get("q", "").strip()
    if query:
        people = people.filter(
            Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
        )
    page = Paginator(people.order_by("last_name", "first_name", "pk"), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "governance/person_list.html",
        {"page": page, "q": query, "query": f"q={query}" if query else ""},
    )


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for(request.user, pk)
    return render(
        request,
        "governance/person_detail.html",
        {
            "person": person,
            **person_holdings(person, page=request.GET.get("page")),
            "may_offboard": may_offboard(request.user),
            "may_see_team": may_see_team(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def offboarding_start(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_for(request.user, pk)
    if not may_offboard(request.user):
        raise PermissionDenied
    form = OffboardingForm(request.POST or None, initial={"last_day": person.end_date})
    if request.method == "POST" and form.is_valid():
        try:
            offboarding = services.offboarding_start(
                actor=request.user, person=person, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Off-boarding started: every assignee has been told."))
            return redirect("governance:offboarding", pk=offboarding.pk)
    return render(request, "governance/offboarding_form.html", {"form": form, "person": person})
