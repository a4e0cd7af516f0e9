"""Staff and governance leads are sent to set up MFA before they may do anything else; what a
signed-in person is shown is kept out of every cache; a session's activity is recorded once a
minute."""

from __future__ import annotations

import hashlib

from allauth.mfa.models import Authenticator
from allauth.usersessions.middleware import UserSessionsMiddleware as AllauthUserSessions
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from accounts.models import SignInProvider
from accounts.roles import must_use_mfa
from accounts.sso.rules import provider_mfa_counts

SESSION_ACTIVITY_SECONDS = 60  # how often a session's address, browser and last request are saved

# Set by the sign-in that logged this session in when its identity provider asserted a second
# factor (accounts.sso.mfa): {"user": pk, "provider": slug, "proof": [...]}. It satisfies
# MFA_REQUIRED without Gouvernail's own factor for that user only, while that provider is enabled
# and its word counts (accounts.sso.rules.provider_mfa_counts).
MFA_BY_PROVIDER_SESSION_KEY = "mfa_by_identity_provider"

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
        if _provider_mfa_holds(request):
            return False
        return not Authenticator.objects.filter(
            user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
        ).exists()


def _provider_mfa_holds(request: HttpRequest) -> bool:
    """The session's provider MFA was asserted for this user, by a provider whose word counts."""
    proof = request.session.get(MFA_BY_PROVIDER_SESSION_KEY)
    if not isinstance(proof, dict) or proof.get("user") != request.user.pk:
        return False
    provider = SignInProvider.objects.filter(slug=proof.get("provider") or "").first()
    return provider_mfa_counts(provider)


class PrivateResponsesMiddleware:
    """Every answer to a signed-in person (pages, CSV exports, fragments) is governed data:
    `Cache-Control: private, no-store`, so that neither a shared proxy nor the browser's disk
    keeps it. Static files never reach here (WhiteNoise answers them first); anonymous answers
    (the login page, /healthz, token-addressed calendar feeds) keep their own headers."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response


class UserSessionsMiddleware(AllauthUserSessions):
    """allauth's record of each signed-in session (address, browser, last request: the Sessions
    page), written once a minute per session instead of on every request.

    allauth reads and saves the session's row on each request: 2.6 ms of an 8.6 ms page, and a
    commit per page under load. The Sessions page says when a session was last seen; a minute
    is precise enough. A new address or browser is recorded at the session's next recorded
    request, at most SESSION_ACTIVITY_SECONDS later."""

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._recorded_lately(request):
            return self.get_response(request)
        return super().__call__(request)

    @staticmethod
    def _recorded_lately(request: HttpRequest) -> bool:
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        key = session.session_key if session is not None else None
        if not key or user is None or not user.is_authenticated:
            return False
        # A digest, not the session key itself: the cache must not hold a live session's key.
        # add() is atomic in Redis: of two requests at once, one records, the other skips.
        name = hashlib.sha256(key.encode()).hexdigest()
        return not cache.add(f"session-activity:{name}", 1, SESSION_ACTIVITY_SECONDS)
