"""Who may do what with webhooks: admins, in the Django admin."""

from __future__ import annotations

from accounts.rules import is_active_user


def may_manage_webhooks(user) -> bool:
    """Endpoints (where Gouvernail sends what, and to private addresses) and resending failed
    deliveries: staff only, as sign-in providers and SCIM tokens are."""
    return is_active_user(user) and user.is_staff
