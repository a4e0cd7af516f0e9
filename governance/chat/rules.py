"""Who may see a team's page and set where its members' urgent notices go in chat."""

from __future__ import annotations

from accounts.rules import is_managing, sees_everything


def may_see_team(user) -> bool:
    """Leads, admins and auditors see every team (and whether it has a chat)."""
    return sees_everything(user)


def may_set_team_chat(user) -> bool:
    """Leads and admins choose, change or remove a team's chat; auditors never."""
    return is_managing(user)
