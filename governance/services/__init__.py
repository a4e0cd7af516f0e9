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
from governance.services.reminders import reminder_preference_set
from governance.services.requests import request_approve, request_create, request_refuse
from governance.services.reviews import (
    review_close,
    review_create,
    review_item_decide,
    review_item_reassign,
    review_items_bulk_decide,
    review_items_submit,
    review_open,
    reviews_close_due,
    reviews_open_recurring,
)

__all__ = [
    "grant_change_role",
    "grant_confirm_revocation",
    "grant_create",
    "grant_revoke",
    "offboarding_deactivate_due",
    "offboarding_import",
    "offboarding_start",
    "offboarding_task_confirm",
    "reminder_preference_set",
    "request_approve",
    "request_create",
    "request_refuse",
    "review_close",
    "review_create",
    "review_item_decide",
    "review_item_reassign",
    "review_items_bulk_decide",
    "review_items_submit",
    "review_open",
    "reviews_close_due",
    "reviews_open_recurring",
]
