"""allauth's social account adapter for Gouvernail: the sign-in providers are SignInProvider rows,
read as allauth social applications built in memory (their secret decrypted only there); a
first sign-in creates an account only for an admitted address that the provider says it has
verified, and connects an existing account only on such an address; every sign-in holds roles
and team to the groups."""

from __future__ import annotations

from typing import Any

from allauth.account.utils import user_email
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp, SocialLogin
from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.actor import Agent
from accounts.encryption import decrypt
from accounts.models import Person, Protocol, SignInProvider, User
from accounts.sso import rules, services
from accounts.sso.claims import SAML_ATTRIBUTES, groups_of, names_of

# What Gouvernail asks of a SAML identity provider unless the row's settings say otherwise:
# signed assertions, no sign-in the provider starts on its own (it could not be tied to a
# request of ours). The attribute names are accounts.sso.claims.SAML_ATTRIBUTES.
SAML_ADVANCED = {"want_assertion_signed": True, "reject_idp_initiated_sso": True, "strict": True}


def agent(provider: SignInProvider) -> Agent:
    """Who the history names for what a sign-in through `provider` writes."""
    return Agent(f"SSO: {provider.name}")


def _saml_settings(row: SignInProvider) -> dict[str, Any]:
    """allauth's SAML settings: the IdP (its entity ID is the row's client ID unless given), the
    attribute mapping and the advanced options, over Gouvernail's defaults."""
    given = dict(row.settings or {})
    idp = {"entity_id": row.client_id, **(given.get("idp") or {})}
    return {
        **given,
        "idp": idp,
        "attribute_mapping": given.get("attribute_mapping") or SAML_ATTRIBUTES,
        "advanced": {**SAML_ADVANCED, **(given.get("advanced") or {})},
    }


def social_app(row: SignInProvider) -> SocialApp:
    """allauth's social application for `row`, in memory only (never saved: the secret stays
    encrypted in the database). allauth addresses a SAML application by its client ID (the
    `organization_slug` of its URLs): that is the row's slug."""
    if row.protocol == Protocol.SAML:
        app = SocialApp(provider=Protocol.SAML, client_id=row.slug, settings=_saml_settings(row))
    else:
        oidc = {"oauth_pkce_enabled": True, **(row.settings or {})}
        app = SocialApp(
            provider=Protocol.OIDC,
            client_id=row.client_id,
            secret=decrypt(row.secret) if row.secret else "",
            settings=oidc,
        )
    app.provider_id = row.slug
    app.name = row.name
    app.sign_in_provider = row  # type: ignore[attr-defined]
    return app


def sign_in_provider(provider) -> SignInProvider:
    """The row behind an allauth provider instance (its application's provider ID)."""
    row = getattr(provider.app, "sign_in_provider", None)
    return row if row is not None else SignInProvider.objects.get(slug=provider.app.provider_id)


