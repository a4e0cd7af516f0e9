"""Multi-factor authentication asserted by the identity provider.

allauth 65 runs a social sign-in through the same login stages as a password (perform_login →
LoginStageController): its MFA stage (allauth.mfa.stages.AuthenticateStage) asks anyone with a
TOTP or WebAuthn authenticator for their code, whatever the provider did. Gouvernail's choice:

- a sign-in through one of the organisation's providers (not a partner's:
  accounts.sso.rules.provider_mfa_counts) that asserts a second factor (OpenID Connect
  `amr`/`acr`, SAML AuthnContextClassRef: accounts.sso.claims.mfa_asserted) is not asked for
  Gouvernail's code again (our AuthenticateStage below), and its session satisfies MFA_REQUIRED:
  the user, the provider and the proof are kept in the session
  (accounts.middleware.MFA_BY_PROVIDER_SESSION_KEY), and RequireMFAMiddleware lets that user,
  staff or governance lead, through without their own TOTP while that provider stays enabled;
- any other sign-in (a password, a partner's provider, or a provider that asserts nothing) goes
  through allauth's stage unchanged, and a staff member or lead without TOTP is sent to set it
  up.
"""

from __future__ import annotations

from allauth.mfa.stages import AuthenticateStage as AllauthAuthenticateStage

from accounts.sso.adapter import sign_in_provider
from accounts.sso.claims import mfa_asserted
from accounts.sso.rules import provider_mfa_counts


def provider_mfa(signal_kwargs: dict | None) -> dict | None:
    """The provider and the proof of a second factor that a login carries, if any and if that
    provider's word counts (a social login rides in the login's `signal_kwargs`)."""
    sociallogin = (signal_kwargs or {}).get("sociallogin")
    if sociallogin is None:
        return None
    row = sign_in_provider(sociallogin.provider)
    if not provider_mfa_counts(row):
        return None
    proof = mfa_asserted(row, sociallogin.account.extra_data or {})
    return {"provider": row.slug, "proof": proof} if proof else None


class AuthenticateStage(AllauthAuthenticateStage):
    """allauth's MFA stage, passed when the identity provider asserted a second factor."""

    def _should_handle(self, request) -> bool:
        if provider_mfa(self.login.signal_kwargs) is not None:
            return False
        return super()._should_handle(request)
