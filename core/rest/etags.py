"""ETags on what a detail GET answers, and If-Match on writes: a client that read a resource
changes it only if nobody changed it since (412 otherwise)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from core.rest.problems import PreconditionFailed


def etag_of(representation: Any) -> str:
    """A strong ETag: the digest of the representation as the client reads it."""
    document = json.dumps(representation, sort_keys=True, cls=DjangoJSONEncoder)
    return '"' + hashlib.sha256(document.encode()).hexdigest()[:32] + '"'


def check_if_match(request, representation: Any) -> None:
    """Refuse the write (412) when If-Match names another version than the current one."""
    header = request.headers.get("If-Match")
    if not header or header.strip() == "*":
        return
    named = {tag.strip().removeprefix("W/") for tag in header.split(",")}
    if etag_of(representation) not in named:
        raise PreconditionFailed


class ETagMixin:
    """Detail GETs answer with an ETag; `if_match(instance)` checks a write's If-Match."""

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)  # type: ignore[misc]
        response["ETag"] = etag_of(response.data)
        return response

    def if_match(self, instance) -> None:
        check_if_match(self.request, self.get_serializer(instance).data)  # type: ignore[attr-defined]
