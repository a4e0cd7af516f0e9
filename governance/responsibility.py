"""Who must act on an item about a person, on a channel: the one rule of "next in line".

The channel's business owner, else its backup owner, else a governance lead, else an admin;
never the person the item is about (nobody reviews or revokes their own access, nor hands over
their own departure), never a leaver handing over their work, and never someone who could not
act on it: without a login, deactivated, or read-only (an auditor). Campaign opening and
closing, off-boarding, its hand-over, expired grants and the reminders all ask it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from accounts.rules import governance_leads, read_only_users

User = get_user_model()


def fallback_users() -> list:
    """Governance leads first, then admins: someone must act when a lead is the one concerned."""
    first = list(governance_leads())
    admins = [
        u
        for u in User.objects.filter(is_active=True, is_staff=True).order_by("pk")
        if u not in first
    ]
    return first + admins


@dataclass(frozen=True)
class Excluded:
    """The Persons never chosen (by their ids), and their users."""

    people: frozenset
    users: frozenset

    @classmethod
    def of(cls, *persons) -> Excluded:
        present = [p for p in persons if p is not None]
        return cls(frozenset(p.pk for p in present), frozenset(p.user_id for p in present) - {None})

    @classmethod
    def ids(cls, person_id, user_id) -> Excluded:
        return cls(frozenset({person_id}), frozenset({user_id}) - {None})


class Responsibility:
    """Resolves the responsible user of many items with two queries in all (the fallback users
    and the read-only ones), whatever the number of items.

    Channels must come with `business_owner__user` and `backup_owner__user` selected.
    """

    def __init__(self) -> None:
        self._fallback = fallback_users()
        self._read_only = set(read_only_users().values_list("pk", flat=True))

    def may_act(self, person_id, user_id, active, *, excluded: Excluded) -> bool:
        """A candidate (a Person, by its id, its user's id and whether that user is active)
        logs in, may write, and is not excluded."""
        return (
            person_id is not None
            and user_id is not None
            and bool(active)
            and user_id not in self._read_only
            and person_id not in excluded.people
            and user_id not in excluded.users
        )

    def fallback(self, *, excluded: Excluded):
        """The first lead, else admin, who is not excluded."""
        return next((u for u in self._fallback if u.pk not in excluded.users), None)

    def for_channel(self, channel, *, subject, leaver=None):
        """The user who must act on an item about `subject` (a Person) on `channel`, or None;
        `leaver` (a Person handing over their work) is never chosen either."""
        excluded = Excluded.of(subject, leaver)
        for person in (channel.business_owner, channel.backup_owner):
            if person is None or person.user_id is None:
                continue
            if self.may_act(person.pk, person.user_id, person.user.is_active, excluded=excluded):
                return person.user
        return self.fallback(excluded=excluded)
