"""Risk flags that need the access register: they join the registry's through its registry."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.db.models.lookups import LessThan
from django.utils.translation import gettext_lazy as _

from channels_registry.choices import PrivilegeLevel
from channels_registry.risk import RiskFlag
from governance.choices import GrantStatus
from governance.models import AccessGrant


def _single_admin(today) -> Q:
    # Counted per channel (the (status, channel) index finds its grants): a list page asks for its
    # fifty rows only, where one count of every channel's admins would read every grant.
    admins = (
        AccessGrant.objects.filter(
            channel=OuterRef("pk"),
            status=GrantStatus.ACTIVE,
            role__privilege_level=PrivilegeLevel.ADMIN,
        )
        .order_by()
        .values("channel")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Q(LessThan(Coalesce(Subquery(admins), 0), 2))


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
