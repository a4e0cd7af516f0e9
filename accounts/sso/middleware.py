"""The pages that start a sign-in through a provider (the login page, allauth's provider login
and connections pages) post a form that our server answers with a redirect to the provider;
browsers hold that redirect to the page's CSP `form-action`, so these pages allow the enabled
providers' origins there (and nowhere else)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from accounts.models import SignInProvider
from accounts.sso.validation import browser_urls, origin

# Where a provider's sign-in starts.
SIGN_IN_PATHS = ("/accounts/login/", "/accounts/oidc/", "/accounts/saml/", "/accounts/3rdparty/")


def provider_origins() -> list[str]:
    """The origins a sign-in through an enabled provider sends the browser to, and only those:
    the OpenID provider's authorization endpoint (an override, else the issuer's origin, which
    serves it), the SAML IdP's sign-on URL, and any the provider's settings list under
    "form_action" (for an authorization endpoint elsewhere than the issuer, or a SAML IdP known
    by its metadata URL alone). Never a metadata URL (the server reads it) nor a wildcard
    (accounts.sso.validation refuses them, and origin() drops them)."""
    origins: set[str] = set()
    for row in SignInProvider.objects.filter(enabled=True).only("protocol", "settings"):
        urls = [*browser_urls(row), *list((row.settings or {}).get("form_action") or [])]
        origins.update(o for o in map(origin, urls) if o)
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
