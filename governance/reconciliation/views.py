"""The reconciliation's pages: uploading what a platform's settings screen shows, acting on a
finding in one step, saying who a holder is. The Platform tab itself is tab.py."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from channels_registry.models import Channel
from channels_registry.selectors import channel_for
from core.web import add_service_errors
from governance.reconciliation import imports, remedies, services_sync
from governance.reconciliation.forms import GrantRecordForm, HolderMatchForm, ObservationImportForm
from governance.reconciliation.models import DriftFinding, ObservedHolder
from governance.reconciliation.models_credentials import ChannelSource
from governance.reconciliation.rules import (
    may_act_on_finding,
    may_confirm_match,
    may_record_observation,
    may_sync_now,
)
from governance.reconciliation.services import observation_record
from governance.reconciliation.tasks import channel_sync


def _platform_tab(channel: Channel) -> HttpResponse:
    return redirect("channels_registry:tab", pk=channel.pk, tab="platform")


@login_required
@require_http_methods(["GET", "POST"])
def observation_import(request: HttpRequest, pk: int) -> HttpResponse:
    channel = channel_for(request.user, pk)
    if not may_record_observation(request.user, channel):
        raise PermissionDenied
    form = ObservationImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = imports.parse(form.cleaned_data["text"], channel)
        if report.ok and request.POST.get("apply"):
            now = timezone.now()
            try:
                observation_record(
                    actor=request.user,
                    channel=channel,
                    reading=imports.reading(report, now=now),
                    now=now,
                )
            except ValidationError as error:
                report.errors.extend(error.messages)
            else:
                messages.success(request, _("What the platform shows is recorded."))
                return _platform_tab(channel)
        form = ObservationImportForm(
            initial={"payload": form.cleaned_data["text"] if report.ok else ""}
        )
    return render(
        request,
        "governance/reconciliation/observation_import.html",
        {"channel": channel, "form": form, "report": report, "columns": imports.COLUMNS},
    )


def _finding_for(request: HttpRequest, pk: int) -> DriftFinding:
    """A finding on a channel the user sees (else 404) that they may act on (else 403)."""
    finding = get_object_or_404(DriftFinding.objects.select_related("person"), pk=pk)
    finding.channel = channel_for(request.user, finding.channel_id)
    if not may_act_on_finding(request.user, finding):
        raise PermissionDenied
    return finding


def _record_grant(request, finding, now):
    form = GrantRecordForm(request.POST)
    expires_on = form.cleaned_data["expires_on"] if form.is_valid() else None
    remedies.finding_grant_record(
        actor=request.user, finding=finding, now=now, expires_on=expires_on
    )
    return _("The access is recorded in the register.")


def _start_revocation(request, finding, now):
    remedies.finding_revocation_start(actor=request.user, finding=finding, now=now)
    return _("A revocation task is handed out.")


def _reopen(request, finding, now):
    remedies.finding_task_reopen(actor=request.user, finding=finding, now=now)
    return _("The revocation is open again: the platform still lists the person.")


def _change_role(request, finding, now):
    remedies.finding_role_change(actor=request.user, finding=finding, now=now)
    return _("The recorded role now is the platform's.")


def _ask_to_lower(request, finding, now):
    remedies.finding_role_lower_ask(actor=request.user, finding=finding, now=now)
    return _("A task to lower the role on the platform is handed out.")


REMEDIES: dict[str, Callable] = {
    "grant": _record_grant,
    "revoke": _start_revocation,
    "reopen": _reopen,
    "role": _change_role,
    "lower": _ask_to_lower,
}


@login_required
@require_POST
def finding_remedy(request: HttpRequest, pk: int, remedy: str) -> HttpResponse:
    finding = _finding_for(request, pk)
    try:
        done = REMEDIES[remedy](request, finding, timezone.now())
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return _platform_tab(finding.channel)


@login_required
@require_http_methods(["GET", "POST"])
def holder_match(request: HttpRequest, pk: int) -> HttpResponse:
    holder = get_object_or_404(ObservedHolder.objects.select_related("observation"), pk=pk)
    channel = channel_for(request.user, holder.observation.channel_id)
    if not may_confirm_match(request.user):
        raise PermissionDenied
    form = HolderMatchForm(request.POST or None, initial={"person": holder.person_id})
    if request.method == "POST" and form.is_valid():
        try:
            remedies.holder_match_confirm(
                actor=request.user,
                holder=holder,
                person=form.cleaned_data["person"],
                now=timezone.now(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Remembered: this holder is %(person)s.")
                % {"person": form.cleaned_data["person"].full_name},
            )
            return _platform_tab(channel)
    return render(
        request,
        "governance/reconciliation/holder_match.html",
        {"channel": channel, "holder": holder, "form": form},
    )


@login_required
@require_POST
def channel_sync_now(request: HttpRequest, pk: int) -> HttpResponse:
    """Claim the channel's API source and have a worker read it (tasks.channel_sync)."""
    channel = channel_for(request.user, pk)
    if not may_sync_now(request.user, channel):
        raise PermissionDenied
    source = get_object_or_404(ChannelSource, channel=channel)
    try:
        services_sync.channel_source_sync_now(
            actor=request.user, source=source, now=timezone.now(), enqueue=channel_sync.delay
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The platform will be read in a moment."))
    return _platform_tab(channel)
