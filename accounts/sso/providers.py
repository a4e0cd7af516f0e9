"""allauth's SAML provider, keeping the assertion's AuthnContextClassRef with its attributes so
that a provider's multi-factor assertion can be read (accounts.sso.claims.mfa_asserted).
Installed through SOCIALACCOUNT_PROVIDERS["saml"]["provider_class"], allauth's own hook."""

from __future__ import annotations

from allauth.socialaccount.providers.saml.provider import SAMLProvider as AllauthSAMLProvider

from accounts.sso.claims import AUTHN_CONTEXTS_KEY


class SAMLProvider(AllauthSAMLProvider):
    package = "allauth.socialaccount.providers.saml"  # its URLs are allauth's

    def extract_extra_data(self, data):
        # `data` is python3-saml's Auth after it processed and validated the response.
        return {**data.get_attributes(), AUTHN_CONTEXTS_KEY: list(data.get_last_authn_contexts())}
