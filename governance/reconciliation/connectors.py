"""The platform connectors slot: what a connector reads and how it fails.

A connector reads, for one channel, who holds a role on it, in the platform's own words. It
only reads: it never writes to the database. What it returns (a `Reading`) goes to
`governance.reconciliation.services.observation_record`, the one entry point shared by every
connector (API or file), which records the observation and computes the findings.

The file connector has no `read`: it parses an uploaded file into the same `Reading`.

A connector that cannot read raises `ConnectorError` with a `ConnectorFailure`, so that the
channel shows a clear state ("the token expired") and nothing is half-written.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _

from core.registry import Registry


@dataclass(frozen=True)
class SeenHolder:
    """One person or account holding a role on the channel, as the platform lists them.

    `role` is the platform's own role name (matched to a PlatformRole of the channel's
    platform by name, case-insensitively); `external_id` the platform's user id when it gives
    one. Fields the platform does not say stay None."""

    name: str
    role: str
    external_id: str = ""
    email: str = ""
    two_factor: bool | None = None
    last_active_at: datetime | None = None
    invited_at: datetime | None = None  # set: a pending invitation, not yet accepted


@dataclass(frozen=True)
class Reading:
    """Everything a connector saw on one channel at `seen_at`: all its holders, complete."""

    seen_at: datetime
    holders: tuple[SeenHolder, ...]
    source: str  # the connector's key ("meta", "linkedin", …, "file")
    details: Mapping[str, str] = field(default_factory=dict)  # e.g. the asset id read


class ConnectorFailure(TextChoices):
    """Why a connector could not read; shown on the channel."""

    EXPIRED_TOKEN = "expired_token", _("The platform refused the credentials (expired or revoked)")
    PERMISSION_MISSING = (
        "permission_missing",
        _("The credentials lack a permission this reading needs"),
    )
    RATE_LIMITED = "rate_limited", _("The platform asked to slow down; the reading will be retried")
    MALFORMED = "malformed", _("The platform's answer was not what its documentation describes")
    UNREACHABLE = "unreachable", _("The platform could not be reached")
    NOT_FOUND = "not_found", _("The platform does not know this account, or no longer shares it")


class ConnectorError(Exception):
    """A reading that failed: `failure` says why, `detail` says more (never a secret),
    `retry_after` (seconds) when the platform said when to come back."""

    def __init__(
        self, failure: ConnectorFailure, detail: str = "", *, retry_after: int | None = None
    ):
        super().__init__(detail or str(failure.label))
        self.failure = failure
        self.detail = detail
        self.retry_after = retry_after


class Connector(Protocol):
    """A platform's reader. `key` is unique in the slot; `platforms` the Platform slugs it
    reads; `credential_fields` what an admin enters (each stored encrypted)."""

    key: str
    label: str
    platforms: tuple[str, ...]
    credential_fields: tuple[str, ...]

    def read(self, *, asset_id: str, credentials: Mapping[str, str], now: datetime) -> Reading: ...


platform_connectors: Registry[Connector] = Registry("platform connectors")
