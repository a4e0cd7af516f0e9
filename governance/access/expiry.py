"""A time-bound grant past its date ends: its access waits for revocation on the platform, and
whoever must act gets a task (it hands out tasks, so it sits above governance.actions)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from accounts.choices import ChangeAction
from accounts.history import history_bulk_record_changes
from governance import events
from governance.actions.models import Task
from governance.actions.services import tasks_create
from governance.choices import GrantStatus, RevocationReason, TaskKind, TaskOrigin
from governance.models import AccessGrant
from governance.responsibility import Responsibility


@transaction.atomic
def grants_expire(*, now: dt.datetime) -> int:
    """An expired grant becomes a revocation task for its channel's owner (set-based)."""
    today = timezone.localdate(now)
    grants = list(
        AccessGrant.objects.select_for_update(of=("self",))
        .filter(status=GrantStatus.ACTIVE, expires_on__lt=today)
        .select_related(
            "person", "role", "channel__business_owner__user", "channel__backup_owner__user"
        )
    )
    if not grants:
        return 0
    AccessGrant.objects.filter(pk__in=[g.pk for g in grants]).update(
        status=GrantStatus.REVOCATION_PENDING,
        revoked_at=now,
        revocation_reason=RevocationReason.EXPIRY,
    )
    for grant in grants:  # as the update left them, for the webhooks
        grant.status = GrantStatus.REVOCATION_PENDING
        grant.revocation_reason = RevocationReason.EXPIRY
    events.grants_expired(grants, now=now)
    history_bulk_record_changes(
        actor=None,
        entries=[
            (g, {"status": ["active", "revocation_pending"], "revocation_reason": [None, "expiry"]})
            for g in grants
        ],
        action=ChangeAction.UPDATE,
        message=gettext_noop("Expired"),
    )
    responsibility = Responsibility()
    due = today + dt.timedelta(days=settings.REVIEW_REMEDIATION_DAYS)
    tasks_create(
        actor=None,
        tasks=(
            Task(
                origin=TaskOrigin.EXPIRY,
                kind=TaskKind.REVOKE,
                channel=g.channel,
                grant=g,
                assignee=responsibility.for_channel(g.channel, subject=g.person),
                due_on=due,
            )
            for g in grants
        ),
        message=gettext_noop("Expired grant"),
    )
    return len(grants)
