"""SCIM's answers: a JSON document of type application/scim+json with its headers, and a SCIM
Error document. The views and the resource kinds both answer with these."""

from __future__ import annotations

import json

from django.http import HttpResponse
from scim2_models import Context, Error

CONTENT_TYPE = "application/scim+json"


def scim_response(payload: dict | None, status: int = 200, **headers: str) -> HttpResponse:
    body = json.dumps(payload) if payload is not None else ""
    response = HttpResponse(body, status=status, content_type=CONTENT_TYPE)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def error_response(error: Error) -> HttpResponse:
    response = scim_response(error.model_dump(scim_ctx=Context.DEFAULT), status=error.status or 400)
    if error.status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="scim"'
    return response
