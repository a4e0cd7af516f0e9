"""Peer organisations and their public metrics."""

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
from audits.forms import PeerForm, PeerMetricForm
from audits.models import Peer
from audits.rules import may_manage_audits
from audits.views._common import managing, readable
from core.web import add_service_errors, form_page


@login_required
def peer_list(request: HttpRequest) -> HttpResponse:
    readable(request.user)
    peers = Peer.objects.prefetch_related("metrics__platform")
    return render(
        request,
        "audits/peer_list.html",
        {"peers": peers, "may_manage": may_manage_audits(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def peer_create(request: HttpRequest) -> HttpResponse:
    managing(request.user)
    form = PeerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.peer_save(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Peer added."))
            return redirect("audits:peers")
    return form_page(
        request,
        form,
        title=_("New peer"),
        submit_label=_("Save"),
        cancel_url=reverse("audits:peers"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def peer_metric_add(request: HttpRequest, pk: int) -> HttpResponse:
    managing(request.user)
    peer = get_object_or_404(Peer, pk=pk)
    form = PeerMetricForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.peer_metric_add(actor=request.user, peer=peer, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Metrics of %(peer)s saved.") % {"peer": peer})
            return redirect("audits:peers")
    return form_page(
        request,
        form,
        title=_("Metrics of %(peer)s") % {"peer": peer},
        submit_label=_("Save"),
        cancel_url=reverse("audits:peers"),
    )
