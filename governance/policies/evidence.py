"""The acknowledgement evidence of a policy, as the rows of a CSV an auditor reads."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from governance.models import Acknowledgement, Policy
from governance.policies.audience import accepted_current, members_of

# Each row's person: (name, e-mail, team, partner), read as plain values (no model per row).
PERSON = ("person__first_name", "person__last_name", "person__email")


def _row(policy, version, person, status, acknowledged_at="", recorded_by="", evidence=""):
    """One line of the evidence: `version` is (number, published at, as written), `person`
    (first name, last name, e-mail, team, partner), `acknowledged_at` as written."""
    first, last, email, team, partner = person
    return [
        policy.title,
        version[0],
        version[1],
        f"{first} {last}".strip(),
        email,
        team or "",
        partner or "",
        status,
        acknowledged_at,
        recorded_by or "",
        evidence,
    ]


def _moment(moment, zone, timespec: str) -> str:
    """A time in the reader's zone (`zone`: read once, not per row), as ISO 8601."""
    return moment.astimezone(zone).isoformat(timespec=timespec) if moment else ""


def _header() -> list:
    return [
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


def acknowledgement_rows(policy: Policy) -> Iterator[list]:
    """Every acknowledgement of every version, then who in today's audience has not accepted the
    current one (unless nobody is asked any more). Rows are read in chunks as they are written:
    the first line leaves before the last acknowledgement is read, and who is pending is worked
    out only once the acknowledgements are out."""
    yield _header()
    zone = timezone.get_current_timezone()
    versions = {
        pk: (number, _moment(published, zone, "minutes"))
        for pk, number, published in policy.versions.order_by().values_list(
            "pk", "number", "published_at"
        )
    }
    acknowledgements = (
        Acknowledgement.objects.filter(version__policy=policy)
        .order_by("-version__number", "person__last_name", "person__first_name")
        .values_list(
            "version_id",
            *PERSON,
            "person__team__name",
            "person__partner__name",
            "acknowledged_at",
            "recorded_by__email",
            "evidence",
        )
    )
    accepted = _("Accepted")
    for version, first, last, email, team, partner, at, by, evidence in acknowledgements.iterator(
        chunk_size=2000
    ):
        yield _row(
            policy,
            versions[version],
            (first, last, email, team, partner),
            accepted,
            _moment(at, zone, "seconds"),
            by,
            evidence,
        )
    if not (policy.current_version_id and policy.acknowledgement_required) or policy.archived_at:
        return
    not_yet, current = _("Not yet accepted"), versions[policy.current_version_id]
    people = (
        members_of(policy)
        .exclude(pk__in=accepted_current(policy))
        .order_by("last_name", "first_name", "pk")
        .values_list("first_name", "last_name", "email", "team__name", "partner__name")
    )
    for person in people.iterator(chunk_size=2000):
        yield _row(policy, current, person, not_yet)
