"""Writes of the governance app: access, off-boarding, reviews, reminders and policies."""

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
from governance.services.policies import (
    crisis_contact_add,
    crisis_contact_retire,
    crisis_contact_update,
    policy_acknowledge,
    policy_acknowledge_for,
    policy_archive,
    policy_create,
    policy_update,
    policy_version_draft,
    policy_version_publish,
    policy_version_update,
)
from governance.services.reminders import reminder_preference_set, reminders_retry
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
    "crisis_contact_add",
    "crisis_contact_retire",
    "crisis_contact_update",
    "grant_change_role",
    "grant_confirm_revocation",
    "grant_create",
    "grant_revoke",
    "offboarding_deactivate_due",
    "offboarding_import",
    "offboarding_start",
    "offboarding_task_confirm",
    "policy_acknowledge",
    "policy_acknowledge_for",
    "policy_archive",
    "policy_create",
    "policy_update",
    "policy_version_draft",
    "policy_version_publish",
    "policy_version_update",
    "reminder_preference_set",
    "reminders_retry",
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
