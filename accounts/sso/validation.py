"""What a sign-in provider must be before it is saved: SSO only with the domains it applies to, a
partner's provider never speaking for the organisation's domains, one SSO-only provider per
domain, no secret in its settings, and addresses the browser is sent to that name one origin."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import SignInProvider

# Settings keys that hold a secret: allauth's SAML "advanced.private_key" (the SP's key, for
# signed requests or encrypted assertions), any client secret, password or passphrase. The
# settings are stored in clear and shown in the admin and the history: Gouvernail refuses them
# (the OpenID client secret has its own encrypted field).
SECRET_KEY_NAME = re.compile(r"secret|passw|passphrase|private.?key|api.?key", re.IGNORECASE)
PEM_PRIVATE_KEY = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")


def _secret_paths(value: Any, path: str = "") -> list[str]:
    """Where a secret sits in a settings document (dotted paths)."""
    found: list[str] = []
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}" if path else str(key)
            if SECRET_KEY_NAME.search(str(key)) and item not in (None, "", [], {}):
                found.append(where)
            else:
                found += _secret_paths(item, where)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _secret_paths(item, f"{path}[{index}]")
    elif isinstance(value, str) and PEM_PRIVATE_KEY.search(value):
        found.append(path or "settings")
    return found


def origin(url: Any) -> str | None:
    """scheme://host[:port] of an http(s) address; None for anything else, a wildcard included."""
    parts = urlsplit(str(url or ""))
    if parts.scheme not in ("http", "https") or not parts.netloc or "*" in parts.netloc:
        return None
    if "@" in parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def browser_urls(provider: SignInProvider) -> list[Any]:
    """The addresses a sign-in sends the browser to, as the provider's settings give them: the
    OpenID provider's authorization endpoint (an override, else the issuer, whose origin serves
    it), the SAML IdP's sign-on URL. A metadata URL is read by the server, never the browser."""
    given = provider.settings or {}
    if provider.protocol == "saml":
        return [(given.get("idp") or {}).get("sso_url")]
    overrides = given.get("openid_configuration_overrides") or {}
    return [overrides.get("authorization_endpoint") or given.get("server_url")]


def _settings_errors(provider: SignInProvider) -> list[str]:
    errors = []
    given = provider.settings
    if not isinstance(given, dict):
        return [_("The protocol settings must be a JSON object.")]
    secrets = _secret_paths(given)
    if secrets:
        errors.append(
            _(
                "The protocol settings are stored in clear and shown in the history: remove the "
                "secret they hold (%(paths)s). An OpenID Connect client secret goes in its own "
                "field, stored encrypted; Gouvernail does not sign SAML requests nor decrypt "
                "assertions, so it needs no private key."
            )
            % {"paths": ", ".join(secrets)}
        )
    idp = given.get("idp") or {}
    by_metadata = idp.get("metadata_url") and not idp.get("sso_url")
    if provider.protocol == "saml" and by_metadata and not given.get("form_action"):
        errors.append(
            _(
                "With a metadata_url only, list the origin of the IdP's sign-on address under "
                '"form_action" (or give "sso_url"): the login page lets the browser go there '
                "and nowhere else."
            )
        )
    urls = [url for url in browser_urls(provider) if url]
    urls += list(given.get("form_action") or [])
    if any(origin(url) is None for url in urls):
        errors.append(
            _(
                "Each address the browser is sent to (server_url, authorization_endpoint, "
                "sso_url, form_action) must be a plain http or https address, without a wildcard."
            )
        )
    return errors


def _domain_errors(provider: SignInProvider) -> list[str]:
    errors = []
    if provider.sso_only and not provider.domains:
        errors.append(
            _(
                "Sign-in through this provider only applies to the e-mail domains listed: list "
                "the domains whose addresses must use it."
            )
        )
    organisation = set(settings.ORGANISATION_EMAIL_DOMAINS)
    taken = sorted(organisation & set(provider.domains))
    if provider.partner_id is not None and taken:
        errors.append(
            _("A partner's provider may not speak for the organisation's domains: %(domains)s.")
            % {"domains": ", ".join(taken)}
        )
    if provider.sso_only and provider.enabled:
        others = SignInProvider.objects.filter(sso_only=True, enabled=True)
        if provider.pk is not None:
            others = others.exclude(pk=provider.pk)
        for other in others:
            shared = sorted(set(other.domains) & set(provider.domains))
            if shared:
                errors.append(
                    _("%(provider)s is already the only way to sign in for %(domains)s.")
                    % {"provider": other.name, "domains": ", ".join(shared)}
                )
    return errors


def provider_check(provider: SignInProvider) -> None:
    """Raise, field by field, what is wrong with `provider` as it would be saved."""
    errors: dict[str, list[str]] = {}
    for field, found in (
        ("settings", _settings_errors(provider)),
        ("email_domains", _domain_errors(provider)),
    ):
        if found:
            errors[field] = found
    if errors:
        raise ValidationError(errors)
