"""Scoring one channel of an audit: its metrics, then a score and a note per criterion."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from audits import services
from audits.forms import AssessmentForm
from audits.models import Criterion
from audits.rules import may_score
from audits.views._common import assessment_for
from core.web import add_service_errors


@login_required
@require_http_methods(["GET", "POST"])
def assessment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = assessment_for(request.user, pk)
    if not may_score(request.user, assessment.audit):
        raise PermissionDenied
    scores = {s.criterion_id: s for s in assessment.scores.all()}
    criteria = list(Criterion.objects.filter(Q(active=True) | Q(pk__in=scores)))
    form = AssessmentForm(
        request.POST or None, instance=assessment, criteria=criteria, scores=scores
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.assessment_score(
                actor=request.user,
                assessment=assessment,
                scores=form.scores(),
                **form.metrics(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Scores of %(channel)s saved.") % {"channel": assessment.channel.name}
            )
            nxt = (
                assessment.audit.assessments.filter(channel__name__gt=assessment.channel.name)
                .order_by("channel__name")
                .first()
            )
            if nxt is not None and request.POST.get("next"):
                return redirect("audits:assessment", pk=nxt.pk)
            return redirect("audits:detail", pk=assessment.audit_id)
    return render(request, "audits/assessment_form.html", {"assessment": assessment, "form": form})
