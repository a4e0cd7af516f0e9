"""Policies: the list with coverage, a policy with its versions and who accepted, drafting and
publishing, the comparison of two versions, the evidence export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Person
from accounts.selectors import person_for_user
from core.web import add_service_errors, csv_response
from governance import services
from governance.choices import PolicyKind, VersionStatus
from governance.models import Acknowledgement
from governance.policies.audience import (
    Audiences,
    accepted_current,
    addresses,
    kept_coverages,
    members_of,
)
from governance.policies.diff import text_diff
from governance.policies.evidence import acknowledgement_rows
from governance.policies.forms import (
    CompareForm,
    PolicyCreateForm,
    PolicySettingsForm,
    VersionForm,
)
from governance.policies.rendering import render_markdown
from governance.policies.rules import (
    may_draft,
    may_manage_policies,
    may_publish,
    may_see_acknowledgements,
    may_see_version,
    policies_visible_to,
)
from governance.policies.selectors import audience_people, policy_for, roster, version_for


@login_required
def policy_list(request: HttpRequest) -> HttpResponse:
    policies = policies_visible_to(request.user).select_related("current_version")
    archived = request.GET.get("archived") == "1"
    policies = policies.filter(archived_at__isnull=not archived).order_by("title")
    policies = list(policies)
    person = person_for_user(request.user)
    me = person.pk if person else None
    counted = kept_coverages(p for p in policies if p.acknowledgement_required)
    # Whether the reader is asked: their own rows only.
    audiences = Audiences(policies, person_ids=[me] if me else [])
    rows = [
        {
            "policy": policy,
            "coverage": counted.get(policy.pk),
            "mine": None
            if me is None or not policy.acknowledgement_required or not policy.current_version_id
            else "pending"
            if me in audiences.pending(policy)
            else "accepted"
            if me in audiences.acknowledged(policy)
            else None,
        }
        for policy in policies
    ]
    return render(
        request,
        "governance/policies/list.html",
        {"rows": rows, "archived": archived, "may_manage": may_manage_policies(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def policy_create(request: HttpRequest) -> HttpResponse:
    if not may_manage_policies(request.user):
        raise PermissionDenied
    form = PolicyCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            policy = services.policy_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Policy created with a first draft. A lead publishes it."))
            return redirect("policies:detail", pk=policy.pk)
    return render(
        request,
        "governance/policies/settings_form.html",
        {
            "form": form,
            "title": _("New policy"),
            "submit_label": _("Create the policy"),
            "cancel_url": reverse("policies:index"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def policy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    policy = policy_for(request.user, pk)
    if not may_manage_policies(request.user) or policy.archived_at:
        raise PermissionDenied
    initial = {
        "title": policy.title,
        "kind": policy.kind,
        "owner": policy.owner,
        "audience": policy.audience,
        "teams": list(policy.teams.all()),
        "acknowledgement_required": policy.acknowledgement_required,
        "gates_access": policy.gates_access,
    }
    form = PolicySettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.policy_update(actor=request.user, policy=policy, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Policy settings saved."))
            return redirect("policies:detail", pk=policy.pk)
    return render(
        request,
        "governance/policies/settings_form.html",
        {
            "form": form,
            "policy": policy,
            "title": _("Settings of “%(policy)s”") % {"policy": policy.title},
            "submit_label": _("Save"),
            "cancel_url": reverse("policies:detail", args=[policy.pk]),
        },
    )


@login_required
@require_POST
def policy_archive(request: HttpRequest, pk: int) -> HttpResponse:
    policy = policy_for(request.user, pk)
    if not may_manage_policies(request.user):
        raise PermissionDenied
    try:
        services.policy_archive(actor=request.user, policy=policy)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Policy archived. Its versions and acknowledgements remain."))
    return redirect("policies:detail", pk=policy.pk)


EVIDENCE_REFUSED = "policies:evidence_refused"


def _acknowledgement_panel(request: HttpRequest, policy) -> dict:
    show = "accepted" if request.GET.get("show") == "accepted" else "pending"
    members, accepted = members_of(policy), accepted_current(policy)
    people = (
        members.filter(pk__in=accepted) if show == "accepted" else members.exclude(pk__in=accepted)
    )
    page = Paginator(audience_people(policy, people), 50).get_page(request.GET.get("page"))
    # An acceptance recorded without its evidence comes back under that person's field.
    refused = request.session.pop(EVIDENCE_REFUSED, None) or {}
    for person in page:
        person.evidence_error = refused.get(str(person.pk), "")
    return {
        "show": show,
        "page": page,
        "query": f"show={show}",
        "may_record": may_manage_policies(request.user) and not policy.archived_at,
    }


@login_required
def policy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    policy = policy_for(request.user, pk)
    user = request.user
    versions = [
        v
        for v in policy.versions.select_related("drafted_by", "published_by").order_by("-number")
        if may_see_version(user, v)
    ]
    person = person_for_user(user)
    me = person.pk if person else None
    current = policy.current_version
    my_acknowledgement = (
        Acknowledgement.objects.filter(person_id=me, version=current).first()
        if current and me
        else None
    )
    context = {
        "policy": policy,
        "current": current,
        "body": render_markdown(current.body) if current else None,
        "versions": versions,
        "draft": next((v for v in versions if v.status == VersionStatus.DRAFT), None),
        "compare_form": CompareForm(
            numbers=[v.number for v in versions],
            initial={"old": versions[1].number, "new": versions[0].number}
            if len(versions) > 1
            else {},
        ),
        "coverage": kept_coverages([policy]).get(policy.pk),
        "in_audience": me is not None and members_of(policy).filter(pk=me).exists(),
        # Someone about to get access may accept before their first grant (a gating policy).
        "may_accept": bool(
            current
            and policy.acknowledgement_required
            and not policy.archived_at
            and person is not None
            and my_acknowledgement is None
            and addresses(policy, person)
        ),
        "my_acknowledgement": my_acknowledgement,
        "may_manage": may_manage_policies(user),
        "may_draft": may_draft(user, policy),
        "may_publish": may_publish(user),
        "is_crisis_plan": policy.kind == PolicyKind.CRISIS_PLAN,
    }
    if current and policy.acknowledgement_required and may_see_acknowledgements(user, policy):
        context["acknowledgements"] = _acknowledgement_panel(request, policy)
    return render(request, "governance/policies/detail.html", context)


@login_required
@require_POST
def policy_accept(request: HttpRequest, pk: int) -> HttpResponse:
    policy = policy_for(request.user, pk)
    try:
        acknowledgement = services.policy_acknowledge(actor=request.user, policy=policy)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Thank you: you accepted version %(number)s of “%(policy)s”.")
            % {"number": acknowledgement.version.number, "policy": policy.title},
        )
    return redirect("policies:detail", pk=policy.pk)


@login_required
@require_POST
def policy_accept_for(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    """A lead records the acceptance of someone who does not log in."""
    policy = policy_for(request.user, pk)
    if not may_manage_policies(request.user):
        raise PermissionDenied
    person = get_object_or_404(Person.objects.select_related("user"), pk=person_pk)
    try:
        services.policy_acknowledge_for(
            actor=request.user,
            policy=policy,
            person=person,
            evidence=request.POST.get("evidence", ""),
        )
    except ValidationError as error:
        on_field = getattr(error, "error_dict", {}).get("evidence")
        if on_field:
            request.session[EVIDENCE_REFUSED] = {
                str(person.pk): " ".join(m for e in on_field for m in e.messages)
            }
        else:
            messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Acceptance of %(person)s recorded.") % {"person": person.full_name}
        )
    return redirect(reverse("policies:detail", args=[policy.pk]) + "?show=pending")


@login_required
def policy_compare(request: HttpRequest, pk: int) -> HttpResponse:
    policy = policy_for(request.user, pk)
    versions = {
        v.number: v
        for v in policy.versions.select_related("policy").order_by("number")
        if may_see_version(request.user, v)
    }
    form = CompareForm(request.GET or None, numbers=sorted(versions, reverse=True))
    old = new = None
    lines = []
    if form.is_valid():
        old, new = versions[form.cleaned_data["old"]], versions[form.cleaned_data["new"]]
        lines = text_diff(old.body, new.body)
    return render(
        request,
        "governance/policies/compare.html",
        {"policy": policy, "form": form, "old": old, "new": new, "lines": lines},
    )


@login_required
def version_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    policy = policy_for(request.user, pk)
    version = version_for(request.user, policy, number)
    return render(
        request,
        "governance/policies/version.html",
        {
            "policy": policy,
            "version": version,
            "body": render_markdown(version.body),
            "may_draft": may_draft(request.user, policy),
            "may_publish": may_publish(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def version_create(request: HttpRequest, pk: int) -> HttpResponse:
    policy = policy_for(request.user, pk)
    if not may_draft(request.user, policy):
        raise PermissionDenied
    current = policy.current_version
    form = VersionForm(
        request.POST or None,
        initial={"body": current.body if current else "", "effective_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            version = services.policy_version_draft(
                actor=request.user, policy=policy, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Draft saved. A lead publishes it when it is ready."))
            return redirect("policies:version", pk=policy.pk, number=version.number)
    return render(
        request,
        "governance/policies/version_form.html",
        {
            "form": form,
            "policy": policy,
            "title": _("New version of “%(policy)s”") % {"policy": policy.title},
            "submit_label": _("Save the draft"),
            "cancel_url": reverse("policies:detail", args=[policy.pk]),
        },
    )


def _draft_for(request: HttpRequest, pk: int, number: int) -> tuple:
    policy = policy_for(request.user, pk)
    version = version_for(request.user, policy, number)
    return policy, version


@login_required
@require_http_methods(["GET", "POST"])
def version_edit(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    policy, version = _draft_for(request, pk, number)
    if not may_draft(request.user, policy) or version.is_published:
        raise PermissionDenied
    form = VersionForm(
        request.POST or None,
        initial={
            "body": version.body,
            "summary": version.summary,
            "effective_on": version.effective_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.policy_version_update(actor=request.user, version=version, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Draft saved."))
            return redirect("policies:version", pk=policy.pk, number=version.number)
    return render(
        request,
        "governance/policies/version_form.html",
        {
            "form": form,
            "policy": policy,
            "title": _("Version %(number)s of “%(policy)s” (draft)")
            % {"number": version.number, "policy": policy.title},
            "submit_label": _("Save the draft"),
            "cancel_url": reverse("policies:version", args=[policy.pk, version.number]),
        },
    )


@login_required
@require_POST
def version_publish(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    policy, version = _draft_for(request, pk, number)
    if not may_publish(request.user):
        raise PermissionDenied
    try:
        services.policy_version_publish(actor=request.user, version=version)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("policies:version", pk=policy.pk, number=version.number)
    messages.success(
        request,
        _("Version %(number)s is published and in force; its audience is asked to accept it.")
        % {"number": version.number},
    )
    return redirect("policies:detail", pk=policy.pk)


@login_required
def acknowledgements_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The evidence an auditor asks for: who accepted which version, and who has not yet."""
    policy = policy_for(request.user, pk)
    if not may_see_acknowledgements(request.user, policy):
        raise PermissionDenied
    return csv_response(acknowledgement_rows(policy), f"acknowledgements-{policy.pk}")


@login_required
def crisis_roster(request: HttpRequest, pk: int) -> HttpResponse:
    policy = policy_for(request.user, pk)
    if policy.kind != PolicyKind.CRISIS_PLAN:
        raise Http404  # only a crisis plan has a roster
    return render(
        request,
        "governance/policies/roster.html",
        {
            "policy": policy,
            "contacts": list(roster(policy, request.user)),
            "may_manage": may_manage_policies(request.user),
            "printed_at": timezone.localtime(),
        },
    )
