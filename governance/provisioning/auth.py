"""Who calls /scim/v2/: the bearer token of the Authorization header, and nothing else. A
browser session grants nothing here, and a SCIM token grants nothing anywhere else (no
authentication backend knows it: only these views read it)."""

from __future__ import annotations

from django.http import HttpRequest

from accounts.tokens import token_hash
from governance.provisioning.models import ScimToken
from governance.provisioning.services import TOKEN_START


def token_of(request: HttpRequest) -> ScimToken | None:
    """The token the request names, revoked or not (a revoked one is refused, and its call is
    recorded against it); None when the header names no token of ours."""
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    secret = secret.strip()
    if scheme.lower() != "bearer" or not secret.startswith(TOKEN_START):
        return None
    return (
        ScimToken.objects.select_related("provider").filter(token_hash=token_hash(secret)).first()
    )
