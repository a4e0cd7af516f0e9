"""Pinterest: the people a business account gives its profile to (API v5, business access).

GET https://api.pinterest.com/v5/businesses/{business_id}/assets/{asset_id}/members
    ?page_size=…&bookmark=…: the members with access to the profile, with their permissions
    (ADMIN, ANALYST, FINANCE_MANAGER, AUDIENCE_MANAGER, CAMPAIGN_MANAGER, CATALOGS_MANAGER,
    PROFILE_PUBLISHER); a member with two permissions is two holders, ADMIN covers the rest;
GET https://api.pinterest.com/v5/businesses/{business_id}/invites?invite_status=PENDING
    &invite_type=MEMBER_INVITE: invitations not yet accepted, with the profiles they give.
Both need the biz_access:read scope (OAuth 2.0 bearer token of a business admin). Lists page
with a bookmark; errors are {code, message} with the HTTP status.
https://developers.pinterest.com/docs/api/v5/businesses-asset-members-get
https://developers.pinterest.com/docs/api/v5/businesses-invites-get
https://developers.pinterest.com/docs/getting-started/scopes/
https://developers.pinterest.com/docs/reference/rate-limits/
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from governance.reconciliation.connectors import (
    ConnectorError,
    ConnectorFailure,
    Reading,
    SeenHolder,
)
from governance.reconciliation.platforms.http import (
    PAGE_LIMIT,
    Answer,
    from_millis,
    get,
    malformed,
    mapping,
    records,
    retry_after,
    text,
)

BASE = "https://api.pinterest.com/v5"
PAGE_SIZE = 100
# Business access permissions and the role names channels_registry seeds for Pinterest.
ROLES = {
    "ADMIN": "Admin",
    "PROFILE_PUBLISHER": "Publisher",
    "CAMPAIGN_MANAGER": "Campaign manager",
    "AUDIENCE_MANAGER": "Audience",
    "CATALOGS_MANAGER": "Catalogs manager",
    "FINANCE_MANAGER": "Finance manager",
    "ANALYST": "Analyst",
}


def _failure(answer: Answer) -> ConnectorError:
    body = answer.body if isinstance(answer.body, Mapping) else {}
    detail = f"Pinterest {answer.status}" + (f" (code {body['code']})" if "code" in body else "")
    failure = {
        401: ConnectorFailure.EXPIRED_TOKEN,
        403: ConnectorFailure.PERMISSION_MISSING,
        404: ConnectorFailure.NOT_FOUND,
        429: ConnectorFailure.RATE_LIMITED,
    }.get(answer.status)
    if failure is None:
        failure = (
            ConnectorFailure.UNREACHABLE if answer.status >= 500 else ConnectorFailure.MALFORMED
        )
    return ConnectorError(failure, detail, retry_after=retry_after(answer.headers))


def _items(token: str, path: str, params: Mapping[str, str]) -> Iterator[Mapping]:
    """Every item of a bookmarked list."""
    bookmark = ""
    for _page_number in range(PAGE_LIMIT):
        query = {**params, "page_size": PAGE_SIZE, **({"bookmark": bookmark} if bookmark else {})}
        answer = get(f"{BASE}{path}", headers={"Authorization": f"Bearer {token}"}, params=query)
        if answer.status != 200:
            raise _failure(answer)
        if not isinstance(answer.body, Mapping):
            raise malformed("the answer is not a JSON object")
        yield from records(answer.body.get("items"), "items")
        bookmark = text(answer.body, "bookmark")
        if not bookmark:
            return


def _roles(permissions) -> list[str]:
    if not isinstance(permissions, list) or not permissions:
        raise malformed("a member without permissions")
    if "ADMIN" in permissions:
        return [ROLES["ADMIN"]]
    return [ROLES.get(code, str(code).replace("_", " ").capitalize()) for code in permissions]


def _members(token: str, business: str, asset_id: str) -> list[SeenHolder]:
    holders = []
    for item in _items(token, f"/businesses/{business}/assets/{asset_id}/members", {}):
        user = mapping(item.get("user"))
        if not text(user, "id"):
            raise malformed("a member without a user id")
        for role in _roles(item.get("permissions")):
            holders.append(
                SeenHolder(
                    name=text(user, "username") or text(user, "email"),
                    role=role,
                    external_id=text(user, "id"),
                    email=text(user, "email"),
                )
            )
    return holders


def _invited(token: str, business: str, asset_id: str, now: datetime) -> list[SeenHolder]:
    holders = []
    params = {"invite_status": "PENDING", "invite_type": "MEMBER_INVITE"}
    for invite in _items(token, f"/businesses/{business}/invites", params):
        profiles = mapping(invite.get("assets_summary")).get("profiles")
        for profile in records(profiles or [], "assets_summary.profiles"):
            if text(profile, "id") != asset_id:
                continue
            user, data = mapping(invite.get("user")), mapping(invite.get("invite_data"))
            for role in _roles(profile.get("permissions")):
                holders.append(
                    SeenHolder(
                        name=text(user, "username") or text(user, "email"),
                        role=role,
                        external_id=text(user, "id"),
                        email=text(user, "email"),
                        invited_at=from_millis(data.get("sent_at"))
                        or from_millis(invite.get("created_time"))
                        or now,
                    )
                )
    return holders


class PinterestConnector:
    """Who holds a Pinterest profile through the business account's access."""

    key = "pinterest"
    label = _("Pinterest business access")
    platforms = ("pinterest",)
    credential_fields = ("access_token", "business_id")

    def read(self, *, asset_id: str, credentials: Mapping[str, str], now: datetime) -> Reading:
        token, business = credentials["access_token"], credentials["business_id"]
        holders = _members(token, business, asset_id) + _invited(token, business, asset_id, now)
        return Reading(
            seen_at=now,
            holders=tuple(holders),
            source=self.key,
            details={"asset_id": asset_id, "business_id": business},
        )


PINTEREST = PinterestConnector()
