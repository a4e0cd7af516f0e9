"""The home page and the user's profile."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.areas import areas_for
from accounts.dashboard import OVERVIEW, audience_of, panels_for
from accounts.roles import role_labels
from accounts.selectors import person_for_user


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "home.html",
        {
            "person": person_for_user(request.user),
            "roles": role_labels(request.user),
            "areas": areas_for(request.user),
            "panels": panels_for(request),
            "overview": audience_of(request.user) == OVERVIEW,
        },
    )


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/profile.html",
        {"person": person_for_user(request.user), "roles": role_labels(request.user)},
    )
