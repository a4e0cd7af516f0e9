"""Who may record what a platform shows and act on the drift it reveals: the one place these
rules live. Everyone who sees a channel sees its Platform tab."""

from __future__ import annotations

from accounts.rules import is_managing, is_subject, may_write
from governance.rules import may_manage_access


def may_record_observation(user, channel) -> bool:
    """Leads, admins and the channel's owners upload what the platform's settings screen shows;
    auditors never."""
    return may_manage_access(user, channel)


def may_act_on_finding(user, finding) -> bool:
    """Those who manage the channel's access act on its findings, never on one about themselves."""
    return may_manage_access(user, finding.channel) and not is_subject(user, finding.person)


def may_confirm_match(user) -> bool:
    """A lead (or an admin) says once who a holder seen on a platform is."""
    return is_managing(user) and may_write(user)


def may_sync_now(user, channel) -> bool:
    """A lead (or an admin) has a channel's platform read now, out of schedule (the channel's
    owners wait for the daily reading: each reading spends the platform's rate limit)."""
    return is_managing(user) and may_write(user)
