"""The roadmap's home (objectives and roadmaps), an objective with its readings, and their forms."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import CsvImportForm
from core.web import add_service_errors, form_page
from roadmap import charts, imports, services
from roadmap.choices import ObjectiveStatus
from roadmap.forms import ObjectiveForm, PrimaryObjectiveForm, ReadingForm
from roadmap.models import Milestone, Objective, Roadmap
from roadmap.progress import progress, with_progress
from roadmap.rules import may_plan
from roadmap.views._common import planning, reading


@login_required
def index(request: HttpRequest) -> HttpResponse:
    reading(request.user)
    objectives = with_progress(
        list(Objective.objects.filter(status=ObjectiveStatus.ACTIVE).select_related("owner"))
    )
    today = timezone.localdate()
    upcoming = list(
        Milestone.objects.exclude(status="done")
        .select_related("owner", "phase__roadmap")
        .order_by("due_on")[:8]
    )
    return render(
        request,
        "roadmap/index.html",
        {
            "objectives": objectives,
            "closed": Objective.objects.exclude(status=ObjectiveStatus.ACTIVE).order_by(
                "-updated_at"
            )[:10],
            "roadmaps": Roadmap.objects.order_by("-starts_on"),
            "upcoming": upcoming,
            "today": today,
            "may_plan": may_plan(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def objective_create(request: HttpRequest) -> HttpResponse:
    planning(request.user)
    form = PrimaryObjectiveForm(request.POST or None, initial={"baseline_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            objective = services.objective_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Objective set."))
            return redirect("roadmap:objective", pk=objective.pk)
    return form_page(
        request,
        form,
        title=_("New objective"),
        intro=_(
            "Specific, measurable, achievable, relevant, time-bound. No more than three at a "
            "time, and one overrides the others."
        ),
        submit_label=_("Set the objective"),
        cancel_url=reverse("roadmap:index"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def objective_edit(request: HttpRequest, pk: int) -> HttpResponse:
    reading(request.user)
    objective = get_object_or_404(Objective, pk=pk)
    planning(request.user)
    form = ObjectiveForm(request.POST or None, instance=objective)
    if request.method == "POST" and form.is_valid():
        try:
            services.objective_update(actor=request.user, objective=objective, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Objective saved."))
            return redirect("roadmap:objective", pk=objective.pk)
    return form_page(
        request,
        form,
        title=objective.title,
        submit_label=_("Save"),
        cancel_url=reverse("roadmap:objective", args=[objective.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def objective_detail(request: HttpRequest, pk: int) -> HttpResponse:
    reading(request.user)
    objective = get_object_or_404(Objective.objects.select_related("owner"), pk=pk)
    form = ReadingForm(request.POST or None, initial={"measured_on": timezone.localdate()})
    if request.method == "POST":
        planning(request.user)
        if form.is_valid():
            try:
                services.reading_add(actor=request.user, objective=objective, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Reading recorded."))
                return redirect("roadmap:objective", pk=objective.pk)
    readings = list(objective.readings.all())
    today = timezone.localdate()
    return render(
        request,
        "roadmap/objective_detail.html",
        {
            "objective": objective,
            "readings": readings,
            "progress": progress(objective, readings),
            "chart": charts.objective_chart(objective, readings, today),
            "milestones": objective.milestones.select_related("phase__roadmap"),
            "form": form,
            "may_plan": may_plan(request.user),
        },
    )


@login_required
@require_POST
def objective_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    reading(request.user)
    objective = get_object_or_404(Objective, pk=pk)
    planning(request.user)
    try:
        if action == "primary":
            services.objective_set_primary(actor=request.user, objective=objective)
            messages.success(request, _("This is now the primary objective."))
        else:
            services.objective_close(actor=request.user, objective=objective, status=action)
            messages.success(request, _("Objective closed."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("roadmap:objective", pk=objective.pk)


@login_required
@require_http_methods(["GET", "POST"])
def readings_import(request: HttpRequest, pk: int) -> HttpResponse:
    reading(request.user)
    objective = get_object_or_404(Objective, pk=pk)
    planning(request.user)
    form = CsvImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report, rows = imports.parse(
            form.cleaned_data["text"], objective, today=timezone.localdate()
        )
        if report.ok and request.POST.get("apply"):
            try:
                count = services.readings_import(actor=request.user, objective=objective, rows=rows)
            except ValidationError as error:
                report.errors.extend(error.messages)
            else:
                messages.success(request, _("%(count)s readings imported.") % {"count": count})
                return redirect("roadmap:objective", pk=objective.pk)
        form = CsvImportForm(initial={"payload": form.cleaned_data["text"] if report.ok else ""})
    return render(
        request,
        "roadmap/readings_import.html",
        {"objective": objective, "form": form, "report": report, "columns": imports.COLUMNS},
    )
