"""Granting, changing and revoking access on a channel."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from channels_registry.selectors import channel_for
from core.web import add_service_errors
from governance import services
from governance.access.forms import ChangeRoleForm, EvidenceForm, GrantForm
from governance.access.selectors import grant_for
from governance.rules import may_manage_access


def _access_tab(channel_pk: int):
    return redirect("channels_registry:tab", pk=channel_pk, tab="access")


@login_required
@require_http_methods(["GET", "POST"])
def grant_create(request: HttpRequest, pk: int) -> HttpResponse:
    channel = channel_for(request.user, pk)
    if not may_manage_access(request.user, channel):
        raise PermissionDenied
    form = GrantForm(request.POST or None, channel=channel)
    blocking = []
    if request.method == "POST" and form.is_valid():
        try:
            grant = services.grant_create(actor=request.user, channel=channel, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            blocking = getattr(error, "policies", [])
        else:
            messages.success(
                request,
                _("%(person)s now holds %(role)s.")
                % {"person": grant.person, "role": grant.role.display_name},
            )
            return _access_tab(channel.pk)
    return render(
        request,
        "governance/grant_form.html",
        {"form": form, "channel": channel, "blocking_policies": blocking},
    )


@login_required
@require_http_methods(["GET", "POST"])
def grant_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    grant = grant_for(request.user, pk)
    if not may_manage_access(request.user, grant.channel):
        raise PermissionDenied
    if request.method == "POST":
        try:
            services.grant_revoke(actor=request.user, grant=grant)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Revocation requested. Confirm it once the access is removed on the platform."),
            )
        return _access_tab(grant.channel_id)
    return render(request, "governance/grant_revoke.html", {"grant": grant})


@login_required
@require_http_methods(["GET", "POST"])
def grant_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    grant = grant_for(request.user, pk)
    if not may_manage_access(request.user, grant.channel):
        raise PermissionDenied
    form = EvidenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.grant_confirm_revocation(
                actor=request.user, grant=grant, evidence=form.cleaned_data["evidence"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Revocation confirmed."))
            return _access_tab(grant.channel_id)
    return render(request, "governance/grant_confirm.html", {"grant": grant, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def grant_change_role(request: HttpRequest, pk: int) -> HttpResponse:
    grant = grant_for(request.user, pk)
    if not may_manage_access(request.user, grant.channel):
        raise PermissionDenied
    form = ChangeRoleForm(request.POST or None, channel=grant.channel)
    if request.method == "POST" and form.is_valid():
        try:
            services.grant_change_role(actor=request.user, grant=grant, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Role changed."))
            return _access_tab(grant.channel_id)
    return render(request, "governance/grant_role.html", {"grant": grant, "form": form})