def refused(request: HttpRequest, provider: SignInProvider, email: str, reason: str):
    """The page that says why nobody was signed in; nothing is created."""
    context = {"provider": provider, "email": email, "reason": reason}
    response = render(request, "account/sso_refused.html", context, status=403)
    return ImmediateHttpResponse(response)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def list_apps(self, request, provider=None, client_id=None) -> list[SocialApp]:
        """Every enabled provider, as allauth applications (several of each protocol may be on at
        once: allauth tells them apart by their provider ID, the slug)."""
        apps = [social_app(row) for row in SignInProvider.objects.filter(enabled=True)]
        if provider:
            apps = [app for app in apps if provider in (app.provider, app.provider_id)]
        if client_id:
            apps = [app for app in apps if app.client_id == client_id]
        return apps

    def is_email_verified(self, provider, email) -> bool:
        """An address counts as verified when the provider says so in the sign-in (OpenID
        Connect's `email_verified` claim, a SAML `email_verified` attribute: allauth reads them),
        or when the admin declared that the provider's directory alone assigns its addresses
        (allauth's own `"verified_email"` setting: true, or a list of domains), and only for an
        address the provider is admitted for. Never on the provider's word alone that it is
        admitted: an address it calls unverified may belong to someone else (nOAuth)."""
        row = sign_in_provider(provider)
        return rules.admits(row, email) and super().is_email_verified(provider, email)

    def can_authenticate_by_email(self, login: SocialLogin, email: str) -> bool:
        """An existing account signing in through a provider for the first time is connected
        to it when the address is admitted for the provider; allauth offers only the addresses
        that are verified (is_email_verified, or the provider's own claim)."""
        return rules.admits(sign_in_provider(login.provider), email)

    def populate_user(self, request, sociallogin: SocialLogin, data):
        user = super().populate_user(request, sociallogin, data)
        first, last = data.get("first_name") or "", data.get("last_name") or ""
        name = data.get("name") or " ".join(part for part in (first, last) if part)
        user.full_name = name[:200]
        return user

    def is_open_for_signup(self, request, sociallogin: SocialLogin) -> bool:
        """A first sign-in creates an account only for an address the provider is admitted for,
        says it verified, and that no account holds yet; anything else is refused with a page
        that says why."""
        row = sign_in_provider(sociallogin.provider)
        email = (user_email(sociallogin.user) or "").strip().lower()
        if not email:
            raise refused(request, row, email, _("The identity provider sent no e-mail address."))
        if not rules.admits(row, email):
            reason = _("Gouvernail does not create accounts for addresses at %(domain)s.")
            raise refused(request, row, email, reason % {"domain": rules.email_domain(email)})
        if not _verified(sociallogin, email):
            reason = _(
                "The identity provider does not say that this address is verified, so "
                "Gouvernail cannot tell that it is yours; ask an administrator."
            )
            raise refused(request, row, email, reason)
        if User.objects.filter(email__iexact=email).exists():
            reason = _("An account with this address exists but is closed; ask an administrator.")
            raise refused(request, row, email, reason)
        return True

    @transaction.atomic
    def save_user(self, request, sociallogin: SocialLogin, form=None) -> User:
        """Just in time: the person with this address (or a new one, a partner's for a partner's
        provider), their account without a password, linked to the provider, groups applied."""
        row = sign_in_provider(sociallogin.provider)
        actor = agent(row)
        new = sociallogin.user
        first, last = names_of(row, sociallogin.account.extra_data or {})
        person = services.identity_person_for(
            actor=actor, email=new.email, first_name=first, last_name=last, provider=row
        )
        user = services.identity_user_for(actor=actor, person=person, full_name=new.full_name)
        sociallogin.user = user
        sociallogin.save(request, connect=True)  # the address is set up already
        _apply_groups(row, user, sociallogin)
        return user

    def pre_social_login(self, request, sociallogin: SocialLogin) -> None:
        """An account that exists (linked already, or by its address): its person is linked and
        its roles and team follow the provider's groups, before it is signed in."""
        user = sociallogin.user
        if not sociallogin.is_existing or user is None or not user.is_active:
            return
        row = sign_in_provider(sociallogin.provider)
        with transaction.atomic():
            if not Person.objects.filter(user=user).exists():
                person = services.identity_person_for(
                    actor=agent(row), email=user.email, provider=row
                )
                if person.user_id is None:
                    services.identity_user_for(actor=agent(row), person=person)
            _apply_groups(row, user, sociallogin)


def _verified(sociallogin: SocialLogin, email: str) -> bool:
    """Whether the sign-in's addresses include `email` as verified (allauth marks them from the
    provider's claim and is_email_verified above)."""
    return any(
        address.verified and address.email.strip().lower() == email
        for address in sociallogin.email_addresses
    )


def _apply_groups(row: SignInProvider, user: User, sociallogin: SocialLogin) -> None:
    services.identity_groups_apply(
        actor=agent(row),
        user=user,
        groups=groups_of(row, sociallogin.account.extra_data or {}),
        provider=row,
    )
