"""The SCIM 2.0 endpoints (RFC 7644) at /scim/v2/. scim2-models parses and checks every payload
(creation, replacement, PATCH operations) and writes every answer; scim2-filter-parser turns
filters into queries; governance.provisioning.services does the writes.

Only a bearer SCIM token gets in (governance.provisioning.auth): these views are exempt from CSRF because
no cookie authenticates them. Every call made with a known token is recorded (ScimCall)."""

from __future__ import annotations

import json
import logging
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from pydantic import ValidationError
from scim2_models import (
    Context,
    Error,
    InvalidValueException,
    ListResponse,
    Meta,
    NotFoundException,
    NotImplementedException,
    PatchOp,
    SCIMException,
    UnauthorizedException,
)

from governance.provisioning import resources
from governance.provisioning.auth import token_of
from governance.provisioning.kinds import KINDS, Kind, base_url, response_parameters
from governance.provisioning.responses import error_response, scim_response
from governance.provisioning.services import scim_call_record

logger = logging.getLogger("gouvernail.scim")


@method_decorator(csrf_exempt, name="dispatch")
class ScimView(View):
    """Authenticates the token, turns SCIM exceptions into SCIM errors, records the call."""

    http_method_names = ["get", "post", "put", "patch", "delete"]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        now = timezone.now()
        token = token_of(request)
        if token is None:
            logger.warning("SCIM call without a known token: %s %s", request.method, request.path)
            return error_response(UnauthorizedException().to_error())
        self.token, self.now, self.resource_id = token, now, str(kwargs.get("pk", ""))
        if token.revoked_at is not None:
            response = error_response(
                UnauthorizedException(detail="This token was revoked.").to_error()
            )
        else:
            response = self._answer(request, *args, **kwargs)
        scim_call_record(
            token=token,
            now=now,
            method=request.method or "",
            path=request.path,
            status=response.status_code,
            resource_id=self.resource_id,
            outcome=getattr(response, "outcome", response.reason_phrase),
        )
        return response

    def _answer(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            with resources.POLICY:
                return super().dispatch(request, *args, **kwargs)
        except SCIMException as error:
            return self._failed(error.to_error())
        except ValidationError as error:
            return self._failed(Error.from_validation_errors(error)[0])
        except DjangoValidationError as error:
            return self._failed(InvalidValueException(detail="; ".join(error.messages)).to_error())

    def _failed(self, error: Error) -> HttpResponse:
        response = error_response(error)
        response.outcome = f"{error.scim_type or 'error'}: {error.detail or ''}"  # type: ignore[attr-defined]
        return response

    def http_method_not_allowed(self, request: HttpRequest, *args: Any, **kwargs: Any):
        error = Error(status=405, detail=f"{request.method} is not allowed here.")
        response = error_response(error)
        response["Allow"] = ", ".join(m.upper() for m in self._allowed_methods())
        return response

    def body(self) -> dict:
        try:
            data = json.loads(self.request.body or b"{}")
        except ValueError as error:
            raise InvalidValueException(detail="The body is not JSON.") from error
        if not isinstance(data, dict):
            raise InvalidValueException(detail="The body is not a JSON object.")
        return data


class ServiceProviderConfigView(ScimView):
    def get(self, request: HttpRequest) -> HttpResponse:
        config = resources.service_provider_config()
        return scim_response(config.model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))


class _DiscoveryView(ScimView):
    """ResourceTypes and Schemas: a fixed list, or one of it by id."""

    items: list = []

    def get(self, request: HttpRequest, pk: str | None = None) -> HttpResponse:
        base = base_url(request)
        found = [self._located(item, base) for item in self.items if pk in (None, item.id)]
        if pk is not None:
            if not found:
                raise NotFoundException(detail=f"{pk} is not known here.")
            return scim_response(found[0].model_dump(scim_ctx=Context.RESOURCE_QUERY_RESPONSE))
        listing = ListResponse[type(found[0])](  # type: ignore[misc]
            total_results=len(found), start_index=1, items_per_page=len(found), resources=found
        )
        return scim_response(listing.model_dump(scim_ctx=Context.SEARCH_RESPONSE))

    def _located(self, item, base: str):
        item = item.model_copy(deep=True)
        kind = type(item).__name__
        item.meta = Meta(resource_type=kind, location=f"{base}/{self.endpoint}/{item.id}")
        return item

    endpoint = ""


class ResourceTypesView(_DiscoveryView):
    items = resources.RESOURCE_TYPES
    endpoint = "ResourceTypes"


