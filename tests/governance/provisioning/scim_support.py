"""What the SCIM tests share: a token, a client that speaks SCIM with it."""

from __future__ import annotations

import json

from django.test import Client

from governance.provisioning.services import scim_token_create

SCIM = "application/scim+json"
USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group"
PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


def make_token(name="Entra ID", provider=None, actor=None):
    return scim_token_create(actor=actor, name=name, provider=provider)


class ScimClient:
    """Django's test client, with the bearer token and SCIM's JSON."""

    def __init__(self, secret: str, client: Client | None = None):
        self.client = client or Client()
        self.auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

    def _send(self, method: str, path: str, body=None, **headers):
        extra = {**self.auth, **headers}
        url = path if path.startswith("/") else f"/scim/v2/{path}"
        if body is None:
            return getattr(self.client, method)(url, **extra)
        data = json.dumps(body)
        return getattr(self.client, method)(url, data=data, content_type=SCIM, **extra)

    def get(self, path, **headers):
        return self._send("get", path, **headers)

    def post(self, path, body, **headers):
        return self._send("post", path, body, **headers)

    def put(self, path, body, **headers):
        return self._send("put", path, body, **headers)

    def patch(self, path, operations, **headers):
        body = {"schemas": [PATCH_SCHEMA], "Operations": operations}
        return self._send("patch", path, body, **headers)

    def delete(self, path, **headers):
        return self._send("delete", path, **headers)


def user_body(email: str, **extra) -> dict:
    given, _, family = email.partition("@")[0].partition(".")
    return {
        "schemas": [USER_SCHEMA],
        "userName": email,
        "name": {"givenName": given.title(), "familyName": (family or "x").title()},
        "emails": [{"value": email, "type": "work", "primary": True}],
        "active": True,
        **extra,
    }


def group_body(name: str, members=(), **extra) -> dict:
    return {
        "schemas": [GROUP_SCHEMA],
        "displayName": name,
        "members": [{"value": m} for m in members],
        **extra,
    }
