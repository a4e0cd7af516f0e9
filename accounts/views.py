"""The home page and the user's profile."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import services
from accounts.choices import ApiTokenKind
from accounts.forms import ApiTokenForm
from accounts.history import history_version
from accounts.roles import role_labels
from accounts.rules import sees_everything
from accounts.selectors import person_for_user
from core.dashboard import OVERVIEW, PERSONAL, panels_for
from core.navigation import areas_for
from core.web import add_service_errors


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
            "areas": [area for area in areas_for(request.user) if area.url_name != "home"],
            "panels": panels_for(request, audience, version=history_version()),
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


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The user's personal API tokens: made here, the secret shown once in the answer itself
    (never in a message, the session or a cache), listed with their last use, revoked."""
    today = timezone.localdate()
    form = ApiTokenForm(request.POST or None, initial={"expires_on": today + dt.timedelta(days=90)})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        expires_at = timezone.make_aware(
            dt.datetime.combine(data["expires_on"], dt.time.max.replace(microsecond=0))
        )
        try:
            token = services.api_token_create(
                actor=request.user,
                user=request.user,
                kind=ApiTokenKind.PERSONAL,
                name=data["name"],
                scopes=data["scopes"],
                expires_at=expires_at,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            response = render(request, "accounts/api_token_created.html", {"token": token})
            add_never_cache_headers(response)
            return response
    tokens = request.user.api_tokens.filter(kind=ApiTokenKind.PERSONAL)
    return render(
        request,
        "accounts/api_tokens.html",
        {"form": form, "tokens": tokens, "now": timezone.now()},
    )


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(request.user.api_tokens, pk=pk, kind=ApiTokenKind.PERSONAL)
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("api_tokens")
