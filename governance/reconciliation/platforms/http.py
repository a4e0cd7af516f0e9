"""What the API connectors share: one GET that fails as a ConnectorError, the platform's
Retry-After, and the holder's highest role.

Secrets: the access token travels in a request header, never in a URL (urllib3 logs URLs at
DEBUG level), and no message built here quotes a request, a URL or the platform's raw answer.
Errors are raised `from None`, so that no chained exception carries the request into a log.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import requests

from governance.reconciliation.connectors import ConnectorError, ConnectorFailure

logger = logging.getLogger(__name__)

TIMEOUT = (5, 30)  # seconds to connect, to read
PAGE_LIMIT = 100  # pages read at most from one list: a loop in a platform's paging stops here


@dataclass(frozen=True)
class Answer:
    status: int
    headers: Mapping[str, str]
    body: Any  # the parsed JSON document, or None when the answer was not JSON


def get(url: str, *, headers: Mapping[str, str], params: Mapping[str, Any] | None = None) -> Answer:
    """GET `url`; a network failure is UNREACHABLE (named by its kind only)."""
    try:
        response = requests.get(url, params=params, headers=dict(headers), timeout=TIMEOUT)
    except requests.RequestException as error:
        raise ConnectorError(ConnectorFailure.UNREACHABLE, type(error).__name__) from None
    try:
        body = response.json()
    except ValueError:
        body = None
    return Answer(response.status_code, response.headers, body)


def retry_after(headers: Mapping[str, str], *, now: datetime | None = None) -> int | None:
    """Seconds the platform asked to wait (RFC 9110 Retry-After: seconds or a date), or None."""
    value = (headers.get("Retry-After") or "").strip()
    if not value:
        return None
    if value.isdigit():
        return int(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0, int((when - (now or datetime.now(UTC))).total_seconds()))


def malformed(what: str) -> ConnectorError:
    return ConnectorError(ConnectorFailure.MALFORMED, what)


def text(item: Mapping[str, Any], key: str) -> str:
    """A string field of the platform's item, "" when absent or null; anything else is malformed."""
    value = item.get(key)
    if value is None:
        return ""
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return str(value)
    raise malformed(f"{key} is not a string")


def mapping(value: Any) -> Mapping[str, Any]:
    """A JSON object, or an empty one for null or anything else (its fields then read as absent)."""
    return value if isinstance(value, Mapping) else {}


def records(value: Any, what: str) -> list[Mapping[str, Any]]:
    """A list of JSON objects, or MALFORMED."""
    if not isinstance(value, list) or not all(isinstance(item, Mapping) for item in value):
        raise malformed(f"{what} is not a list of objects")
    return value


def highest(names: Iterable[str], ranking: Mapping[str, str]) -> str | None:
    """The platform role (`ranking` maps the platform's code to its role name, most privileged
    first) of the highest code among `names`; None when none is known."""
    given = set(names)
    return next((role for code, role in ranking.items() if code in given), None)


def from_millis(value: Any) -> datetime | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return datetime.fromtimestamp(value / 1000, tz=UTC)
