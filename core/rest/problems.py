"""Errors as RFC 9457 problem documents (`application/problem+json`).

Every error the API answers is `{"type", "title", "status", "detail"}`, and a validation error
adds `errors`: one `{"detail", "pointer"}` per message, the pointer naming the field (absent for a
message about the whole request). A service's ValidationError reaches the client unchanged: its
first message is the `detail`, and every message is in `errors`.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"
# A problem's type: a URN per kind of error, stable for clients to test.
TYPE_PREFIX = "urn:gouvernail:problem:"


class PreconditionFailed(exceptions.APIException):
    status_code = 412
    default_detail = _("The resource changed since you read it: read it again (If-Match).")
    default_code = "precondition_failed"


class ProblemFieldError(serializers.Serializer):
    detail = serializers.CharField()
    pointer = serializers.CharField(required=False, help_text="A JSON pointer to the field.")


class Problem(serializers.Serializer):
    """The schema of every error (RFC 9457)."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    errors = ProblemFieldError(many=True, required=False)


def _field_errors(detail: Any, pointer: str = "") -> list[dict[str, str]]:
    """DRF's nested error detail, flattened to RFC 9457 entries with JSON pointers."""
    if isinstance(detail, dict):
        return [
            error
            for key, value in detail.items()
            for error in _field_errors(
                value, "" if key in ("non_field_errors", "__all__") else f"{pointer}/{key}"
            )
        ]
    if isinstance(detail, list):
        return [error for item in detail for error in _field_errors(item, pointer)]
    entry = {"detail": strip_tags(str(detail))}  # a page's error may link; a document says
    if pointer:
        entry["pointer"] = f"#{pointer}"
    return [entry]


def _from_django(exc: Exception) -> Exception:
    """A service's ValidationError or PermissionDenied, as DRF's own."""
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        return exceptions.ValidationError(detail)
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(str(exc) or None)
    return exc


def problem_exception_handler(exc: Exception, context: dict) -> Response | None:
    """DRF's EXCEPTION_HANDLER: DRF's answer, rewritten as a problem document."""
    exc = _from_django(exc)
    response = exception_handler(exc, context)
    if response is None:
        return None  # an unexpected error: Django's 500, logged as any other
    status = response.status_code
    problem: dict[str, Any] = {
        "type": TYPE_PREFIX + _code(exc, status),
        "title": HTTPStatus(status).phrase,
        "status": status,
    }
    if isinstance(exc, exceptions.ValidationError):
        errors = _field_errors(exc.detail)
        problem["detail"] = errors[0]["detail"] if errors else str(_("The request is not valid."))
        problem["errors"] = errors
    else:
        problem["detail"] = str(getattr(exc, "detail", "") or HTTPStatus(status).description)
    response.data = problem
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


def _code(exc: Exception, status: int) -> str:
    if isinstance(exc, exceptions.ValidationError):
        return "validation"
    code = getattr(exc, "default_code", "") if isinstance(exc, exceptions.APIException) else ""
    return code or HTTPStatus(status).phrase.lower().replace(" ", "_")
