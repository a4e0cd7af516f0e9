"""A real SAML 2.0 identity provider for the SSO tests, built on pysaml2 and started by the
`saml_idp` fixture (fixture.py) in a process of its own."""

# AuthnContextClassRef values: a password sign-in, and two ways providers say "multi-factor".
PASSWORD = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
MFA = "https://refeds.org/profile/mfa"
MULTIPLE_AUTHN = "http://schemas.microsoft.com/claims/multipleauthn"
