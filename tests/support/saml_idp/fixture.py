"""The `saml_idp` fixture: a real SAML 2.0 identity provider (pysaml2) for one test.

    def test_sign_in(saml_idp, live_server):
        sp = f"{live_server.url}/accounts/saml/acme"
        saml_idp.register_sp(f"{sp}/metadata/", f"{sp}/acs/")
        saml_idp.add_user("ada@example.org", "secret", "Ada", "Lovelace",
                          groups=["gouvernail-leads"], authn_context=saml_idp.MFA)
        settings = saml_idp.allauth_settings()  # a SocialApp's settings (client_id "acme")

It signs the response and the assertion, names the subject by e-mail address and gives the
attributes `email`, `givenName`, `sn`, `groups` (one value per group; left out when there are
none), and the LDAP OIDs allauth's SAML provider maps by default (tests/support/saml_idp/idp.py).
Its sign-in form has the fields `email` and `password` and a "Sign in" button.
"""

from __future__ import annotations

import secrets
import urllib.request
from collections.abc import Iterator

import pytest

from tests.services import require_tool
from tests.support.idp_process import ProviderProcess
from tests.support.saml_idp import MFA, MULTIPLE_AUTHN, PASSWORD


class SAMLIdentityProvider(ProviderProcess):
    """The test SAML identity provider's process, and what a service provider needs of it."""

    module = "tests.support.saml_idp"
    ready_path = "/metadata"

    PASSWORD = PASSWORD
    MFA = MFA
    MULTIPLE_AUTHN = MULTIPLE_AUTHN

    def __init__(self) -> None:
        self._token = secrets.token_urlsafe(24)
        super().__init__({"IDP_HARNESS_TOKEN": self._token})
        self.metadata_url = f"{self.base_url}/metadata"
        self.entity_id = self.metadata_url
        self.sso_url = f"{self.base_url}/sso/redirect"
        self.sso_post_url = f"{self.base_url}/sso/post"
        self.x509cert = ""

    def start(self) -> None:
        super().start()
        cert = (self.directory / "idp-cert.pem").read_text()
        # The base64 body alone, on one line, as allauth's "idp" → "x509cert" takes it.
        self.x509cert = "".join(line for line in cert.splitlines() if "-----" not in line)

    def metadata(self) -> str:
        with urllib.request.urlopen(self.metadata_url, timeout=10) as answer:
            return answer.read().decode()

    def add_user(
        self,
        email: str,
        password: str,
        given_name: str = "",
        family_name: str = "",
        *,
        groups: list[str] | tuple[str, ...] = (),
        authn_context: str = PASSWORD,
    ) -> None:
        """Add a user, or replace one (from their next sign-in); `authn_context` is the
        AuthnContextClassRef of their sign-ins (PASSWORD, MFA, MULTIPLE_AUTHN or any URI)."""
        self.call(
            "/harness/users",
            {
                "email": email,
                "password": password,
                "given_name": given_name,
                "family_name": family_name,
                "groups": list(groups),
                "authn_context": authn_context,
            },
            self._token,
        )

    def register_sp(self, entity_id: str, acs_url: str) -> None:
        """Trust a service provider: its entity id and its ACS URL (HTTP-POST binding)."""
        self.call("/harness/sps", {"entity_id": entity_id, "acs_url": acs_url}, self._token)

    def register_sp_metadata(self, xml: str) -> None:
        """Trust a service provider from its metadata (allauth serves it at
        /accounts/saml/<slug>/metadata/)."""
        self.call("/harness/sp-metadata", {"xml": xml}, self._token)

    def allauth_settings(self, *, by_metadata_url: bool = False, **extra) -> dict:
        """A SocialApp's `settings` for allauth's SAML provider pointing here.

        By default the IdP is given whole (entity id, SSO URL, certificate); with
        `by_metadata_url` allauth reads its metadata instead (and caches it).
        """
        if by_metadata_url:
            idp = {"entity_id": self.entity_id, "metadata_url": self.metadata_url}
        else:
            idp = {"entity_id": self.entity_id, "sso_url": self.sso_url, "x509cert": self.x509cert}
        return {
            "idp": idp,
            "attribute_mapping": {
                "uid": "email",
                "email": "email",
                "first_name": "givenName",
                "last_name": "sn",
            },
            "advanced": {"want_assertion_signed": True, "want_message_signed": True},
            **extra,
        }


@pytest.fixture
def saml_idp() -> Iterator[SAMLIdentityProvider]:
    """A real SAML identity provider on a free loopback port, stopped after the test."""
    require_tool("xmlsec1")
    provider = SAMLIdentityProvider()
    try:
        provider.start()
        yield provider
    finally:
        provider.stop()
