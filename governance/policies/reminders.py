"""The reminder kind for policies: each person of an audience accepts the current version."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Person
from governance.models import Policy
from governance.policies.audience import Audiences
from governance.reminders.models import ReminderStage
from governance.reminders.registry import DueItem, ReminderKind


def _acknowledgement_line(params: dict) -> str:
    return gettext("Read and accept “%(policy)s” (version %(number)s)") % params


def _pending_acknowledgements(now, recipient=None):
    """One item per current version and person who has not accepted it, due N days after the
    publication (or after the day the person joined the audience, when that is later)."""
    policies = list(
        Policy.objects.filter(
            acknowledgement_required=True, archived_at__isnull=True, current_version__isnull=False
        ).select_related("current_version")
    )
    if not policies:
        return
    person_ids = None
    if recipient is not None:
        person_ids = list(Person.objects.filter(user=recipient).values_list("pk", flat=True))
        if not person_ids:
            return
    audiences = Audiences(policies, person_ids=person_ids)
    days = dt.timedelta(days=settings.POLICY_ACKNOWLEDGEMENT_DAYS)
    for policy in policies:
        version = policy.current_version
        published = timezone.localdate(version.published_at)
        url = reverse("policies:detail", args=[policy.pk])
        params = {"policy": policy.title, "number": version.number}
        for person_id in sorted(audiences.pending(policy)):
            user_id = audiences.user_of(person_id)
            if user_id is None:
                continue
            since = audiences.addressed_since(policy, person_id)
            start = max(published, timezone.localdate(since)) if since else published
            yield DueItem(version.pk, user_id, params, url, start + days, _acknowledgement_line)


POLICY_ACKNOWLEDGEMENT = ReminderKind(
    "policy_acknowledgement",
    _("Policies to acknowledge"),
    _pending_acknowledgements,
    _acknowledgement_line,
    escalates_to_leads=False,
    urgent_stages=(ReminderStage.ASSIGNED,),
    order=50,
)
