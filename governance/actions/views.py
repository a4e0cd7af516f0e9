"""Confirming a task, whatever handed it out."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.web import add_service_errors
from governance import services
from governance.actions.forms import TaskConfirmForm
from governance.actions.models import Task
from governance.choices import TaskKind
from governance.offboarding.selectors import offboarding_for
from governance.reconciliation.selectors import still_listed
from governance.rules import may_confirm_task, may_see_task


@login_required
@require_http_methods(["GET", "POST"])
def task_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_object_or_404(
        Task.objects.select_related(
            "offboarding__person",
            "review_item__person",
            "review_item__review",
            "channel__platform",
            "grant__role",
            "assignee",
            "grant__person",
            "drift_finding__person",
            "drift_finding__holder",
        ),
        pk=pk,
    )
    if task.offboarding_id:
        offboarding_for(request.user, task.offboarding_id)  # 404 outside the user's view
    elif not may_see_task(request.user, task):
        raise Http404
    if not may_confirm_task(request.user, task):
        raise PermissionDenied
    form = TaskConfirmForm(request.POST or None, task=task)
    if request.method == "POST" and form.is_valid():
        try:
            services.offboarding_task_confirm(actor=request.user, task=task, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Task done."))
            if task.offboarding_id:
                return redirect("governance:offboarding", pk=task.offboarding_id)
            return redirect("governance:index")
    listed = still_listed(task) if task.kind == TaskKind.REVOKE else None
    return render(
        request, "governance/task_confirm.html", {"task": task, "form": form, "listed": listed}
    )
