"""The `oidc_provider` fixture: a real OpenID provider (django-oauth-toolkit) for one test.

    def test_sign_in(oidc_provider):
        oidc_provider.add_user("ada@example.org", "secret", "Ada", "Lovelace",
                               groups=["gouvernail-leads"], amr=["pwd", "mfa"])
        oidc_provider.add_redirect_uri(live_server.url + "/accounts/oidc/acme/login/callback/")
        settings = oidc_provider.allauth_settings()  # a SocialApp's settings

The provider serves discovery at `{issuer}/.well-known/openid-configuration`, a JWKS, the
authorization code flow with PKCE (S256 only), RS256 ID tokens and userinfo, each with the claims
add_user gave (email, email_verified, given_name, family_name, name, groups, amr, acr); its sign-in
form at /login/ has the fields `email` and `password` and a "Sign in" button.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import pytest

from tests.support.idp_process import ProviderProcess


class OIDCProvider(ProviderProcess):
    """The test OpenID provider's process, and what a relying party needs to know of it."""

    module = "tests.support.oidc_provider"
    ready_path = "/o/.well-known/openid-configuration"

    def __init__(self) -> None:
        self.client_id = f"gouvernail-{secrets.token_hex(4)}"
        self.client_secret = secrets.token_urlsafe(24)
        self._token = secrets.token_urlsafe(24)
        super().__init__(
            {
                "IDP_SECRET_KEY": secrets.token_urlsafe(32),
                "IDP_HARNESS_TOKEN": self._token,
                "IDP_CLIENT_ID": self.client_id,
                "IDP_CLIENT_SECRET": self.client_secret,
            }
        )
        self.issuer = f"{self.base_url}/o"
        # allauth's openid_connect `server_url`: it appends /.well-known/openid-configuration.
        self.server_url = self.issuer
        self.discovery_url = f"{self.issuer}/.well-known/openid-configuration"
        self.login_url = f"{self.base_url}/login/"

    def add_user(
        self,
        email: str,
        password: str,
        given_name: str = "",
        family_name: str = "",
        *,
        groups: list[str] | tuple[str, ...] = (),
        amr: list[str] | tuple[str, ...] = ("pwd",),
        acr: str | None = None,
        email_verified: bool = True,
    ) -> str:
        """Add a user, or change an existing one (from their next sign-in); their `sub`."""
        answer = self.call(
            "/harness/users/",
            {
                "email": email,
                "password": password,
                "given_name": given_name,
                "family_name": family_name,
                "groups": list(groups),
                "amr": list(amr),
                "acr": acr,
                "email_verified": email_verified,
            },
            self._token,
        )
        return answer["sub"]

    def add_redirect_uri(self, uri: str) -> None:
        """Allow the client to be sent back to `uri` (matched exactly, as the provider must)."""
        self.call("/harness/redirect-uris/", {"client_id": self.client_id, "uri": uri}, self._token)

    def allauth_settings(self, **extra) -> dict:
        """A SocialApp's `settings` for allauth's openid_connect provider pointing here."""
        return {
            "server_url": self.server_url,
            "oauth_pkce_enabled": True,
            "token_auth_method": "client_secret_basic",
            **extra,
        }


@pytest.fixture
def oidc_provider() -> Iterator[OIDCProvider]:
    """A real OpenID provider on a free loopback port, stopped after the test."""
    provider = OIDCProvider()
    try:
        provider.start()
        yield provider
    finally:
        provider.stop()
