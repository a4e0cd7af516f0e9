"""The project's URLs: each area's app under its own prefix."""

from allauth import urls as allauth_urls
from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.urls import URLPattern, include, path

from config.health import healthz
from core.rest.docs import RedocDocsView, SwaggerDocsView

# The admin logs in through allauth so it cannot bypass MFA.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Gouvernail"
admin.site.site_title = "Gouvernail"

# allauth's URLs but its deprecated, unnamed redirects from `social/…` to `3rdparty/…`: kept by
# allauth for sites that published the old addresses, which Gouvernail never did.
ALLAUTH_URLS = [
    p for p in allauth_urls.urlpatterns if not (isinstance(p, URLPattern) and p.name is None)
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include(ALLAUTH_URLS)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("accounts.urls")),
    path("channels/", include("channels_registry.urls")),
    path("access/", include("governance.urls")),
    path("policies/", include("governance.policies.urls")),
    path("audits/", include("audits.urls")),
    path("roadmap/", include("roadmap.urls")),
    # The type-ahead pickers' matches (core.forms.TypeAhead), for every app's forms.
    path("pick/", include("core.urls")),
    path("scim/v2/", include("governance.provisioning.urls")),
    # The API's documentation pages: pages of the site (signed in), over the API's schema.
    path("api/v1/docs/", SwaggerDocsView.as_view(), name="api_docs"),
    path("api/v1/redoc/", RedocDocsView.as_view(), name="api_redoc"),
    path("api/v1/", include("config.api")),
]
