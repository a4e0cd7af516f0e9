"""TikTok: a TikTok account held in a Business Center (Business API v1.3).

GET https://business-api.tiktok.com/open_api/v1.3/bc/member/get/?bc_id=…&page=…&page_size=…
    the Business Center's members: user_role ADMIN (manages every asset of the centre) or
    STANDARD, relation_status BOUND (joined) or PENDING (invited, not yet accepted);
GET https://business-api.tiktok.com/open_api/v1.3/bc/asset/member/get/?bc_id=…&asset_type=
    TT_ACCOUNT&asset_id=…&page=…&page_size=…: the members given the TikTok account, with their
    tt_account_roles (POST, LIVE, DIRECT_MESSAGE).
The token (Access-Token header) is an admin's of the Business Center, with the Business Center
management permission. Every answer is {code, message, request_id, data}; code 0 is success,
the HTTP status is 200 even for errors, and data.page_info says how many pages there are.
https://business-api.tiktok.com/portal/docs?id=1739939404802049 (BC Member Get)
https://business-api.tiktok.com/portal/docs?id=1739659558931458 (BC Asset Member Get)
https://business-api.tiktok.com/portal/docs?id=1737172488964097 (return codes)
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
from governance.reconciliation.platforms.http import PAGE_LIMIT, get, malformed, records, text

BASE = "https://business-api.tiktok.com/open_api/v1.3"
PAGE_SIZE = 20  # the most BC Member Get gives
ADMIN, OPERATOR = "Admin", "Operator"  # the role names channels_registry seeds for TikTok

# Business API return codes ("Appendix - Return codes"; the body's code, which takes precedence
# over the HTTP status) and what they say.
EXPIRED = {40102, 40104, 40105}  # access token expired, empty, invalid or revoked
PERMISSION = {40001}  # no permission for the operation
RATE_LIMITED = {40016, 40100, 40132, 40133}  # requests made too frequently
NOT_FOUND = {40007}  # the target does not exist


def _failure(code: int) -> ConnectorError:
    detail = f"TikTok Business API code {code}"
    if code in EXPIRED:
        return ConnectorError(ConnectorFailure.EXPIRED_TOKEN, detail)
    if code in PERMISSION:
        return ConnectorError(ConnectorFailure.PERMISSION_MISSING, detail)
    if code in RATE_LIMITED:
        return ConnectorError(ConnectorFailure.RATE_LIMITED, detail)
    if code in NOT_FOUND:
        return ConnectorError(ConnectorFailure.NOT_FOUND, detail)
    if code >= 50000:
        return ConnectorError(ConnectorFailure.UNREACHABLE, detail)
    return malformed(detail)


def _pages(token: str, path: str, params: Mapping[str, str]) -> Iterator[Mapping]:
    """Every item of a paged list, page after page until page_info.total_page."""
    for page in range(1, PAGE_LIMIT + 1):
        answer = get(
            f"{BASE}{path}",
            headers={"Access-Token": token},
            params={**params, "page": page, "page_size": PAGE_SIZE},
        )
        body = answer.body
        if not isinstance(body, Mapping) or not isinstance(body.get("code"), int):
            if answer.status >= 500:
                raise ConnectorError(ConnectorFailure.UNREACHABLE, f"TikTok {answer.status}")
            raise malformed("the answer has no return code")
        if body["code"] != 0:
            raise _failure(body["code"])
        data = body.get("data")
        if not isinstance(data, Mapping):
            raise malformed("the answer has no data")
        yield from records(data.get("list"), "data.list")
        info = data.get("page_info")
        total = info.get("total_page") if isinstance(info, Mapping) else None
        if not isinstance(total, int):
            raise malformed("the answer has no page_info")
        if page >= total:
            return


def _holder(member: Mapping, role: str, *, now: datetime) -> SeenHolder:
    user_id, email = text(member, "user_id"), text(member, "user_email")
    if not user_id and not email:
        raise malformed("a member without a user id or an e-mail")
    pending = text(member, "relation_status") == "PENDING"
    return SeenHolder(
        name=text(member, "user_name") or email,
        role=role,
        external_id=user_id,
        email=email,
        # TikTok gives no invitation date: the first reading that sees it pending stands in.
        invited_at=now if pending else None,
    )


class TikTokConnector:
    """Who holds a TikTok account through its Business Center."""

    key = "tiktok"
    label = _("TikTok Business Center")
    platforms = ("tiktok",)
    credential_fields = ("access_token", "bc_id")

    def read(self, *, asset_id: str, credentials: Mapping[str, str], now: datetime) -> Reading:
        token, bc_id = credentials["access_token"], credentials["bc_id"]
        holders: dict[str, SeenHolder] = {}
        for member in _pages(token, "/bc/member/get/", {"bc_id": bc_id}):
            if text(member, "user_role") == ADMIN.upper():
                holder = _holder(member, ADMIN, now=now)
                holders[holder.external_id or holder.email] = holder
        asset = {"bc_id": bc_id, "asset_type": "TT_ACCOUNT", "asset_id": asset_id}
        for member in _pages(token, "/bc/asset/member/get/", asset):
            holder = _holder(member, OPERATOR, now=now)
            holders.setdefault(holder.external_id or holder.email, holder)  # an admin stays one
        return Reading(
            seen_at=now,
            holders=tuple(holders.values()),
            source=self.key,
            details={"asset_id": asset_id, "bc_id": bc_id},
        )


TIKTOK = TikTokConnector()
