"""The OpenAPI schema says what every endpoint may answer: besides its success, the problem
documents of core.rest.problems, for the statuses it can give."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter

from core.rest.problems import PROBLEM_CONTENT_TYPE, Problem


class ProblemAutoSchema(AutoSchema):
    def _error_statuses(self) -> list[str]:
        statuses = ["400", "401", "403", "429"]  # 400: a bad filter, cursor or body
        if self._is_detail():
            statuses.append("404")
        if self.method in ("PUT", "PATCH", "POST", "DELETE"):
            statuses.append("412")
        return statuses

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for status in self._error_statuses():
            responses.setdefault(
                status,
                self._get_response_for_code(Problem, status, [PROBLEM_CONTENT_TYPE], direction),
            )
        return responses

    def _get_response_headers_for_code(self, status_code, direction="response"):
        headers = super()._get_response_headers_for_code(status_code, direction)
        if status_code == "200" and self.method == "GET" and self._is_detail():
            headers["ETag"] = {"schema": {"type": "string"}, "description": "The version read."}
        return headers

    def _is_list_view(self, serializer=None) -> bool:
        # A view that answers one document at its collection's URL (`single_document`).
        if getattr(self.view, "single_document", False):
            return False
        return super()._is_list_view(serializer)

    def _is_detail(self) -> bool:
        return bool(self.path_regex and "(?P<" in self.path_regex)

    def get_override_parameters(self):
        parameters = list(super().get_override_parameters())
        if self.method in ("PUT", "PATCH", "POST") and self._is_detail():
            parameters.append(
                OpenApiParameter(
                    "If-Match",
                    str,
                    OpenApiParameter.HEADER,
                    description="The ETag read: the write is refused (412) if it changed since.",
                )
            )
        return parameters
