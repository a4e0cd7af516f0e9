"""Platform evaluations: the platforms by next evaluation date, a platform's history, a new one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.selectors import person_for_user
from audits import services
from audits.forms import EvaluationForm
from audits.models import PlatformEvaluation
from audits.rules import may_manage_audits, may_read_evaluations
from audits.views._common import managing
from channels_registry.models import Platform
from core.web import add_service_errors, form_page


def _readable(user) -> None:
    if not may_read_evaluations(user):
        raise PermissionDenied


@login_required
def platform_list(request: HttpRequest) -> HttpResponse:
    """Every platform with its stance and latest decision, the next evaluation due first."""
    _readable(request.user)
    latest = PlatformEvaluation.objects.filter(platform=OuterRef("pk")).order_by(
        "-evaluated_on", "-pk"
    )
    platforms = Platform.objects.annotate(
        next_on=Subquery(latest.values("next_evaluation_on")[:1]),
        last_on=Subquery(latest.values("evaluated_on")[:1]),
        last_decision=Subquery(latest.values("decision")[:1]),
    ).order_by("next_on", "name")
    return render(
        request,
        "audits/platform_list.html",
        {"platforms": platforms, "today": timezone.localdate()},
    )


@login_required
def platform_detail(request: HttpRequest, slug: str) -> HttpResponse:
    _readable(request.user)
    platform = get_object_or_404(Platform, slug=slug)
    evaluations = list(
        platform.evaluations.select_related("evaluator", "recorded_by").order_by(
            "-evaluated_on", "-pk"
        )
    )
    return render(
        request,
        "audits/platform_detail.html",
        {
            "platform": platform,
            "evaluations": evaluations,
            "latest": evaluations[0] if evaluations else None,
            "channels": platform.channels.exclude(status="archived").order_by("name"),
            "today": timezone.localdate(),
            "may_manage": may_manage_audits(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_create(request: HttpRequest, slug: str) -> HttpResponse:
    managing(request.user)
    platform = get_object_or_404(Platform, slug=slug)
    person = person_for_user(request.user)
    form = EvaluationForm(
        request.POST or None, initial={"evaluated_on": timezone.localdate(), "evaluator": person}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_record(actor=request.user, platform=platform, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Evaluation recorded."))
            return redirect("audits:platform", slug=platform.slug)
    return form_page(
        request,
        form,
        title=_("Evaluate %(platform)s") % {"platform": platform.display_name},
        intro=_("Current stance: %(stance)s.") % {"stance": platform.get_stance_display()},
        submit_label=_("Record the evaluation"),
        cancel_url=reverse("audits:platform", args=[platform.slug]),
    )
