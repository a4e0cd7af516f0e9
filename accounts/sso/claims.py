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

# RFC 8176 authentication method references that prove a factor beyond a password: "mfa" and
# "mca" say so outright, the others name a second factor (one-time code, hardware or software
# key, smart card, SMS or phone call, biometrics). "pwd", "pin", "kba", "rba", "geo", "wia" and
# "user" do not. A provider's settings may replace the list ("mfa_amr_values").
MFA_AMR_VALUES = frozenset(
    {"mfa", "mca", "otp", "hwk", "swk", "sc", "sms", "tel", "fpt", "face", "iris", "retina", "vbm"}
)
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


def mfa_asserted(provider: SignInProvider, extra_data: dict[str, Any]) -> list[str]:
    """The proof of a second factor this sign-in carries, as the provider said it (empty: none):
    OpenID Connect `amr` values that name one, or an `acr` the provider's settings declare as
    multi-factor ("mfa_acr_values"); SAML an AuthnContextClassRef of the MFA list."""
    settings = provider.settings or {}
    if provider.protocol == Protocol.SAML:
        wanted = set(settings.get("mfa_authn_contexts") or MFA_AUTHN_CONTEXTS)
        return [ref for ref in _as_list(extra_data.get(AUTHN_CONTEXTS_KEY)) if ref in wanted]
    amr_values = set(settings.get("mfa_amr_values") or MFA_AMR_VALUES)
    acr_values = set(settings.get("mfa_acr_values") or ())
    proof: list[str] = []
    for source in _oidc_sources(extra_data):
        proof += [f"amr:{v}" for v in _as_list(source.get("amr"), split=True) if v in amr_values]
        proof += [f"acr:{v}" for v in _as_list(source.get("acr"), split=True) if v in acr_values]
    return sorted(set(proof))
