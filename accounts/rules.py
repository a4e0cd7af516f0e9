"""Who a user is, for the rules of every app: active, read-only, managing, taking part.

Each app's `rules.py` builds its object rules on these and never on the groups directly, so a
person holding several roles is judged the same way everywhere:

- an *active* user is logged in with an account that is not deactivated;
- a *managing* user (an admin, or a governance lead) manages everything; a *lead* is a
  governance lead proper, who alone approves what the organisation publishes;
- a *read-only* user is an auditor who is neither a lead nor an admin: they read everything
  and write nothing, not even what they own or review;
- a lead who is also an auditor is a lead who also reads: for every write the lead role wins;
- a user *taking part* works in the social team (a managing user, or a team member who is not
  read-only): they ask for access, review, manage what they own.

Nobody acts on an item about themselves (their own access, request or departure): `is_subject`.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from accounts.models import Person
from accounts.roles import AUDITOR, GOVERNANCE_LEAD, TEAM_MEMBER, has_role


def is_active_user(user) -> bool:
    return bool(user.is_authenticated and user.is_active)


def is_managing(user) -> bool:
    """Admins and governance leads manage every channel, access, campaign, policy and audit."""
    return is_active_user(user) and (user.is_staff or has_role(user, GOVERNANCE_LEAD))


def is_lead(user) -> bool:
    """A governance lead (not merely an admin): the one who approves what the organisation says,
    such as a policy's new version."""
    return is_active_user(user) and has_role(user, GOVERNANCE_LEAD)


def is_read_only(user) -> bool:
    """An auditor without the lead role or staff reads everything and writes nothing."""
    return is_active_user(user) and has_role(user, AUDITOR) and not is_managing(user)


def sees_everything(user) -> bool:
    """Admins, leads and auditors read every channel, grant, review and audit."""
    return is_managing(user) or is_read_only(user)


def may_write(user) -> bool:
    """Active and not read-only: what such a user owns or is given, they may act on."""
    return is_active_user(user) and not is_read_only(user)


def takes_part(user) -> bool:
    """Managing users, and team members who are not read-only."""
    return is_managing(user) or (may_write(user) and has_role(user, TEAM_MEMBER))


def is_subject(user, person) -> bool:
    """The user is the person an item is about (their access, request or departure)."""
    return person is not None and user.pk is not None and person.user_id == user.pk


# The same rules as querysets, for choosing among many users in one query.


def governance_leads() -> QuerySet:
    """Active governance leads, in a stable order."""
    return (
        get_user_model().objects.filter(is_active=True, groups__name=GOVERNANCE_LEAD).order_by("pk")
    )


def read_only_users() -> QuerySet:
    return (
        get_user_model()
        .objects.filter(is_active=True, is_staff=False, groups__name=AUDITOR)
        .exclude(groups__name=GOVERNANCE_LEAD)
    )


def users_taking_part() -> QuerySet:
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_staff=True) | Q(groups__name__in=[GOVERNANCE_LEAD, TEAM_MEMBER]))
        .exclude(pk__in=read_only_users().values("pk"))
        .distinct()
    )


def may_choose_people(user) -> bool:
    """Who fills a form that names a person (a grant, an owner, an auditor, who takes over), and
    so may search the directory from it: those taking part, and whoever may write and owns or
    backs up a channel (they grant its access and name its owners). An auditor writes nothing."""
    if takes_part(user):
        return True
    # Across the reverse relations of a channel's owners: a query, not an import.
    return (
        may_write(user)
        and Person.objects.filter(user=user)
        .filter(Q(channels_owned__isnull=False) | Q(channels_backed_up__isnull=False))
        .exists()
    )


def may_choose_users(user) -> bool:
    """Who fills a form that names a user of Gouvernail (a review item handed to another
    reviewer), and so may search those taking part: those taking part, as every reviewer does."""
    return takes_part(user)


def may_choose_teams(user) -> bool:
    """Teams are a filter of the channel list, which every active user reads."""
    return is_active_user(user)


def may_manage_identity(user) -> bool:
    """Sign-in providers, group mappings and SCIM tokens: admins, in the Django admin. An identity
    provider's own calls are authorised by their SCIM token, never by a rule."""
    return is_active_user(user) and user.is_staff


def sees_all_history(user) -> bool:
    """Every history row, whatever its object: admins (the admin's history list), leads and
    auditors, who read every channel, grant, review and audit and must answer "who held admin
    on this channel on that date". Anyone else reads an object's history where a page shows it
    to them (`history_shown`)."""
    return sees_everything(user)
