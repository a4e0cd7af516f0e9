"""Risk flags, computed by the database as annotations so lists filter and sort by them.

A flag is one entry: a key, words for people, and a condition on a Channel queryset. Upper apps
(the single-admin flag comes with access grants) add theirs with `register_risk_flag`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.choices import PersonStatus
from channels_registry.choices import LIVE_STATUSES, LoginModel, TwoFactorMethod, TwoFactorStatus
from core.registry import Registry

GONE = (PersonStatus.LEAVING, PersonStatus.LEFT)


@dataclass(frozen=True)
class RiskFlag:
    key: str
    label: Promise
    explanation: Promise
    remedy: Promise
    condition: Callable[[dt.date], Q]

    @property
    def field(self) -> str:
        return f"risk_{self.key}"


def _personal_recovery_email(today: dt.date) -> Q:
    domains = settings.ORGANISATION_EMAIL_DOMAINS
    if not domains:
        return Q(pk__in=[])
    ours = reduce(or_, (Q(recovery_email__iendswith="@" + d) for d in domains))
    return ~Q(recovery_email="") & ~ours


def _stale_shared_password(today: dt.date) -> Q:
    limit = today - dt.timedelta(days=settings.PASSWORD_ROTATION_DAYS)
    return Q(login_model=LoginModel.SHARED) & (
        Q(password_rotated_on__isnull=True) | Q(password_rotated_on__lt=limit)
    )


# Codes that a SIM swap or a taken-over mailbox hands to someone else.
WEAK_SECOND_FACTORS = (TwoFactorMethod.SMS, TwoFactorMethod.EMAIL)


def _dormant_too_long(today: dt.date) -> Q:
    limit = today - dt.timedelta(days=settings.DORMANT_FLAG_DAYS)
    return Q(status="dormant") & (Q(dormant_since__isnull=True) | Q(dormant_since__lt=limit))


_BUILT_IN = [
    RiskFlag(
        "no_backup",
        _("No backup owner"),
        _("Nobody can take over this channel if its business owner is away or leaves."),
        _("Name a backup owner, someone other than the business owner."),
        lambda today: Q(backup_owner__isnull=True),
    ),
    RiskFlag(
        "owner_gone",
        _("Owner leaving or gone"),
        _("The business owner or the backup owner has left the organisation or is leaving."),
        _("Hand the channel over to someone who stays, then update its owners."),
        lambda today: Q(business_owner__status__in=GONE) | Q(backup_owner__status__in=GONE),
    ),
    RiskFlag(
        "two_factor_off",
        _("2FA off or unknown"),
        _("Anyone with the password can log in: two-factor authentication is off or nobody knows."),
        _(
            "Turn on two-factor authentication, preferably with an authenticator app or a security key."
        ),
        lambda today: Q(two_factor_status__in=[TwoFactorStatus.OFF, TwoFactorStatus.UNKNOWN]),
    ),
    RiskFlag(
        "two_factor_device",
        _("2FA device held by a leaver or nobody"),
        _("The second factor is on a device nobody holds, or held by someone leaving or gone."),
        _("Move the second factor to a device held by a current owner and record who holds it."),
        lambda today: (
            Q(two_factor_status=TwoFactorStatus.ON)
            & (Q(two_factor_holder__isnull=True) | Q(two_factor_holder__status__in=GONE))
        ),
    ),
    RiskFlag(
        "weak_second_factor",
        _("SMS or e-mail as second factor"),
        _(
            "The second factor of the account that administers this channel is a code sent by SMS "
            "or e-mail: a SIM swap or a taken-over mailbox is enough to get in."
        ),
        _(
            "Switch the second factor to an authenticator app or a security key held by a current "
            "owner, then record the method and its holder."
        ),
        lambda today: (
            Q(two_factor_status=TwoFactorStatus.ON) & Q(two_factor_method__in=WEAK_SECOND_FACTORS)
        ),
    ),
    RiskFlag(
        "recovery_phone_gone",
        _("Recovery phone held by a leaver"),
        _(
            "The phone that can recover this account belongs to someone who has left the "
            "organisation or is leaving: they could take the account back, or it cannot be recovered."
        ),
        _(
            "Put a phone held by a current owner on the account for recovery, and record its holder."
        ),
        lambda today: Q(recovery_phone_holder__status__in=GONE),
    ),
    RiskFlag(
        "personal_recovery_email",
        _("Personal recovery e-mail"),
        _("Account recovery goes to an address outside the organisation's domains."),
        _("Change the recovery e-mail to a shared address on the organisation's domain."),
        _personal_recovery_email,
    ),
    RiskFlag(
        "stale_password",
        _("Shared password not rotated"),
        _(
            "Several people share this password and it has not been changed within the rotation period."
        ),
        _("Rotate the password, store it in the vault, and record the date."),
        _stale_shared_password,
    ),
    RiskFlag(
        "shared_without_vault",
        _("Shared login outside the vault"),
        _(
            "Several people share this login, but nothing says where its credentials are kept: "
            "they may be in a spreadsheet, a chat or one person's memory."
        ),
        _(
            "Store the credentials in the organisation's vault and record the entry's reference "
            "(never the password itself)."
        ),
        lambda today: Q(login_model=LoginModel.SHARED) & Q(credentials_vault_ref=""),
    ),
    RiskFlag(
        "dormant",
        _("Dormant too long"),
        _("The channel has been dormant for longer than the allowed period."),
        _("Revive it with a plan, or archive it and keep the handle reserved."),
        _dormant_too_long,
    ),
]


# The flags this app computes; upper apps register theirs (a single admin, expired access).
risk_flags: Registry[RiskFlag] = Registry("risk flags")
for _flag in _BUILT_IN:
    risk_flags.register(_flag)


def annotate_risks(queryset: QuerySet, today: dt.date | None = None) -> QuerySet:
    """Add a boolean `risk_<key>` per flag and `risk_count`; only live channels carry risk."""
    today = today or timezone.localdate()
    live = Q(status__in=LIVE_STATUSES)
    annotations = {
        flag.field: ExpressionWrapper(live & flag.condition(today), output_field=BooleanField())
        for flag in risk_flags
    }
    queryset = queryset.annotate(**annotations)
    total = sum(
        (
            Case(
                When(live & flag.condition(today), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
        for flag in risk_flags
    )
    return queryset.annotate(risk_count=total)


def filter_by_risk(queryset: QuerySet, key: str, today: dt.date | None = None) -> QuerySet:
    flag = risk_flags.get(key)
    if flag is None:
        return queryset.none()
    return queryset.filter(
        Q(status__in=LIVE_STATUSES) & flag.condition(today or timezone.localdate())
    )


def flags_of(channel) -> list[RiskFlag]:
    """The flags raised on an annotated channel."""
    return [flag for flag in risk_flags if getattr(channel, flag.field, False)]


def risk_counts(queryset: QuerySet, today: dt.date | None = None) -> dict[str, int]:
    """Live channels per flag, in one query."""
    today = today or timezone.localdate()
    live = Q(status__in=LIVE_STATUSES)
    return queryset.aggregate(
        **{flag.key: Count("pk", filter=live & flag.condition(today)) for flag in risk_flags}
    )
