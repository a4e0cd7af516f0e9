"""The test OpenID provider: django-oauth-toolkit under /o/ (the issuer is BASE_URL/o), the
sign-in form, and the fixture's harness endpoints."""

from django.urls import include, path

from tests.support.oidc_provider import views

urlpatterns = [
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("login/", views.sign_in, name="login"),
    path("harness/users/", views.put_user),
    path("harness/redirect-uris/", views.add_redirect_uri),
]
