"""The API's documentation pages (Swagger UI and Redoc) over its OpenAPI schema, for anyone
signed in, as the browsable API is.

Both are served from our static files (drf-spectacular-sidecar), never a CDN, and run under the
site's Content-Security-Policy unloosened: the only inline script, Swagger UI's start, carries
the request's nonce; Redoc starts from a static script and is given the page's nonce for the
styles it writes (styled-components). Only Redoc's page adds to the policy (`REDOC_CSP`).
"""

from __future__ import annotations

from csp.constants import NONCE, SELF
from csp.decorators import csp_update
from django.contrib.auth.decorators import login_required
from django.utils.decorators import method_decorator
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularRedocView, SpectacularSwaggerView
from rest_framework.permissions import IsAuthenticated

SCHEMA_URL = "api:schema"


@method_decorator(login_required, name="dispatch")
class SwaggerDocsView(SpectacularSwaggerView):
    """Swagger UI: every operation, tried out with the signed-in session (its CSRF token is
    sent with a write, as the browsable API's forms do)."""

    permission_classes = [IsAuthenticated]
    template_name = "api_docs/swagger.html"
    url_name = SCHEMA_URL


# What Redoc's page adds to the site's CSP, for that page alone. Its bundle writes two <style>
# elements as it loads, before it can know a nonce: perfect-scrollbar's CSS and an empty one,
# allowed by their hashes (a new sidecar release that changes them fails tests/browser/
# test_api_docs.py, which names the new hash); what it writes later carries the page's nonce.
# Its search index runs in a worker it makes from a blob: of its own code.
REDOC_CSP = {
    "style-src": [
        NONCE,
        "'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='",  # perfect-scrollbar
        "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",  # empty
    ],
    "worker-src": [SELF, "blob:"],
}


@method_decorator(login_required, name="dispatch")
@method_decorator(csp_update(REDOC_CSP), name="dispatch")
class RedocDocsView(SpectacularRedocView):
    """Redoc: the same schema as one long reference page."""

    permission_classes = [IsAuthenticated]
    template_name = "api_docs/redoc.html"
    url_name = SCHEMA_URL

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # styled-components writes <style> elements: Redoc gives them this page's nonce.
        response.data["settings"] = {
            **spectacular_settings.REDOC_UI_SETTINGS,
            "nonce": str(request.csp_nonce),
        }
        return response
