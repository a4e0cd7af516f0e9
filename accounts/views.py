"""The home page and the user's profile."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.roles import role_labels
from accounts.rules import sees_everything
from accounts.selectors import person_for_user
from core.dashboard import OVERVIEW, PERSONAL, panels_for
from core.navigation import areas_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    # Leads, auditors and admins see the state of governance; everyone else, what they must do.
    audience = OVERVIEW if sees_everything(request.user) else PERSONAL
    return render(
        request,
        "home.html",
        {
            "person": person_for_user(request.user),
            "roles": role_labels(request.user),
            "areas": areas_for(request.user),
            "panels": panels_for(request, audience),
            "overview": audience == OVERVIEW,
        },
    )


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/profile.html",
        {"person": person_for_user(request.user), "roles": role_labels(request.user)},
    )
