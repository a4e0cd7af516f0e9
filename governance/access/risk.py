"""Risk flags that need the access register: they join the registry's through its registry."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from channels_registry.choices import PrivilegeLevel
from channels_registry.risk import RiskFlag
from governance.choices import GrantStatus
from governance.models import AccessGrant


def _single_admin(today) -> Q:
    covered = (
        AccessGrant.objects.filter(
            status=GrantStatus.ACTIVE, role__privilege_level=PrivilegeLevel.ADMIN
        )
        .values("channel_id")
        .annotate(admins=Count("pk"))
        .filter(admins__gte=2)
        .values("channel_id")
    )
    return ~Q(pk__in=covered)


def _expired_grants(today) -> Q:
    return Q(pk__in=AccessGrant.objects.expired(today).values("channel_id"))


FLAGS = (
    RiskFlag(
        "single_admin",
        _("Fewer than two admins"),
        _(
            "Fewer than two people hold admin access: if one is away or leaves, nobody can manage the account."
        ),
        _("Grant an admin-level role to a second trusted person, ideally the backup owner."),
        _single_admin,
    ),
    RiskFlag(
        "expired_access",
        _("Expired access not revoked"),
        _("Someone still holds access whose expiry date has passed."),
        _("Revoke the expired access on the platform, or extend it with a new justification."),
        _expired_grants,
    ),
)
