"""Writes of the governance app: access grants and requests, off-boarding."""

from governance.services.grants import (
    grant_change_role,
    grant_confirm_revocation,
    grant_create,
    grant_revoke,
)
from governance.services.offboarding import (
    offboarding_deactivate_due,
    offboarding_import,
    offboarding_start,
    offboarding_task_confirm,
)
from governance.services.requests import request_approve, request_create, request_refuse

__all__ = [
    "grant_change_role",
    "grant_confirm_revocation",
    "grant_create",
    "grant_revoke",
    "offboarding_deactivate_due",
    "offboarding_import",
    "offboarding_start",
    "offboarding_task_confirm",
    "request_approve",
    "request_create",
    "request_refuse",
]
