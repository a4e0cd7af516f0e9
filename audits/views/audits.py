"""Audits: the list, preparing one, its report (scores, ranking, comparisons, findings), its
status, the CSV export and the metrics import."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from audits import charts, imports, scoring, services
from audits.finding_actions import actions_for
from audits.forms import AuditForm
from audits.rules import may_manage_audits, may_score
from audits.selectors import audits_listed, findings_of, with_scores
from audits.views._common import audit_for, managing, readable
from core.forms import CsvImportForm
from core.web import add_service_errors, csv_response, form_page


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    readable(request.user)
    audits = with_scores(list(audits_listed(request.user)))
    return render(
        request,
        "audits/audit_list.html",
        {"audits": audits, "may_manage": may_manage_audits(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def audit_create(request: HttpRequest) -> HttpResponse:
    managing(request.user)
    form = AuditForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            audit = services.audit_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Audit prepared. Start it when the scope is right."))
            return redirect("audits:detail", pk=audit.pk)
    return form_page(
        request,
        form,
        title=_("New audit"),
        submit_label=_("Prepare the audit"),
        cancel_url=reverse("audits:index"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def audit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    audit = audit_for(request.user, pk)
    managing(request.user)
    initial = {"channels": [a.channel_id for a in audit.assessments.all()]}
    form = AuditForm(request.POST or None, instance=audit, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.audit_update(actor=request.user, audit=audit, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Audit saved."))
            return redirect("audits:detail", pk=audit.pk)
    return form_page(
        request,
        form,
        title=_("Edit “%(audit)s”") % {"audit": audit.title},
        submit_label=_("Save"),
        cancel_url=reverse("audits:detail", args=[audit.pk]),
    )


@login_required
def audit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    audit = audit_for(request.user, pk)
    report = scoring.report(audit)
    findings = findings_of(audit)
    for finding in findings:
        finding.actions = actions_for(request.user, finding)
    return render(
        request,
        "audits/audit_detail.html",
        {
            "audit": audit,
            "report": report,
            "findings": findings,
            "comparison": charts.score_comparison(report.ranking),
            "peer_charts": [(c, charts.peer_followers(c)) for c in report.peers],
            "may_manage": may_manage_audits(request.user),
            "may_score": may_score(request.user, audit),
        },
    )


@login_required
@require_POST
def audit_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    audit = audit_for(request.user, pk)
    managing(request.user)
    try:
        if action == "start":
            services.audit_start(actor=request.user, audit=audit)
            messages.success(request, _("Audit started: score each channel."))
        else:
            services.audit_complete(actor=request.user, audit=audit)
            messages.success(request, _("Audit completed. Its scores are now kept as they are."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("audits:detail", pk=audit.pk)


@login_required
def audit_export(request: HttpRequest, pk: int) -> HttpResponse:
    """One row per channel: metrics, each criterion's score, the weighted score."""
    audit = audit_for(request.user, pk)
    report = scoring.report(audit)

    def rows():
        yield [
            _("Channel"),
            _("Platform"),
            _("Handle"),
            _("Followers"),
            _("Posts in the last 30 days"),
            _("Engagement rate (%)"),
            _("Median response time (hours)"),
            _("Last post"),
            *(
                _("%(criterion)s (weight %(weight)s)")
                % {"criterion": c.display_name, "weight": c.weight}
                for c in report.criteria
            ),
            _("Weighted score"),
            _("Previous audit"),
        ]
        for row in report.rows:
            a = row.assessment
            yield [
                a.channel.name,
                a.channel.platform.name,
                a.channel.handle,
                a.followers,
                a.posts_last_30_days,
                a.engagement_rate,
                a.median_response_hours,
                a.last_post_on,
                *("" if cell is None else cell.score for cell in row.cells),
                "" if row.score is None else f"{row.score:.2f}",
                "" if row.previous is None else f"{row.previous:.2f}",
            ]

    return csv_response(rows(), f"audit-{audit.pk}")


@login_required
def metrics_template(request: HttpRequest, pk: int) -> HttpResponse:
    audit = audit_for(request.user, pk)
    return csv_response(imports.template_rows(audit), f"audit-{audit.pk}-metrics")


@login_required
@require_http_methods(["GET", "POST"])
def metrics_import(request: HttpRequest, pk: int) -> HttpResponse:
    audit = audit_for(request.user, pk)
    if not may_score(request.user, audit):
        raise PermissionDenied
    form = CsvImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report, updates = imports.parse(form.cleaned_data["text"], audit)
        if report.ok and request.POST.get("apply"):
            try:
                count = services.metrics_import(actor=request.user, audit=audit, rows=updates)
            except ValidationError as error:
                report.errors.extend(error.messages)
            else:
                messages.success(
                    request, _("Metrics of %(count)s channels imported.") % {"count": count}
                )
                return redirect("audits:detail", pk=audit.pk)
        form = CsvImportForm(initial={"payload": form.cleaned_data["text"] if report.ok else ""})
    return render(
        request,
        "audits/metrics_import.html",
        {"audit": audit, "form": form, "report": report, "columns": imports.COLUMNS},
    )
