"""A team's page: its members, and where their urgent notices go in chat (set by leads)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts.models import Team
from core.web import add_service_errors
from governance import services
from governance.chat.forms import TeamChatForm
from governance.chat.models import ChatDestination
from governance.chat.rules import may_see_team, may_set_team_chat


def _team_for(user, pk: int) -> Team:
    if not may_see_team(user):
        raise Http404
    return get_object_or_404(Team.objects.select_related("lead"), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    team = _team_for(request.user, pk)
    may_set = may_set_team_chat(request.user)
    destination = ChatDestination.objects.filter(team=team).first()
    form = TeamChatForm(
        request.POST or None,
        destination=destination,
        initial={"language": destination.language if destination else ""},
    )
    if request.method == "POST":
        if not may_set:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.chat_destination_set(actor=request.user, team=team, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The team's chat is saved."))
                return redirect("governance:team", pk=team.pk)
    members = team.members.select_related("user").order_by("last_name", "first_name")
    return render(
        request,
        "governance/team_detail.html",
        {
            "team": team,
            "members": members,
            "destination": destination if destination and destination.url else None,
            "form": form if may_set else None,
        },
    )


@login_required
@require_POST
def team_chat_remove(request: HttpRequest, pk: int) -> HttpResponse:
    team = _team_for(request.user, pk)
    if not may_set_team_chat(request.user):
        raise PermissionDenied
    if services.chat_destination_remove(actor=request.user, team=team):
        messages.success(request, _("The team's chat URL is removed."))
    return redirect("governance:team", pk=team.pk)
