"""allauth's account adapter with single sign-on: addresses of an SSO-only domain cannot log in
with a password, and a provider's multi-factor assertion counts (accounts.sso.mfa)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.adapters import AccountAdapter as BaseAccountAdapter
from accounts.middleware import MFA_BY_PROVIDER_SESSION_KEY
from accounts.models import SignInProvider
from accounts.sso.mfa import provider_mfa
from accounts.sso.services import email_domain, sso_only_provider

ALLAUTH_MFA_STAGE = "allauth.mfa.stages.AuthenticateStage"
SSO_MFA_STAGE = "accounts.sso.mfa.AuthenticateStage"


def sso_only_message(provider: SignInProvider, email: str) -> str:
    return _(
        "Addresses at %(domain)s sign in through %(provider)s only: use the "
        "“Sign in with %(provider)s” button on the login page."
    ) % {"domain": email_domain(email), "provider": provider.name}


def refuse_sso_only(email: str) -> None:
    """Raise the error that names where `email` must sign in, when its domain is SSO-only."""
    provider = sso_only_provider(email) if email else None
    if provider is not None:
        raise ValidationError(sso_only_message(provider, email), code="sso_only")


class AccountAdapter(BaseAccountAdapter):
    def pre_authenticate(self, request, **credentials) -> None:
        refuse_sso_only((credentials.get("email") or "").strip())
        super().pre_authenticate(request, **credentials)

    def get_login_stages(self) -> list[str]:
        stages = super().get_login_stages()
        return [SSO_MFA_STAGE if path == ALLAUTH_MFA_STAGE else path for path in stages]

    def post_login(self, request, user, **kwargs):
        """The session remembers a provider's multi-factor assertion, and only for a sign-in
        that carried one (a later password login in the same browser starts without it)."""
        proof = provider_mfa(kwargs.get("signal_kwargs"))
        if proof is None:
            request.session.pop(MFA_BY_PROVIDER_SESSION_KEY, None)
        else:
            request.session[MFA_BY_PROVIDER_SESSION_KEY] = proof
        return super().post_login(request, user, **kwargs)
