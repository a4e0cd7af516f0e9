"""What a sign-in says beyond who the person is: their groups, and whether the identity provider
asserts that they passed a second factor. Read from allauth's social account data: for OpenID
Connect `{"id_token": {...}, "userinfo": {...}}`, for SAML the assertion's attributes (and the
AuthnContextClassRef that accounts.sso.providers adds)."""

from __future__ import annotations

from typing import Any

from accounts.models import Protocol, SignInProvider

# Where accounts.sso.providers.SAMLProvider keeps the assertion's AuthnContextClassRef values
# among the attributes (a name no SAML attribute takes: attribute names are URIs or words).
AUTHN_CONTEXTS_KEY = "gouvernail:authn_context_class_refs"

# RFC 8176 authentication method references. "mfa" and "mca" say multi-factor outright (a
# provider's settings may replace them: "mfa_amr_values"); otherwise the methods must prove two
# distinct factors, of these kinds: something known, something held, something one is. A single
# method (a one-time code, an SMS, a hardware key, a face) is one factor, however strong.
MFA_AMR_VALUES = frozenset({"mfa", "mca"})
AMR_FACTORS = {
    "pwd": "knowledge",
    "pin": "knowledge",
    "kba": "knowledge",
    "otp": "possession",
    "hwk": "possession",
    "swk": "possession",
    "sc": "possession",
    "sms": "possession",
    "tel": "possession",
    "pop": "possession",
    "fpt": "inherence",
    "face": "inherence",
    "iris": "inherence",
    "retina": "inherence",
    "vbm": "inherence",
}
# SAML AuthnContextClassRef values that say multi-factor: REFEDS MFA, Microsoft Entra ID's,
# and the SAML 2.0 classes of a second device. A provider's settings may replace the list
# ("mfa_authn_contexts").
MFA_AUTHN_CONTEXTS = frozenset(
    {
        "https://refeds.org/profile/mfa",
        "http://schemas.microsoft.com/claims/multipleauthn",
        "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract",
        "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorUnregistered",
        "urn:oasis:names:tc:SAML:2.0:ac:classes:TimeSyncToken",
    }
)


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


def _claim(data: dict[str, Any], name: str) -> Any:
    """A claim by name; a dotted name reads a nested one (Keycloak's `realm_access.roles`)."""
    if name in data:
        return data[name]
    value: Any = data
    for part in name.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _as_list(value: Any, *, split: bool = False) -> list[str]:
    """A claim's values; a single string is one value (a group may have spaces in its name),
    or words when `split` (`acr`, and `amr` sent as a string)."""
    if value is None:
        return []
    if isinstance(value, str):
        return value.split() if split else [value]
    if isinstance(value, list | tuple | set):
        return [str(v) for v in value]
    return [str(value)]


def _oidc_sources(extra_data: dict[str, Any]) -> list[dict[str, Any]]:
    sources = [extra_data.get("id_token"), extra_data.get("userinfo")]
    return [s for s in sources if isinstance(s, dict)] or [extra_data]


def groups_of(provider: SignInProvider, extra_data: dict[str, Any]) -> list[str]:
    """The groups the provider says the person is in, from its groups claim (OpenID Connect:
    the ID token's, else userinfo's) or attribute (SAML; every value of it)."""
    name = provider.groups_claim.strip()
    if not name:
        return []
    if provider.protocol == Protocol.SAML:
        return _as_list(extra_data.get(name))
    for source in _oidc_sources(extra_data):
        value = _claim(source, name)
        if value is not None:
            return _as_list(value)
    return []


def names_of(provider: SignInProvider, extra_data: dict[str, Any]) -> tuple[str, str]:
    """The first and last names the provider sent (OpenID Connect `given_name`/`family_name`;
    SAML the attributes of the mapping's first_name and last_name), empty when it sent none."""
    if provider.protocol == Protocol.SAML:
        mapping = (provider.settings or {}).get("attribute_mapping") or SAML_ATTRIBUTES

        def attribute(key: str) -> str:
            for name in _as_list(mapping.get(key)):
                values = _as_list(extra_data.get(name))
                if values:
                    return values[0]
            return ""

        return attribute("first_name"), attribute("last_name")
    for source in _oidc_sources(extra_data):
        if source.get("given_name") or source.get("family_name"):
            return str(source.get("given_name") or ""), str(source.get("family_name") or "")
    return "", ""


def _amr_proof(amr: list[str], outright: set[str]) -> list[str]:
    """`amr` values that prove a second factor: one that says so outright, or methods of two
    distinct factor kinds (a password and a one-time code; a hardware key and a PIN)."""
    said = [v for v in amr if v in outright]
    if said:
        return said
    kinds: dict[str, str] = {}
    for value in amr:
        kind = AMR_FACTORS.get(value)
        if kind is not None:
            kinds.setdefault(kind, value)
    return list(kinds.values()) if len(kinds) >= 2 else []


def mfa_asserted(provider: SignInProvider, extra_data: dict[str, Any]) -> list[str]:
    """The proof of a second factor this sign-in carries, as the provider said it (empty: none):
    OpenID Connect `amr` values that prove one (_amr_proof), or an `acr` the provider's settings
    declare as multi-factor ("mfa_acr_values"); SAML an AuthnContextClassRef of the MFA list."""
    settings = provider.settings or {}
    if provider.protocol == Protocol.SAML:
        wanted = set(settings.get("mfa_authn_contexts") or MFA_AUTHN_CONTEXTS)
        return [ref for ref in _as_list(extra_data.get(AUTHN_CONTEXTS_KEY)) if ref in wanted]
    outright = set(settings.get("mfa_amr_values") or MFA_AMR_VALUES)
    acr_values = set(settings.get("mfa_acr_values") or ())
    proof: list[str] = []
    for source in _oidc_sources(extra_data):
        proof += [f"amr:{v}" for v in _amr_proof(_as_list(source.get("amr"), split=True), outright)]
        proof += [f"acr:{v}" for v in _as_list(source.get("acr"), split=True) if v in acr_values]
    return sorted(set(proof))
