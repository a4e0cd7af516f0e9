"""The criteria audits score, and their weights: leads keep them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from audits import services
from audits.forms import CriterionForm
from audits.models import Criterion
from audits.rules import may_manage_audits
from audits.views._common import managing, readable
from core.web import add_service_errors, form_page


@login_required
def criterion_list(request: HttpRequest) -> HttpResponse:
    readable(request.user)
    criteria = list(Criterion.objects.all())
    total = sum(c.weight for c in criteria if c.active)
    return render(
        request,
        "audits/criterion_list.html",
        {"criteria": criteria, "total": total, "may_manage": may_manage_audits(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def criterion_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    managing(request.user)
    criterion = get_object_or_404(Criterion, pk=pk) if pk else None
    form = CriterionForm(request.POST or None, instance=criterion)
    if request.method == "POST" and form.is_valid():
        try:
            services.criterion_save(actor=request.user, criterion=criterion, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Criterion saved."))
            return redirect("audits:criteria")
    return form_page(
        request,
        form,
        title=criterion.name if criterion else _("New criterion"),
        intro=_("A weight of 0 keeps the criterion on the page without counting it."),
        submit_label=_("Save"),
        cancel_url=reverse("audits:criteria"),
    )
