"""Findings of an audit: what was observed, what is recommended, what became of it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from audits import services
from audits.forms import FindingForm
from audits.views._common import audit_for, finding_for, managing
from core.web import add_service_errors, form_page


def _save(request, form, *, audit, finding=None):
    try:
        services.finding_save(actor=request.user, audit=audit, finding=finding, **form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    messages.success(request, _("Finding saved."))
    return redirect(reverse("audits:detail", args=[audit.pk]) + "#findings")


@login_required
@require_http_methods(["GET", "POST"])
def finding_create(request: HttpRequest, pk: int) -> HttpResponse:
    audit = audit_for(request.user, pk)
    managing(request.user)
    form = FindingForm(request.POST or None, audit=audit)
    if request.method == "POST" and form.is_valid() and (done := _save(request, form, audit=audit)):
        return done
    return form_page(
        request,
        form,
        title=_("New finding"),
        intro=audit.title,
        submit_label=_("Save"),
        cancel_url=reverse("audits:detail", args=[audit.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def finding_edit(request: HttpRequest, pk: int) -> HttpResponse:
    finding = finding_for(request.user, pk)
    managing(request.user)
    initial = {
        "severity": finding.severity,
        "observed": finding.observed,
        "recommendation": finding.recommendation,
        "status": finding.status,
        "channels": list(finding.channels.all()),
    }
    form = FindingForm(request.POST or None, audit=finding.audit, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = _save(request, form, audit=finding.audit, finding=finding)
        if done:
            return done
    return form_page(
        request,
        form,
        title=_("Finding"),
        intro=finding.audit.title,
        submit_label=_("Save"),
        cancel_url=reverse("audits:detail", args=[finding.audit_id]),
    )
