"""Staff and governance leads are sent to set up MFA before they may do anything else."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.roles import must_use_mfa

# Paths a user without MFA may still reach: MFA set-up itself, logout, language, health.
_ALLOWED_PREFIXES = (
    "/accounts/2fa/",
    "/accounts/logout/",
    "/accounts/reauthenticate/",
    "/i18n/",
    "/healthz",
)


class RequireMFAMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._must_set_up(request):
            messages.warning(
                request,
                _("Set up two-factor authentication before you continue: your role requires it."),
            )
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)

    def _must_set_up(self, request: HttpRequest) -> bool:
        if not settings.MFA_REQUIRED:
            return False
        path = request.path_info
        if path.startswith(settings.STATIC_URL) or path.startswith(_ALLOWED_PREFIXES):
            return False
        user = request.user
        if not must_use_mfa(user):
            return False
        return not Authenticator.objects.filter(
            user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
        ).exists()