class SchemasView(_DiscoveryView):
    items = resources.SCHEMAS
    endpoint = "Schemas"


class ResourcesView(ScimView):
    """/Users and /Groups: the list (filtered, paged) and creation."""

    kind: Kind = KINDS["Users"]  # as_view(kind=…) sets it

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.kind.listing(request, self.token, dict(request.GET.items()))

    def post(self, request: HttpRequest) -> HttpResponse:
        model = self.kind.model
        resource = model.model_validate(self.body(), scim_ctx=Context.RESOURCE_CREATION_REQUEST)
        obj = self.kind.create(token=self.token, resource=resource, now=self.now)
        self.resource_id = str(obj.scim_id)
        created = self.kind.represent(self.kind.fetch(self.token, obj.scim_id), base_url(request))
        payload = created.model_dump(
            scim_ctx=Context.RESOURCE_CREATION_RESPONSE,
            response_parameters=response_parameters(request, model),
        )
        assert created.meta is not None
        response = scim_response(
            payload, 201, Location=str(created.meta.location), ETag=str(created.meta.version)
        )
        return noted(response, obj)


class SearchView(ScimView):
    """POST /Users/.search, /Groups/.search (RFC 7644 §3.4.3)."""

    kind: Kind = KINDS["Users"]  # as_view(kind=…) sets it

    def post(self, request: HttpRequest) -> HttpResponse:
        return self.kind.listing(request, self.token, self.body(), search=True)


class RootSearchView(ScimView):
    """Searching every resource type at once is not supported (501, as RFC 7644 §3.12 says)."""

    def post(self, request: HttpRequest) -> HttpResponse:
        raise NotImplementedException(detail="Search /Users/.search or /Groups/.search instead.")


class UnknownView(ScimView):
    """Any other address under /scim/v2/: a SCIM 404."""

    def get(self, request: HttpRequest, rest: str = "") -> HttpResponse:
        raise NotFoundException(detail="No such endpoint.")

    post = put = patch = delete = get


class ResourceView(ScimView):
    """/Users/<id> and /Groups/<id>: read, replace (PUT), modify (PATCH), delete."""

    kind: Kind = KINDS["Users"]  # as_view(kind=…) sets it

    def get(self, request: HttpRequest, pk: str) -> HttpResponse:
        current = self.kind.current(request, self.token, pk)
        assert current.meta is not None
        if request.headers.get("If-None-Match") == current.meta.version:
            return scim_response(None, 304, ETag=str(current.meta.version))
        return self.kind.answer(request, current, Context.RESOURCE_QUERY_RESPONSE)

    def put(self, request: HttpRequest, pk: str) -> HttpResponse:
        def replaced(current):
            replacement = self.kind.model.model_validate(
                self.body(), scim_ctx=Context.RESOURCE_REPLACEMENT_REQUEST
            )
            replacement.replace(current)
            return replacement

        saved = self.kind.change(request, self.token, pk, replaced, self.now)
        return self._written(request, pk, saved, Context.RESOURCE_REPLACEMENT_RESPONSE)

    def patch(self, request: HttpRequest, pk: str) -> HttpResponse:
        def patched(current):
            operations = PatchOp[self.kind.model].model_validate(  # type: ignore[name-defined]
                self.body(), scim_ctx=Context.RESOURCE_PATCH_REQUEST
            )
            return current if operations.patch(current) else None

        saved = self.kind.change(request, self.token, pk, patched, self.now)
        return self._written(request, pk, saved, Context.RESOURCE_PATCH_RESPONSE)

    def delete(self, request: HttpRequest, pk: str) -> HttpResponse:
        saved = self.kind.delete(request, self.token, pk, self.now)
        return noted(scim_response(None, 204), saved)

    def _written(self, request: HttpRequest, pk: str, saved, context: Context) -> HttpResponse:
        fresh = self.kind.current(request, self.token, pk)
        return noted(self.kind.answer(request, fresh, context), saved)


def noted(response: HttpResponse, saved) -> HttpResponse:
    """The call's record says what the service noted (a rehired person leaving again)."""
    notice = getattr(saved, "notice", "")
    if notice:
        response.outcome = f"{response.reason_phrase}: {notice}"  # type: ignore[attr-defined]
    return response


def views_for(kind: Kind) -> tuple[Any, Any, Any]:
    return (
        ResourcesView.as_view(kind=kind),
        ResourceView.as_view(kind=kind),
        SearchView.as_view(kind=kind),
    )


USER_VIEWS = views_for(KINDS["Users"])
GROUP_VIEWS = views_for(KINDS["Groups"])
