"""allauth's social account adapter for Gouvernail: the sign-in providers are SignInProvider rows,
read as allauth social applications built in memory (their secret decrypted only there); a
first sign-in creates an account only for an admitted address, and connects an existing account
whose address the provider vouches for; every sign-in holds roles and team to the groups."""

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
from accounts.sso import services
from accounts.sso.claims import groups_of

# What Gouvernail asks of a SAML identity provider unless the row's settings say otherwise:
# signed assertions, no sign-in the provider starts on its own (it could not be tied to a
# request of ours), and the attribute names Entra ID, Okta and Google Workspace commonly send.
SAML_ADVANCED = {"want_assertion_signed": True, "reject_idp_initiated_sso": True, "strict": True}
SAML_ATTRIBUTES = {
    "uid": ["urn:oasis:names:tc:SAML:attribute:subject-id"],
    "email": [
        "email",
        "urn:oid:0.9.2342.19200300.100.1.3",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
    ],
    "first_name": [
        "first_name",
        "givenName",
        "urn:oid:2.5.4.42",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname",
    ],
    "last_name": [
        "last_name",
        "sn",
        "urn:oid:2.5.4.4",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname",
    ],
}


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
        """The provider vouches for the addresses it is admitted for, and only those."""
        return services.admits(sign_in_provider(provider), email)

    def can_authenticate_by_email(self, login: SocialLogin, email: str) -> bool:
        """An existing account signing in through a provider for the first time is connected
        to it, when the provider vouches for the address (allauth asks it to be verified too)."""
        return services.admits(sign_in_provider(login.provider), email)

    def populate_user(self, request, sociallogin: SocialLogin, data):
        user = super().populate_user(request, sociallogin, data)
        first, last = data.get("first_name") or "", data.get("last_name") or ""
        name = data.get("name") or " ".join(part for part in (first, last) if part)
        user.full_name = name[:200]
        user.sso_names = (first, last)  # for the person record a first sign-in creates
        return user

    def is_open_for_signup(self, request, sociallogin: SocialLogin) -> bool:
        """A first sign-in creates an account only for an address the provider is admitted for
        and that no account holds yet; anything else is refused with a page that says why."""
        row = sign_in_provider(sociallogin.provider)
        email = (user_email(sociallogin.user) or "").strip().lower()
        if not email:
            raise refused(request, row, email, _("The identity provider sent no e-mail address."))
        if not services.admits(row, email):
            reason = _("Gouvernail does not create accounts for addresses at %(domain)s.")
            raise refused(request, row, email, reason % {"domain": services.email_domain(email)})
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
        first, last = getattr(new, "sso_names", ("", ""))
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


def _apply_groups(row: SignInProvider, user: User, sociallogin: SocialLogin) -> None:
    services.identity_groups_apply(
        actor=agent(row),
        user=user,
        groups=groups_of(row, sociallogin.account.extra_data or {}),
        provider=row,
    )
