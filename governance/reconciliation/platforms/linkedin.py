"""LinkedIn Pages: the organization's access control list (Community Management API).

GET https://api.linkedin.com/rest/organizationAcls?q=organization&organization={urn}
    &state=APPROVED&start={n}&count={page}
with the rw_organization_admin permission (the token's member an ADMINISTRATOR of the Page),
the LinkedIn-Version header and Rest.li protocol 2.0.0. Each element is one role of one member
(roleAssignee, a person URN): a member with two roles is two holders. Roles not yet approved
(REQUESTED) give no access and are not asked for.
https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-access-control-by-role
https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/error-handling
"""

from __future__ import annotations

from collections.abc import Mapping
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
    get,
    malformed,
    mapping,
    records,
    retry_after,
    text,
)

URL = "https://api.linkedin.com/rest/organizationAcls"
VERSION = "202510"  # LinkedIn-Version: the monthly version the requests are shaped for
PAGE_SIZE = 100
# organizationAcls roles and the role names channels_registry seeds for LinkedIn Pages; a role
# LinkedIn adds later is shown in its own words (and matches no role until one is seeded).
ROLES = {
    "ADMINISTRATOR": "Super admin",
    "CONTENT_ADMINISTRATOR": "Content admin",
    "CURATOR": "Curator",
    "ANALYST": "Analyst",
    "DIRECT_SPONSORED_CONTENT_POSTER": "Sponsored content poster",
    "LEAD_GEN_FORMS_MANAGER": "Lead gen forms manager",
    "RECRUITING_POSTER": "Recruiting poster",
    "LEAD_CAPTURE_ADMINISTRATOR": "Lead capture administrator",
}


def _failure(answer: Answer) -> ConnectorError:
    body = answer.body if isinstance(answer.body, Mapping) else {}
    detail = f"LinkedIn {answer.status}" + (
        f" (serviceErrorCode {body['serviceErrorCode']})" if "serviceErrorCode" in body else ""
    )
    if answer.status == 401:
        return ConnectorError(ConnectorFailure.EXPIRED_TOKEN, detail)
    if answer.status == 403:
        return ConnectorError(ConnectorFailure.PERMISSION_MISSING, detail)
    if answer.status == 404:
        return ConnectorError(ConnectorFailure.NOT_FOUND, detail)
    if answer.status == 429:
        return ConnectorError(
            ConnectorFailure.RATE_LIMITED, detail, retry_after=retry_after(answer.headers)
        )
    if answer.status >= 500:
        return ConnectorError(ConnectorFailure.UNREACHABLE, detail)
    return malformed(detail)


def _holder(element: Mapping) -> SeenHolder:
    urn, role = text(element, "roleAssignee"), text(element, "role")
    if not urn.startswith("urn:li:person:") or not role:
        raise malformed("an element without a person or a role")
    # LinkedIn names no one here: the person URN is the name until the match is confirmed.
    named = ROLES.get(role, role.replace("_", " ").capitalize())
    return SeenHolder(name=urn, role=named, external_id=urn)


def _page(token: str, organization: str, start: int) -> tuple[list[SeenHolder], int | None]:
    """One page of the list from `start`, and where the next page starts (None: the last)."""
    answer = get(
        URL,
        headers={
            "Authorization": f"Bearer {token}",
            "LinkedIn-Version": VERSION,
            "X-Restli-Protocol-Version": "2.0.0",
        },
        params={
            "q": "organization",
            "organization": organization,
            "state": "APPROVED",
            "start": start,
            "count": PAGE_SIZE,
        },
    )
    if answer.status != 200:
        raise _failure(answer)
    if not isinstance(answer.body, Mapping):
        raise malformed("the answer is not a JSON object")
    elements = records(answer.body.get("elements"), "elements")
    holders = [_holder(element) for element in elements if text(element, "state") == "APPROVED"]
    total = mapping(answer.body.get("paging")).get("total")
    following = start + len(elements)
    more = following < total if isinstance(total, int) else len(elements) == PAGE_SIZE
    return holders, following if more and elements else None


class LinkedInConnector:
    """Who holds a role on a LinkedIn Page, as its access control list says."""

    key = "linkedin"
    label = _("LinkedIn Pages (organization access control)")
    platforms = ("linkedin",)
    credential_fields = ("access_token",)

    def read(self, *, asset_id: str, credentials: Mapping[str, str], now: datetime) -> Reading:
        organization = (
            asset_id if asset_id.startswith("urn:li:") else f"urn:li:organization:{asset_id}"
        )
        holders: list[SeenHolder] = []
        start: int | None = 0
        for _page_number in range(PAGE_LIMIT):
            if start is None:
                break
            page, start = _page(credentials["access_token"], organization, start)
            holders.extend(page)
        return Reading(
            seen_at=now,
            holders=tuple(holders),
            source=self.key,
            details={"asset_id": organization},
        )


LINKEDIN = LinkedInConnector()
