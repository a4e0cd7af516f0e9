"""The crisis plan's contact roster: kept by leads, shown on each channel page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from channels_registry.tabs import ChannelTab
from core.web import add_service_errors, form_page
from governance import services
from governance.choices import PolicyKind
from governance.models import CrisisContact
from governance.policies.forms import CrisisContactForm
from governance.policies.rules import may_manage_policies, policies_visible_to
from governance.policies.selectors import crisis_contacts_for_channel, policy_for


def _crisis_plan_for(user, pk: int):
    policy = policy_for(user, pk)
    if policy.kind != PolicyKind.CRISIS_PLAN:
        raise Http404  # only a crisis plan has a roster
    if not may_manage_policies(user):
        raise PermissionDenied
    return policy


def _contact_for(user, pk: int) -> CrisisContact:
    contact = get_object_or_404(
        CrisisContact.objects.filter(policy__in=policies_visible_to(user)).select_related("policy"),
        pk=pk,
    )
    if not may_manage_policies(user):
        raise PermissionDenied
    return contact


def _roster_page(policy) -> HttpResponse:
    return redirect("policies:roster", pk=policy.pk)


@login_required
@require_http_methods(["GET", "POST"])
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    policy = _crisis_plan_for(request.user, pk)
    form = CrisisContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.crisis_contact_add(actor=request.user, policy=policy, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Contact added to the roster."))
            return _roster_page(policy)
    return form_page(
        request,
        form,
        title=_("New crisis contact"),
        submit_label=_("Save"),
        cancel_url=reverse("policies:roster", args=[policy.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _contact_for(request.user, pk)
    initial = {
        name: getattr(contact, name)
        for name in ("position", "person", "name", "responsibility", "phone", "availability")
    } | {"channel": contact.channel, "team": contact.team}
    form = CrisisContactForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.crisis_contact_update(actor=request.user, contact=contact, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Contact saved."))
            return _roster_page(contact.policy)
    return form_page(
        request,
        form,
        title=_("Crisis contact: %(name)s") % {"name": contact},
        submit_label=_("Save"),
        cancel_url=reverse("policies:roster", args=[contact.policy.pk]),
    )


@login_required
@require_POST
def contact_retire(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _contact_for(request.user, pk)
    try:
        services.crisis_contact_retire(actor=request.user, contact=contact)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is off the roster.") % {"name": contact})
    return _roster_page(contact.policy)


def _crisis_tab(request: HttpRequest, channel) -> dict:
    return {"crisis_contacts": crisis_contacts_for_channel(channel)}


CRISIS_TAB = ChannelTab(
    "crisis", gettext_lazy("Crisis contacts"), 30, "governance/tabs/crisis.html", _crisis_tab
)
