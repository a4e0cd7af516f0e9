"""Who may configure the identity side (sign-in providers, group mappings, SCIM tokens): admins,
in the Django admin. A provider's own calls are authorised by their SCIM token, never by a rule."""

from __future__ import annotations

from accounts.rules import is_active_user


def may_manage_identity(user) -> bool:
    return is_active_user(user) and user.is_staff
