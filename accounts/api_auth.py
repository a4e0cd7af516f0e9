"""Who calls the REST API, and what their token lets them do.

`Authorization: Bearer <token>` names the token's user, acting through the token (the history
names both). A token's scopes narrow what the user may do on each area of the API; the user's
own rules (each app's rules.py and selectors) still decide which objects they see and change.

A revoked or expired token, or one whose user is deactivated, is refused at once: every request
reads the token and its user afresh.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.actor import acting_through
from accounts.models import ApiToken
from accounts.rules import is_active_user
from accounts.scopes import scope_allows
from accounts.services import API_TOKEN_START, api_token_used
from accounts.tokens import token_hash


class ApiTokenAuthentication(BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        scheme, _space, secret = (
            get_authorization_header(request).decode(errors="replace").partition(" ")
        )
        if scheme.lower() != self.keyword.lower():
            return None
        secret = secret.strip()
        if not secret.startswith(API_TOKEN_START):
            raise exceptions.AuthenticationFailed(_("Unknown token."))
        token = (
            ApiToken.objects.select_related("user").filter(token_hash=token_hash(secret)).first()
        )
        now = timezone.now()
        if token is None:
            raise exceptions.AuthenticationFailed(_("Unknown token."))
        if not token.is_live(now):
            raise exceptions.AuthenticationFailed(_("This token is revoked or expired."))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("This token's account is deactivated."))
        api_token_used(token=token, now=now)
        return acting_through(token.user, token.channel_label), token

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="api"'


class TokenScopes(BasePermission):
    """An active user; with a token, one whose scopes cover the view's area (`scope_area`) for
    reading or, for any other method than GET, HEAD and OPTIONS, writing. A browser session
    (the browsable API) has its user's rights, unnarrowed."""

    message = _("This token's scopes do not allow this.")

    def has_permission(self, request, view) -> bool:
        if not is_active_user(request.user):
            return False
        scopes = getattr(request.auth, "scopes", None)
        if not isinstance(request.auth, ApiToken) or scopes is None:
            return True
        write = request.method not in SAFE_METHODS
        area = getattr(view, "scope_area", None)
        if area is None:  # the API's root: a list of links, open to any token that reads
            return not write
        return scope_allows(scopes, area=area, write=write)


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """How the schema names the token: HTTP bearer."""

    target_class = ApiTokenAuthentication
    name = "bearerAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "An API token (gvapi_…)."}
