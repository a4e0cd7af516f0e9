"""A roadmap: its timeline, phases, milestones and sourcing options, and their forms."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from audits.finding_actions import FindingAction
from audits.models import Finding
from audits.rules import audits_visible_to
from core.web import add_service_errors, form_page
from roadmap import charts, services, sourcing
from roadmap.choices import MilestoneStatus
from roadmap.forms import (
    ChooseForm,
    FindingMilestoneForm,
    MilestoneForm,
    PhaseForm,
    RoadmapForm,
    SourcingOptionForm,
)
from roadmap.models import Milestone, Phase, Roadmap, SourcingOption
from roadmap.rules import may_move_milestone, may_plan
from roadmap.views._common import planning, reading


def _roadmap_page(roadmap_id: int, anchor: str = "") -> HttpResponse:
    return redirect(reverse("roadmap:detail", args=[roadmap_id]) + anchor)


@login_required
@require_http_methods(["GET", "POST"])
def roadmap_create(request: HttpRequest) -> HttpResponse:
    planning(request.user)
    form = RoadmapForm(
        request.POST or None,
        initial={"starts_on": timezone.localdate(), "template": "time_windows"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            roadmap = services.roadmap_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Roadmap created with its phases."))
            return redirect("roadmap:detail", pk=roadmap.pk)
    return form_page(
        request,
        form,
        title=_("New roadmap"),
        submit_label=_("Create the roadmap"),
        cancel_url=reverse("roadmap:index"),
    )


@login_required
def roadmap_detail(request: HttpRequest, pk: int) -> HttpResponse:
    reading(request.user)
    roadmap = get_object_or_404(Roadmap, pk=pk)
    phases = list(
        roadmap.phases.prefetch_related(
            Prefetch(
                "milestones",
                queryset=Milestone.objects.select_related("owner", "objective", "finding"),
            ),
            Prefetch(
                "sourcing_options",
                queryset=SourcingOption.objects.select_related("partner", "phase"),
            ),
        )
    )
    today = timezone.localdate()
    for phase in phases:
        for milestone in phase.milestones.all():
            milestone.late = milestone.is_late(today)
            milestone.movable = may_move_milestone(request.user, milestone)
    comparison = sourcing.compare(sourcing.phase_costs(phases))
    return render(
        request,
        "roadmap/roadmap_detail.html",
        {
            "roadmap": roadmap,
            "phases": phases,
            "timeline": charts.timeline(roadmap, phases, today),
            "comparison": comparison,
            "cost_chart": charts.cost_chart(comparison),
            "today": today,
            "statuses": MilestoneStatus.choices,
            "may_plan": may_plan(request.user),
            "visible_audits": set(audits_visible_to(request.user).values_list("pk", flat=True)),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def phase_edit(request: HttpRequest, pk: int, phase_pk: int | None = None) -> HttpResponse:
    planning(request.user)
    roadmap = get_object_or_404(Roadmap, pk=pk)
    phase = get_object_or_404(Phase, pk=phase_pk, roadmap=roadmap) if phase_pk else None
    form = PhaseForm(request.POST or None, instance=phase)
    if request.method == "POST" and form.is_valid():
        try:
            services.phase_save(
                actor=request.user, roadmap=roadmap, phase=phase, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Phase saved."))
            return _roadmap_page(roadmap.pk)
    return form_page(
        request,
        form,
        title=phase.display_name if phase else _("New phase"),
        intro=roadmap.name,
        submit_label=_("Save"),
        cancel_url=reverse("roadmap:detail", args=[roadmap.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def milestone_edit(request: HttpRequest, pk: int, milestone_pk: int | None = None) -> HttpResponse:
    planning(request.user)
    roadmap = get_object_or_404(Roadmap, pk=pk)
    milestone = (
        get_object_or_404(Milestone, pk=milestone_pk, phase__roadmap=roadmap)
        if milestone_pk
        else None
    )
    form = MilestoneForm(request.POST or None, instance=milestone, roadmap=roadmap)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.milestone_save(
                actor=request.user, milestone=milestone, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Milestone saved."))
            return _roadmap_page(roadmap.pk, f"#milestone-{saved.pk}")
    return form_page(
        request,
        form,
        title=milestone.display_title if milestone else _("New milestone"),
        intro=roadmap.name,
        submit_label=_("Save"),
        cancel_url=reverse("roadmap:detail", args=[roadmap.pk]),
    )


@login_required
@require_POST
def milestone_status(request: HttpRequest, pk: int) -> HttpResponse:
    reading(request.user)
    milestone = get_object_or_404(Milestone.objects.select_related("owner", "phase"), pk=pk)
    if not may_move_milestone(request.user, milestone):
        raise PermissionDenied
    status = request.POST.get("status", "")
    if status not in MilestoneStatus.values:
        messages.error(request, _("Choose a status."))
    else:
        services.milestone_set_status(actor=request.user, milestone=milestone, status=status)
        messages.success(
            request,
            _("“%(milestone)s”: %(status)s.")
            % {"milestone": milestone.display_title, "status": MilestoneStatus(status).label},
        )
    return _roadmap_page(milestone.phase.roadmap_id, f"#milestone-{milestone.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def sourcing_add(request: HttpRequest, phase_pk: int) -> HttpResponse:
    planning(request.user)
    phase = get_object_or_404(Phase, pk=phase_pk)
    form = SourcingOptionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.sourcing_option_save(actor=request.user, phase=phase, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Sourcing option added."))
            return _roadmap_page(phase.roadmap_id, f"#phase-{phase.pk}")
    return form_page(
        request,
        form,
        title=_("Sourcing option for “%(phase)s”") % {"phase": phase.display_name},
        intro=_(
            "In-house: the employee's hourly cost and hours a month. Agency: a monthly fee, or a rate and hours. Consultant: a rate and hours."
        ),
        submit_label=_("Add"),
        cancel_url=reverse("roadmap:detail", args=[phase.roadmap_id]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def sourcing_choose(request: HttpRequest, pk: int) -> HttpResponse:
    planning(request.user)
    option = get_object_or_404(SourcingOption.objects.select_related("phase"), pk=pk)
    form = ChooseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.sourcing_option_choose(actor=request.user, option=option, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Sourcing choice recorded."))
            return _roadmap_page(option.phase.roadmap_id, f"#phase-{option.phase_id}")
    return form_page(
        request,
        form,
        title=_("Choose “%(option)s” for “%(phase)s”")
        % {"option": option, "phase": option.phase.display_name},
        submit_label=_("Choose it"),
        cancel_url=reverse("roadmap:detail", args=[option.phase.roadmap_id]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def finding_to_milestone(request: HttpRequest, pk: int) -> HttpResponse:
    """From an audit finding's page: plan the milestone that addresses it."""
    planning(request.user)
    finding = get_object_or_404(
        Finding.objects.filter(audit__in=audits_visible_to(request.user)), pk=pk
    )
    form = FindingMilestoneForm(
        request.POST or None, initial={"title": (finding.recommendation or finding.observed)[:200]}
    )
    if request.method == "POST" and form.is_valid():
        try:
            milestone = services.milestone_from_finding(
                actor=request.user, finding=finding, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Milestone planned for the finding."))
            return _roadmap_page(milestone.phase.roadmap_id, f"#milestone-{milestone.pk}")
    return form_page(
        request,
        form,
        title=_("Turn the finding into a milestone"),
        intro=finding.observed,
        submit_label=_("Plan the milestone"),
        cancel_url=reverse("audits:detail", args=[finding.audit_id]),
    )


def _finding_has_no_milestone(user, finding) -> bool:
    """Offered on a finding still to address (not done, not dismissed) that has no follow-up."""
    return may_plan(user) and finding.still_to_address and not finding.follow_up_url


TO_MILESTONE = FindingAction(
    "milestone",
    gettext_lazy("Turn it into a roadmap milestone"),
    lambda finding: reverse("roadmap:finding_milestone", args=[finding.pk]),
    _finding_has_no_milestone,
)
