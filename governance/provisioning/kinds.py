"""The two resource types /scim/v2/ serves, described once for the views: how to find one, list
and filter them, show one, and which service writes it."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from scim2_models import (
    Context,
    InvalidValueException,
    ListResponse,
    NotFoundException,
    PreconditionFailedException,
    Resource,
    ResponseParameters,
)

from governance.provisioning import resources, selectors, services
from governance.provisioning.filters import GROUP_ATTRIBUTES, USER_ATTRIBUTES, filter_query
from governance.provisioning.models import ScimGroup, ScimToken, ScimUser
from governance.provisioning.responses import scim_response
from governance.provisioning.rules import visible_to


def base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("scim:root")).rstrip("/")


def response_parameters(request: HttpRequest, model, data: dict | None = None) -> Any:
    """The `attributes` and `excludedAttributes` the client asked for (RFC 7644 §3.9)."""
    source = data if data is not None else request.GET
    asked = {k: source.get(k) for k in ("attributes", "excludedAttributes") if source.get(k)}
    return ResponseParameters[model].model_validate(asked) if asked else None


def _integer(data: dict, name: str, default: int) -> int:
    value = data.get(name)
    if value in (None, ""):
        return default
    try:
        return int(value)
    except (TypeError, ValueError) as error:
        raise InvalidValueException(detail=f"{name} must be an integer.") from error


def _matches(etag: str, header: str) -> bool:
    tags = [t.strip() for t in header.split(",")]
    return "*" in tags or etag in tags or etag.removeprefix("W/") in tags


@dataclass(frozen=True)
class Kind:
    name: str
    model: type[Resource[Any]]
    queryset: Callable[[], QuerySet]
    attributes: dict
    represent: Callable[[Any, str], Any]
    create: Callable[..., Any]
    replace: Callable[..., Any]
    remove: Callable[..., Any]
    argument: str  # the name the services give the object

    def visible(self, token: ScimToken) -> QuerySet:
        """What `token` may read and write (governance.provisioning.rules)."""
        return visible_to(self.queryset(), token)

    def fetch(self, token: ScimToken, pk, lock: bool = False) -> Any:
        """The resource `pk` if `token` may see it (404 otherwise); `lock`: locked until the
        transaction ends."""
        try:
            key = uuid.UUID(str(pk))
        except ValueError:
            key = None
        rows = self.visible(token)
        if lock:
            rows = rows.select_for_update(of=("self",))
        found = rows.filter(scim_id=key).first() if key else None
        if found is None:
            raise NotFoundException(detail=f"{self.name} {pk} not found.")
        return found

    def current(self, request: HttpRequest, token: ScimToken, pk):
        """The resource as the provider reads it."""
        return self.represent(self.fetch(token, pk), base_url(request))

    def _locked(self, request: HttpRequest, token: ScimToken, pk) -> tuple[Any, Any]:
        """In a transaction: the object, locked until it ends, and the resource as the provider
        reads it; a write whose If-Match names another version of it is refused (412)."""
        obj = self.fetch(token, pk, lock=True)
        resource = self.represent(obj, base_url(request))
        expected = request.headers.get("If-Match")
        if expected and not _matches(resource.meta.version, expected):
            raise PreconditionFailedException(detail="The resource changed since that version.")
        return obj, resource

    @transaction.atomic
    def change(
        self, request: HttpRequest, token: ScimToken, pk, edit: Callable[[Any], Any], now
    ) -> Any:
        """Read, edit and write one resource in one transaction, locked from the read on: two
        calls at once (Entra ID and Okta send member PATCHes in parallel) each build on the
        other's result instead of replacing it. `edit` returns the new resource, or None when
        nothing changes."""
        obj, current = self._locked(request, token, pk)
        wanted = edit(current)
        if wanted is None:
            return obj
        return self.replace(token=token, resource=wanted, now=now, **{self.argument: obj})

    @transaction.atomic
    def delete(self, request: HttpRequest, token: ScimToken, pk, now: dt.datetime) -> Any:
        obj, _current = self._locked(request, token, pk)
        return self.remove(token=token, now=now, **{self.argument: obj})

    def answer(self, request: HttpRequest, resource, context: Context) -> HttpResponse:
        payload = resource.model_dump(
            scim_ctx=context, response_parameters=response_parameters(request, self.model)
        )
        return scim_response(payload, ETag=str(resource.meta.version))

    def listing(
        self, request: HttpRequest, token: ScimToken, data: dict, search: bool = False
    ) -> HttpResponse:
        """A page of the resources the filter selects: startIndex from 1, count at most
        MAX_RESULTS (0: only the total), ordered by creation."""
        rows = self.visible(token)
        if data.get("filter"):
            rows = rows.filter(filter_query(str(data["filter"]), self.attributes)).distinct()
        start = max(_integer(data, "startIndex", 1), 1)
        count = min(max(_integer(data, "count", 100), 0), resources.MAX_RESULTS)
        total = rows.count()
        page = list(rows[start - 1 : start - 1 + count]) if count else []
        base = base_url(request)
        listing = ListResponse[self.model](  # type: ignore[name-defined]
            total_results=total,
            start_index=start,
            items_per_page=len(page),
            resources=[self.represent(row, base) for row in page],
        )
        payload = listing.model_dump(
            scim_ctx=Context.SEARCH_RESPONSE,
            response_parameters=response_parameters(request, self.model, data),
        )
        return scim_response(payload)


KINDS = {
    "Users": Kind(
        name="User",
        model=resources.User,
        queryset=selectors.live_users,
        attributes=USER_ATTRIBUTES,
        represent=selectors.user_resource,
        create=services.scim_user_create,
        replace=services.scim_user_replace,
        remove=services.scim_user_delete,
        argument="scim_user",
    ),
    "Groups": Kind(
        name="Group",
        model=resources.Group,
        queryset=selectors.live_groups,
        attributes=GROUP_ATTRIBUTES,
        represent=selectors.group_resource,
        create=services.scim_group_create,
        replace=services.scim_group_replace,
        remove=services.scim_group_delete,
        argument="group",
    ),
}
__all__ = ["KINDS", "Kind", "ScimGroup", "ScimUser", "base_url", "response_parameters"]
