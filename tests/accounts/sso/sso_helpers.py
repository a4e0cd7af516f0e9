"""Signing in through a provider as allauth's callback does, from the claims or attributes the
provider would send: allauth's own provider turns them into a social login and allauth's flow
completes it, through Gouvernail's adapters. Only the network exchange is left out (the browser
tests in tests/browser/test_sso.py make it with real identity providers)."""

from __future__ import annotations

from allauth.core import context
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.helpers import complete_social_login
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import RequestFactory

from accounts.sso import services


def provider_create(name="Entra ID", protocol="openid_connect", **fields):
    defaults = {
        "slug": name.lower().replace(" ", "-"),
        "client_id": "gouvernail",
        "secret": "s3cret",
        "settings": {"server_url": "https://login.example.test/tenant/v2.0"},
    }
    if protocol == "saml":
        defaults["settings"] = {
            "idp": {"sso_url": "https://idp.example.test/sso", "x509cert": "MIIB"},
            "verified_email": True,  # the IdP's directory alone assigns its addresses
        }
    return services.sign_in_provider_create(
        actor=None, name=name, protocol=protocol, **(defaults | fields)
    )


def anonymous_request(path: str = "/accounts/oidc/callback/"):
    request = RequestFactory().get(path)
    SessionMiddleware(lambda r: None).process_request(request)
    MessageMiddleware(lambda r: None).process_request(request)
    request.user = AnonymousUser()
    return request


class FakeSAMLAuth:
    """What allauth's SAML provider reads of python3-saml's Auth once it has validated a
    response: the attributes, the NameID and the AuthnContextClassRef."""

    def __init__(self, attributes: dict, nameid: str, contexts=()):
        self.attributes, self.nameid, self.contexts = attributes, nameid, list(contexts)

    def get_attributes(self):
        return self.attributes

    def get_nameid(self):
        return self.nameid

    def get_nameid_format(self):
        return "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"

    def get_last_authn_contexts(self):
        return self.contexts


def sign_in(slug: str, response, request=None):
    """Complete a sign-in through provider `slug` with the provider's `response` (OpenID
    Connect: `{"id_token": claims}`; SAML: a FakeSAMLAuth). Returns the request and response."""
    request = request or anonymous_request()
    with context.request_context(request):
        provider = get_adapter(request).get_provider(request, slug)
        sociallogin = provider.sociallogin_from_response(request, response)
        sociallogin.state = {"process": "login"}
        answer = complete_social_login(request, sociallogin)
    return request, answer


def oidc_claims(email: str, sub: str = "", **claims) -> dict:
    return {
        "id_token": {
            "sub": sub or email,
            "email": email,
            "email_verified": True,
            "given_name": "Ann",
            "family_name": "Lee",
            **claims,
        }
    }
