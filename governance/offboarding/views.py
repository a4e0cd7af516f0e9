"""Off-boardings: their list, their tasks, importing leavers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from governance import services
from governance.offboarding import imports
from governance.offboarding.forms import LeaversImportForm
from governance.offboarding.selectors import offboarding_for, offboardings_for
from governance.rules import may_confirm_task, may_offboard


@login_required
def offboarding_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(offboardings_for(request.user), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "governance/offboarding_list.html",
        {"page": page, "may_offboard": may_offboard(request.user)},
    )


@login_required
def offboarding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    offboarding = offboarding_for(request.user, pk)
    tasks = list(
        offboarding.tasks.select_related(
            "channel__platform", "grant__role", "assignee", "done_by"
        ).order_by("status", "kind", "channel__name")
    )
    for task in tasks:
        task.may_confirm = task.status == "open" and may_confirm_task(request.user, task)
    return render(
        request, "governance/offboarding_detail.html", {"offboarding": offboarding, "tasks": tasks}
    )


@login_required
@require_http_methods(["GET", "POST"])
def leavers_import(request: HttpRequest) -> HttpResponse:
    if not may_offboard(request.user):
        raise PermissionDenied
    form = LeaversImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = imports.parse(form.cleaned_data["text"])
        if report.ok and request.POST.get("apply"):
            try:
                with transaction.atomic():
                    started = services.offboarding_import(
                        actor=request.user,
                        rows=[(row.person, row.day, row.reason) for row in report.rows],
                    )
            except ValidationError as error:
                report.errors.extend(error.messages)
            else:
                messages.success(
                    request, _("%(count)s off-boardings started.") % {"count": len(started)}
                )
                return redirect("governance:offboardings")
        form = LeaversImportForm(
            initial={"payload": form.cleaned_data["text"] if report.ok else ""}
        )
    return render(request, "governance/leavers_import.html", {"form": form, "report": report})
