"""Asking for access, and deciding the requests one is responsible for."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.selectors import person_for_user
from core.web import add_service_errors
from governance import services
from governance.access.forms import DecisionForm, RequestForm
from governance.access.selectors import requests_to_decide, requests_visible_to
from governance.policies.audience import policies_blocking_access
from governance.reminders.engine import my_tasks
from governance.rules import may_decide_request, may_request


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest) -> HttpResponse:
    if not may_request(request.user):
        raise PermissionDenied
    initial = {"channel": request.GET.get("channel")}
    form = RequestForm(request.POST or None, initial=initial)
    if request.htmx and request.method == "GET":
        # The channel changed: the page swaps in the role field with that channel's roles.
        return render(request, "governance/_request_role_field.html", {"form": form})
    person = person_for_user(request.user)
    if person is None:
        messages.error(
            request, _("Your account is not linked to a person of the directory: ask an admin.")
        )
    elif request.method == "POST" and form.is_valid():
        try:
            services.request_create(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Request sent to the channel's owner."))
            return redirect("governance:index")
    blocking = policies_blocking_access(person) if person is not None else []
    return render(
        request,
        "governance/request_form.html",
        {"form": form, "person": person, "blocking_policies": blocking},
    )


@login_required
def request_inbox(request: HttpRequest) -> HttpResponse:
    """First what My tasks says the user must decide; then what they may decide too (a lead, a
    backup owner) while someone else is first in line."""
    due = {
        item.item_id
        for section in my_tasks(request.user, kinds=("access_request",))
        for item in section["items"]
    }
    waiting, others = [], []
    for pending in requests_to_decide(request.user):
        (waiting if pending.pk in due else others).append(pending)
    return render(
        request,
        "governance/request_inbox.html",
        {"waiting": waiting, "others": others, "form": DecisionForm()},
    )


@login_required
@require_POST
def request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    pending = get_object_or_404(requests_visible_to(request.user).filter(status="pending"), pk=pk)
    if not may_decide_request(request.user, pending):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    try:
        if request.POST.get("decision") == "approve":
            services.request_approve(actor=request.user, request=pending, comment=comment)
            messages.success(
                request,
                _("Approved: %(person)s now holds %(role)s.")
                % {"person": pending.person, "role": pending.role.display_name},
            )
        else:
            services.request_refuse(actor=request.user, request=pending, comment=comment)
            messages.success(request, _("Request refused."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("governance:requests")
