"""Who must act for a channel: its business owner, else its backup owner, else a lead."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from accounts.roles import GOVERNANCE_LEAD

User = get_user_model()


def governance_leads():
    return User.objects.filter(is_active=True, groups__name=GOVERNANCE_LEAD).order_by("pk")


def fallback_users() -> list:
    """Governance leads first, then admins: someone must act when a lead is the one concerned."""
    leads = list(governance_leads())
    admins = [
        u
        for u in User.objects.filter(is_active=True, is_staff=True).order_by("pk")
        if u not in leads
    ]
    return leads + admins


class Responsibility:
    """Resolves the responsible user of many channels with one query for the leads.

    Channels must come with `business_owner__user` and `backup_owner__user` selected.
    `excluding` (a Person) is never chosen: nobody acts on their own access or departure.
    """

    def __init__(self, excluding=None) -> None:
        self.excluding = excluding
        self._leads = fallback_users()

    def _usable(self, person, excluding):
        if person is None or (excluding is not None and person.pk == excluding.pk):
            return None
        user = person.user if person.user_id else None
        return user if user is not None and user.is_active else None

    def for_channel(self, channel, excluding=None):
        """The responsible user; `excluding` (a Person) overrides the one given at creation."""
        excluding = excluding or self.excluding
        return (
            self._usable(channel.business_owner, excluding)
            or self._usable(channel.backup_owner, excluding)
            or self.lead(excluding)
        )

    def lead(self, excluding=None):
        excluded_user = getattr(excluding or self.excluding, "user_id", None)
        return next((lead for lead in self._leads if lead.pk != excluded_user), None)
