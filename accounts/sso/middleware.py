"""The pages that start a sign-in through a provider (the login page, allauth's provider login
and connections pages) post a form that our server answers with a redirect to the provider;
browsers hold that redirect to the page's CSP `form-action`, so these pages allow the enabled
providers' origins there (and nowhere else)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.http import HttpRequest, HttpResponse

from accounts.models import Protocol, SignInProvider

# Where a provider's sign-in starts.
SIGN_IN_PATHS = ("/accounts/login/", "/accounts/oidc/", "/accounts/saml/", "/accounts/3rdparty/")


def _origin(url) -> str | None:
    parts = urlsplit(str(url or ""))
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return None


def provider_origins() -> list[str]:
    """The origins a sign-in through an enabled provider is sent to: the OpenID provider's
    (server URL, an overridden authorization endpoint), the SAML IdP's (sign-on and metadata
    URLs), and any the provider's settings list under "form_action"."""
    origins: set[str] = set()
    for row in SignInProvider.objects.filter(enabled=True).only("protocol", "settings"):
        given = row.settings or {}
        if row.protocol == Protocol.SAML:
            idp = given.get("idp") or {}
            urls = [idp.get("sso_url"), idp.get("metadata_url")]
        else:
            overrides = given.get("openid_configuration_overrides") or {}
            urls = [given.get("server_url"), overrides.get("authorization_endpoint")]
        urls += list(given.get("form_action") or [])
        origins.update(o for o in map(_origin, urls) if o)
    return sorted(origins)


class ProviderFormActionMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path_info.startswith(SIGN_IN_PATHS):
            origins = provider_origins()
            if origins:
                response._csp_update = {"form-action": origins}  # type: ignore[attr-defined]
        return response
