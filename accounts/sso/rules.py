"""Who may do what through single sign-on: which addresses a provider may admit, who must sign in
through a provider (SSO only), and whose multi-factor assertion counts for MFA_REQUIRED."""

from __future__ import annotations

from django.conf import settings

from accounts.models import Person, SignInProvider, User


def email_domain(email: str) -> str:
    return email.rpartition("@")[2].strip().lower()


def admits(provider: SignInProvider | None, email: str) -> bool:
    """Whether `provider` may create an account for `email` on first sign-in: the organisation's
    domains for its own providers, the provider's listed domains for any."""
    domain = email_domain(email)
    if provider is not None and domain in provider.domains:
        return True
    own = provider is None or provider.partner_id is None
    return own and domain in settings.ORGANISATION_EMAIL_DOMAINS


def sso_only_provider(email: str) -> SignInProvider | None:
    """The provider through which `email` must sign in, when its domain is SSO-only."""
    domain = email_domain(email)
    for provider in SignInProvider.objects.filter(sso_only=True, enabled=True):
        if domain in provider.domains:
            return provider
    return None


def user_addresses(user: User) -> list[str]:
    """Every address a user could be found by: the account's, every address allauth keeps for
    it (login and password reset use any of them), and its person's."""
    emails = {user.email, *user.emailaddress_set.values_list("email", flat=True)}
    emails |= set(Person.objects.filter(user=user).values_list("email", flat=True))
    return sorted(e.strip().lower() for e in emails if e and e.strip())


def sso_only_provider_for_user(user: User | None) -> tuple[SignInProvider, str] | None:
    """The provider through which `user` must sign in, and the address that makes it so, when
    any of the user's addresses is in an SSO-only domain: the user is judged, not the address
    typed (a second, personal address must not open a way around the provider)."""
    if user is None or user.pk is None:
        return None
    providers = list(SignInProvider.objects.filter(sso_only=True, enabled=True))
    for email in user_addresses(user):
        for provider in providers:
            if email_domain(email) in provider.domains:
                return provider, email
    return None


def provider_mfa_counts(provider: SignInProvider | None) -> bool:
    """A provider's multi-factor assertion stands in for Gouvernail's own second factor only for
    the organisation's enabled providers: a partner's provider vouches for its own people's
    sign-in, not for Gouvernail's staff and leads (a partner could otherwise assert anything)."""
    return provider is not None and provider.enabled and provider.partner_id is None
