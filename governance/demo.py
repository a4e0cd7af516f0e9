"""Demo access: grants across the channels, a few requests, and one off-boarding in progress."""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import Count
from django.utils import timezone

from accounts.choices import PersonStatus
from accounts.demo import Organisation
from accounts.models import Person
from channels_registry.choices import PrivilegeLevel
from channels_registry.models import Channel, PlatformRole
from governance.choices import AccessMethod, Decision, GrantStatus, RequestStatus, ReviewOutcome
from governance.models import AccessGrant, AccessRequest, AccessReview, Offboarding
from governance.services import (
    offboarding_start,
    review_close,
    review_create,
    review_item_decide,
    review_open,
)

# Each decision's comment says why (English, French): a revoked access never "still runs it".
REVIEW_COMMENTS = {
    Decision.KEEP: ("Still runs the account", "Gère toujours le compte"),
    Decision.REVOKE: ("No longer works on this channel", "Ne travaille plus sur ce canal"),
}


def build_access(org: Organisation, rng: random.Random) -> None:
    """Grants up to the organisation's size, then requests and one off-boarding (once)."""
    if AccessGrant.objects.exists():
        return
    today = timezone.localdate()
    channels = list(
        Channel.objects.exclude(status="archived").select_related("platform").order_by("pk")
    )
    if not channels:
        return
    roles: dict[int, list[PlatformRole]] = {}
    for role in PlatformRole.objects.order_by("order"):
        roles.setdefault(role.platform_id, []).append(role)
    people = [p for p in org.people if p.status == PersonStatus.ACTIVE]
    grants: list[AccessGrant] = []
    taken: set[tuple[int, int]] = set()
    # Enough grants that, once a few are revoked below, the active ones reach the size's count.
    target = org.size.grants + org.size.grants // 40 + 10
    per_channel = max(1, -(-target // len(channels)))
    for index, channel in enumerate(channels):
        platform_roles = roles.get(channel.platform_id, [])
        admin_roles = [r for r in platform_roles if r.privilege_level == PrivilegeLevel.ADMIN]
        holders = [channel.business_owner, channel.backup_owner]
        holders += rng.sample(people, min(per_channel + 4, len(people)))
        given = 0
        for position, person in enumerate(holders):
            if given >= per_channel or len(grants) >= target:
                break
            if (
                person is None
                or person.status != PersonStatus.ACTIVE
                or (person.pk, channel.pk) in taken
            ):
                continue
            taken.add((person.pk, channel.pk))
            given += 1
            if position < 2 and admin_roles and not (index % 6 == 0 and position == 1):
                role = admin_roles[0]
            else:
                role = rng.choice(platform_roles)
            partner = person.partner if person.partner_id else None
            expires = None
            if partner is not None:
                expires = partner.contract_end or today + dt.timedelta(days=90)
                if index % 9 == 0:
                    expires = today - dt.timedelta(
                        days=rng.randint(1, 20)
                    )  # expired, not yet revoked
            grants.append(
                AccessGrant(
                    channel=channel,
                    person=person,
                    role=role,
                    access_method=AccessMethod.SHARED
                    if channel.login_model == "shared"
                    else AccessMethod.PERSONAL,
                    justification=org.text("Agency campaign work", "Campagne de l'agence")
                    if partner
                    else org.text("Day-to-day publishing", "Publication au quotidien"),
                    expires_on=expires,
                    granted_at=timezone.now() - dt.timedelta(days=rng.randint(10, 900)),
                )
            )
    # A few revoked grants, so the register reads as a history.
    for grant in grants[: max(2, len(grants) // 40)]:
        grant.status = GrantStatus.REVOKED
        grant.revoked_at = timezone.now() - dt.timedelta(days=rng.randint(1, 60))
        grant.revocation_reason = "manual"
        grant.revocation_confirmed_at = grant.revoked_at
        grant.revocation_evidence = org.text(
            "Removed in the business manager.", "Retiré dans le gestionnaire d'entreprise."
        )
    # Partners' access that expired and nobody revoked yet: the registry flags it.
    for grant in [g for g in grants if g.person.partner_id and g.status == GrantStatus.ACTIVE][:2]:
        grant.expires_on = today - dt.timedelta(days=rng.randint(1, 20))
    AccessGrant.objects.bulk_create(grants, batch_size=1000)

    requester = next((p for p in people if p.email == "member@demo.gouvernail.test"), people[0])
    owned = [
        c
        for c in channels
        if c.business_owner and c.business_owner.email == "owner@demo.gouvernail.test"
    ]
    others = [c for c in channels if c not in owned]
    requests = []
    for channel in [c for c in owned + others if (requester.pk, c.pk) not in taken][:3]:
        role = roles[channel.platform_id][-1]
        requests.append(
            AccessRequest(
                channel=channel,
                person=requester,
                role=role,
                reason=org.text(
                    "I reply to comments on this channel.",
                    "Je réponds aux commentaires sur ce canal.",
                ),
                requested_by=requester.user or org.accounts["member@demo.gouvernail.test"],
                status=RequestStatus.PENDING,
            )
        )
    AccessRequest.objects.bulk_create(requests)

    if not Offboarding.objects.exists():
        # The person holding the most access leaves in ten days; the lead starts it.
        busiest = (
            AccessGrant.objects.filter(
                status="active", person__user__isnull=True, person__partner__isnull=True
            )
            .values("person")
            .annotate(n=Count("pk"))
            .order_by("-n")
            .first()
        )
        if busiest:
            offboarding_start(
                actor=org.accounts["lead@demo.gouvernail.test"],
                person=Person.objects.get(pk=busiest["person"]),
                last_day=today + dt.timedelta(days=10),
                reason=org.text("Joins another company", "Rejoint une autre entreprise"),
            )


def build_reviews(org: Organisation, rng: random.Random) -> None:
    """One closed campaign with its evidence and one open campaign half decided (once)."""

    if AccessReview.objects.exists() or not AccessGrant.objects.exists():
        return
    lead = org.accounts["lead@demo.gouvernail.test"]
    today = timezone.localdate()
    closed = review_create(
        actor=lead,
        name=org.text(
            "Partners' access — last quarter", "Accès des partenaires — trimestre dernier"
        ),
        scope_partners_only=True,
        due_on=today + dt.timedelta(days=1),
        default_outcome=ReviewOutcome.REVOKE,
    )
    review_open(actor=lead, review=closed)
    for item in list(closed.items.select_related("reviewer"))[::2]:
        if item.reviewer is not None:
            review_item_decide(
                actor=item.reviewer,
                item=item,
                decision=Decision.KEEP,
                comment=org.text("Campaign still running", "Campagne toujours en cours"),
            )
    review_close(actor=lead, review=closed)

    current = review_create(
        actor=lead,
        name=org.text("Quarterly review — admins", "Revue trimestrielle — administrateurs"),
        scope_privilege_level="admin",
        due_on=today + dt.timedelta(days=21),
        default_outcome=ReviewOutcome.KEEP_AND_FLAG,
        repeat_every_months=3,
    )
    review_open(actor=lead, review=current)
    items = list(current.items.select_related("reviewer"))
    for item in items[: len(items) // 2]:
        if item.reviewer is not None:
            decision = Decision.KEEP if rng.random() < 0.8 else Decision.REVOKE
            review_item_decide(
                actor=item.reviewer,
                item=item,
                decision=decision,
                comment=org.text(*REVIEW_COMMENTS[decision]),
            )
