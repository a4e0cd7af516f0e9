"""allauth's account adapter with single sign-on: a user with an address in an SSO-only domain
cannot log in with a password (whatever address they type), and a provider's multi-factor
assertion counts (accounts.sso.mfa)."""

from __future__ import annotations

from allauth.account.internal.stagekit import clear_login
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accounts.adapters import AccountAdapter as BaseAccountAdapter
from accounts.middleware import MFA_BY_PROVIDER_SESSION_KEY
from accounts.models import SignInProvider, User
from accounts.sso.mfa import provider_mfa
from accounts.sso.rules import email_domain, sso_only_provider, sso_only_provider_for_user

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


def refuse_sso_only_user(user: User | None) -> None:
    """Raise the error that names where `user` must sign in, when any of their addresses is in
    an SSO-only domain (a second address must not open a password login)."""
    found = sso_only_provider_for_user(user)
    if found is not None:
        raise ValidationError(sso_only_message(*found), code="sso_only")


class AccountAdapter(BaseAccountAdapter):
    def pre_authenticate(self, request, **credentials) -> None:
        refuse_sso_only((credentials.get("email") or "").strip())
        super().pre_authenticate(request, **credentials)

    def authenticate(self, request, **credentials):
        """A password is refused for a user of an SSO-only domain, whichever address was typed."""
        user = super().authenticate(request, **credentials)
        refuse_sso_only_user(user)
        return user

    def pre_login(self, request, user, **kwargs):
        """Every way in but a provider's sign-in (a password, a code by e-mail, a login after a
        password reset) is refused for a user of an SSO-only domain."""
        if (kwargs.get("signal_kwargs") or {}).get("sociallogin") is None:
            try:
                refuse_sso_only_user(user)
            except ValidationError as error:
                clear_login(request)
                messages.error(request, error.messages[0])
                return redirect("account_login")
        return super().pre_login(request, user, **kwargs)

    def get_login_stages(self) -> list[str]:
        stages = super().get_login_stages()
        return [SSO_MFA_STAGE if path == ALLAUTH_MFA_STAGE else path for path in stages]

    def post_login(self, request, user, **kwargs):
        """The session remembers a provider's multi-factor assertion, for this user and this
        provider, and only for a sign-in that carried one (a later password login in the same
        browser starts without it)."""
        proof = provider_mfa(kwargs.get("signal_kwargs"))
        if proof is None:
            request.session.pop(MFA_BY_PROVIDER_SESSION_KEY, None)
        else:
            request.session[MFA_BY_PROVIDER_SESSION_KEY] = {"user": user.pk, **proof}
        return super().post_login(request, user, **kwargs)
