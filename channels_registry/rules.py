"""Who sees, creates, edits and archives channels: the one place these rules live.

They rest on the shared notion of an active, read-only and managing user (accounts.rules).
Upper apps widen what a team member sees (e.g. channels they hold access to) by registering a
rule in AppConfig.ready(); this app never imports them.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import models
from django.db.models import Q

from accounts.rules import is_active_user, is_managing, may_write, sees_everything, takes_part
from core.registry import Registry, by_name

# A rule widens what a team member sees; it must be a `pk__in` subquery, not a join.
VisibilityRule = Callable[[object], Q]
visibility_rules: Registry[VisibilityRule] = Registry("channel visibility rules", key=by_name)


def _owned_by(user) -> Q:
    return Q(business_owner__user=user) | Q(backup_owner__user=user)


class ChannelQuerySet(models.QuerySet):
    def visible_to(self, user) -> ChannelQuerySet:
        if sees_everything(user):
            return self
        if not is_active_user(user):
            return self.none()
        condition = _owned_by(user)
        for rule in visibility_rules:
            condition |= rule(user)
        # Rules are subqueries (pk__in …), so no join multiplies the rows.
        return self.filter(condition)

    def editable_by(self, user) -> ChannelQuerySet:
        if is_managing(user):
            return self
        if not may_write(user):
            return self.none()
        return self.filter(_owned_by(user))


def owns(user, channel) -> bool:
    """The user is the channel's business owner or its backup owner."""
    return is_active_user(user) and user.pk in {
        getattr(channel.business_owner, "user_id", None),
        getattr(channel.backup_owner, "user_id", None),
    }


def may_edit_any(user) -> bool:
    """Leads and admins edit every channel, and may name owners other than themselves."""
    return is_managing(user)


def may_create(user) -> bool:
    """Leads, admins and team members register channels; auditors never."""
    return takes_part(user)


def may_choose_channels(user) -> bool:
    """Who fills a form that names channels (a request for access, a crisis contact, an audit's
    channels), and so may search the channels from it: those taking part, as they may ask for
    access to any."""
    return takes_part(user)


def may_filter_by_owner(user) -> bool:
    """The channel list's owner filter offers only the owners of the channels the user sees."""
    return is_active_user(user)


def may_import(user) -> bool:
    return is_managing(user)


def may_edit(user, channel) -> bool:
    """Leads, admins and the channel's owners edit it; auditors never do, even what they own."""
    return is_managing(user) or (may_write(user) and owns(user, channel))


def may_archive(user, channel) -> bool:
    """Leads, admins and the channel's business owner (not its backup) archive it."""
    if is_managing(user):
        return True
    return may_edit(user, channel) and getattr(channel.business_owner, "user_id", None) == user.pk
