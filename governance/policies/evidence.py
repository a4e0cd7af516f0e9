"""The acknowledgement evidence of a policy, as the rows of a CSV an auditor reads."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from governance.models import Acknowledgement, Policy
from governance.policies.audience import Audiences
from governance.policies.selectors import audience_people


def _row(policy, version, person, status, acknowledged_at=None, recorded_by=None, evidence=""):
    return [
        policy.title,
        version.number,
        timezone.localtime(version.published_at).isoformat(timespec="minutes"),
        person.full_name,
        person.email,
        person.team.name if person.team else "",
        person.partner.name if person.partner else "",
        status,
        timezone.localtime(acknowledged_at).isoformat(timespec="seconds")
        if acknowledged_at
        else "",
        recorded_by.email if recorded_by else "",
        evidence,
    ]


def acknowledgement_rows(policy: Policy) -> Iterator[list]:
    """Every acknowledgement of every version, then who in today's audience has not accepted the
    current one (unless nobody is asked any more)."""
    asking = policy.current_version and policy.acknowledgement_required and not policy.archived_at
    pending = audience_people(policy, Audiences([policy]).pending(policy)) if asking else []
    yield [
        _("Policy"),
        _("Version"),
        _("Published"),
        _("Person"),
        _("E-mail"),
        _("Team"),
        _("Partner"),
        _("Status"),
        _("Acknowledged at"),
        _("Recorded by"),
        _("Evidence"),
    ]
    acknowledgements = (
        Acknowledgement.objects.filter(version__policy=policy)
        .select_related("version", "person__team", "person__partner", "recorded_by")
        .order_by("-version__number", "person__last_name", "person__first_name")
    )
    accepted = _("Accepted")
    for ack in acknowledgements.iterator(chunk_size=2000):
        yield _row(
            policy,
            ack.version,
            ack.person,
            accepted,
            ack.acknowledged_at,
            ack.recorded_by,
            ack.evidence,
        )
    not_yet = _("Not yet accepted")
    for person in pending:
        yield _row(policy, policy.current_version, person, not_yet)
