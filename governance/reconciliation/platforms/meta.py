"""Meta (Facebook Pages and Instagram accounts) through the business portfolio, with Meta's
official SDK (facebook-business).

Reads, with a system user's token of the business (business_management permission, and
pages_manage_metadata / instagram_basic for the assets):
- GET /{asset-id}/assigned_users?business={business-id}: the business and system users assigned
  to the Page or Instagram account, with their tasks (MANAGE, CREATE_CONTENT, MODERATE,
  MESSAGING, ADVERTISE, ANALYZE; unpacked, so MANAGE comes with all the others);
- GET /{business-id}/business_users: everyone in the portfolio, with e-mail, business role and
  two-factor state; an ADMIN of the business has full control of every asset it owns;
- GET /{business-id}/pending_users: invitations to the portfolio not yet accepted.
https://developers.facebook.com/docs/graph-api/reference/page/assigned_users/
https://developers.facebook.com/docs/marketing-api/reference/business/business_users/
https://developers.facebook.com/docs/marketing-api/reference/business/pending_users/
https://developers.facebook.com/docs/graph-api/guides/error-handling/
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from facebook_business.adobjects.assigneduser import AssignedUser
from facebook_business.adobjects.businessrolerequest import BusinessRoleRequest
from facebook_business.adobjects.businessuser import BusinessUser
from facebook_business.adobjects.objectparser import ObjectParser
from facebook_business.api import FacebookAdsApi, FacebookRequest
from facebook_business.exceptions import FacebookError, FacebookRequestError
from facebook_business.session import FacebookSession

from governance.reconciliation.connectors import (
    ConnectorError,
    ConnectorFailure,
    Reading,
    SeenHolder,
)
from governance.reconciliation.platforms.http import (
    PAGE_LIMIT,
    TIMEOUT,
    highest,
    malformed,
    text,
)

API_VERSION = "v26.0"  # the SDK's own (facebook_business.apiconfig)
FULL_CONTROL = "Full control (admin)"
# Meta's tasks, most privileged first, and the role names channels_registry seeds for Meta.
TASK_ROLES = {
    "MANAGE": FULL_CONTROL,
    "CREATE_CONTENT": "Partial access: content",
    "MODERATE": "Partial access: community activity",
    "MESSAGING": "Partial access: messages",
    "ADVERTISE": "Partial access: ads",
    "ANALYZE": "Partial access: insights",
}
ASSIGNED_FIELDS = "id,name,tasks,user_type"
USER_FIELDS = "id,name,email,role,two_fac_status"
PENDING_FIELDS = "id,email,role,status,created_time"
EDGES = {
    "/assigned_users": AssignedUser,
    "/business_users": BusinessUser,
    "/pending_users": BusinessRoleRequest,
}
TWO_FACTOR = {"enabled": True, "disabled": False}

# Graph API error codes (error-handling guide): what each says about the credentials.
EXPIRED = {102, 190}  # the session or token is invalid or expired (subcodes 458 to 467 say why)
RATE_LIMITS = {4, 17, 32, 613, 80001, 80002, 80004, 80005, 80006, 80008, 80014}
TRANSIENT = {1, 2}


def _api(token: str) -> FacebookAdsApi:
    """The SDK's client, its token moved from the query string (where the SDK puts it, and
    where any logged URL would show it) to the Authorization header, which Graph accepts."""
    session = FacebookSession(access_token=token, timeout=TIMEOUT)
    session.requests.params.pop("access_token", None)
    session.requests.headers["Authorization"] = f"OAuth {token}"
    return FacebookAdsApi(session, api_version=API_VERSION)


def _edge(api: FacebookAdsApi, node: str, edge: str, params) -> Iterator[Mapping]:
    """Every item of a Graph edge, page after page (the SDK's Cursor follows paging.next).
    `fields` go as a parameter: the SDK's field list of these classes lags the API (tasks)."""
    target = EDGES[edge]
    request = FacebookRequest(
        node_id=node,
        method="GET",
        endpoint=edge,
        api=api,
        api_type="EDGE",
        target_class=target,
        response_parser=ObjectParser(target_class=target, api=api),
    )
    request.add_params(params)
    for count, item in enumerate(request.execute()):
        if count >= PAGE_LIMIT * 100:  # a paging loop, not a portfolio: stop
            break
        data = item.export_all_data()
        if not isinstance(data, Mapping) or not data.get("id"):
            raise malformed(f"{edge} lists an item without an id")
        yield data


def _regain_after(headers: Mapping[str, str]) -> int | None:
    """Seconds until Graph lets the app call again: the largest estimated_time_to_regain_access
    (minutes) of the X-Business-Use-Case-Usage header, when Graph gives one."""
    try:
        usage = json.loads(headers.get("x-business-use-case-usage") or "{}")
        minutes = [
            int(entry.get("estimated_time_to_regain_access") or 0)
            for entries in usage.values()
            for entry in entries
        ]
    except (TypeError, ValueError, AttributeError):
        return None
    longest = max(minutes, default=0)
    return longest * 60 if longest else None


def _failure(error: FacebookRequestError) -> ConnectorError:
    code = error.api_error_code()
    detail = f"Graph API error {code}" + (
        f"/{error.api_error_subcode()}" if error.api_error_subcode() else ""
    )
    if code in EXPIRED or error.http_status() == 401:
        return ConnectorError(ConnectorFailure.EXPIRED_TOKEN, detail)
    if code in RATE_LIMITS:
        headers = {k.lower(): v for k, v in (error.http_headers() or {}).items()}
        return ConnectorError(
            ConnectorFailure.RATE_LIMITED, detail, retry_after=_regain_after(headers)
        )
    if code == 10 or (code is not None and 200 <= code <= 299):
        return ConnectorError(ConnectorFailure.PERMISSION_MISSING, detail)
    if code == 100 and error.api_error_subcode() == 33:
        return ConnectorError(ConnectorFailure.NOT_FOUND, detail)
    if code in TRANSIENT or (error.http_status() or 0) >= 500:
        return ConnectorError(ConnectorFailure.UNREACHABLE, detail)
    return malformed(detail)


def _two_factor(value: str) -> bool | None:
    return TWO_FACTOR.get(value.lower())


def _holders(assigned, people, pending, now: datetime) -> list[SeenHolder]:
    holders = []
    for item in assigned:
        person = people.get(text(item, "id"), {})
        tasks = item.get("tasks") or []
        role = highest(tasks if isinstance(tasks, list) else [], TASK_ROLES)
        if role is None:
            raise malformed("assigned_users lists a user without a known task")
        holders.append(_holder(item, person, role))
    assigned_ids = {holder.external_id for holder in holders}
    for person in people.values():  # a business admin has full control of its assets
        if text(person, "role") == "ADMIN" and text(person, "id") not in assigned_ids:
            holders.append(_holder(person, person, FULL_CONTROL))
    for invitation in pending:
        if text(invitation, "role") == "ADMIN" and text(invitation, "status") in ("", "PENDING"):
            invited = parse_datetime(text(invitation, "created_time")) or now
            email = text(invitation, "email")
            holders.append(
                SeenHolder(name=email, role=FULL_CONTROL, email=email, invited_at=invited)
            )
    return holders


def _holder(item: Mapping[str, Any], person: Mapping[str, Any], role: str) -> SeenHolder:
    return SeenHolder(
        name=text(item, "name") or text(person, "name"),
        role=role,
        external_id=text(item, "id"),
        email=text(person, "email"),
        two_factor=_two_factor(text(person, "two_fac_status")),
    )


class MetaConnector:
    """Who holds a Facebook Page or an Instagram account, as the business portfolio says."""

    key = "meta"
    label = _("Meta business portfolio (Facebook, Instagram)")
    platforms = ("facebook", "instagram")
    credential_fields = ("access_token", "business_id")

    def read(self, *, asset_id: str, credentials: Mapping[str, str], now: datetime) -> Reading:
        api = _api(credentials["access_token"])
        business = credentials["business_id"]
        try:
            assigned = list(
                _edge(
                    api,
                    asset_id,
                    "/assigned_users",
                    {"business": business, "fields": ASSIGNED_FIELDS},
                )
            )
            people = {
                text(user, "id"): user
                for user in _edge(api, business, "/business_users", {"fields": USER_FIELDS})
            }
            pending = list(_edge(api, business, "/pending_users", {"fields": PENDING_FIELDS}))
            holders = _holders(assigned, people, pending, now)
        except FacebookRequestError as error:
            raise _failure(error) from None
        except (FacebookError, KeyError, TypeError, ValueError, AttributeError):
            raise malformed("Graph API answer") from None
        return Reading(
            seen_at=now,
            holders=tuple(holders),
            source=self.key,
            details={"asset_id": asset_id, "business_id": business},
        )


META = MetaConnector()
