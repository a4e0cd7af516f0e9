"""Each one-step remedy of a finding: it goes through the register's own service, writes its
history, and the finding resolves because the register now agrees with the platform."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import ObjectChange
from governance import services as governance_services
from governance.choices import GrantStatus, TaskOrigin
from governance.models import AccessGrant, Task
from governance.reconciliation import remedies
from governance.reconciliation.choices import FindingKind, MatchedBy
from governance.reconciliation.models import DriftFinding, HolderMatch
from governance.reconciliation.services import observation_record
from tests.factories import ChannelFactory, GrantFactory, PersonFactory, role
from tests.governance.reconciliation.helpers import ADMIN, CONTENT, NOW, of, reading, seen

pytestmark = pytest.mark.django_db
LATER = NOW + dt.timedelta(days=1)


@pytest.fixture
def channel(personas):
    channel = ChannelFactory(name="Acme FR", business_owner=personas.owner.person)
    for person in (channel.business_owner, channel.backup_owner):
        GrantFactory(channel=channel, person=person, role=role("facebook", "admin"))
    return channel


def _record(actor, channel, *holders, at=NOW):
    owners = [of(channel.business_owner), of(channel.backup_owner)]
    return observation_record(
        actor=actor, channel=channel, reading=reading(*owners, *holders, at=at), now=at
    )


def _finding(kind) -> DriftFinding:
    return DriftFinding.objects.open().get(kind=kind)


def test_record_the_grant_of_a_known_person(personas, channel):
    newcomer = PersonFactory()
    observation = _record(personas.owner, channel, of(newcomer, CONTENT))
    finding = _finding(FindingKind.UNKNOWN_HOLDER)
    grant = remedies.finding_grant_record(actor=personas.owner, finding=finding, now=LATER)
    assert (grant.person, grant.role.name, grant.granted_by) == (newcomer, CONTENT, personas.owner)
    assert f"observation {observation.pk}, file" in grant.justification
    assert ObjectChange.objects.for_object(grant).exists()
    finding.refresh_from_db()
    assert finding.resolved_at == LATER
    assert ObjectChange.objects.for_object(finding).filter(action="update").exists()


def test_a_holder_nobody_matched_is_said_once_and_remembered(personas, channel):
    agency = PersonFactory(first_name="Ada", last_name="Agency")
    _record(personas.owner, channel, seen("A. Agency", CONTENT, external_id="777"))
    finding = _finding(FindingKind.UNKNOWN_HOLDER)
    with pytest.raises(ValidationError, match="Say first who"):
        remedies.finding_grant_record(actor=personas.owner, finding=finding, now=LATER)
    with pytest.raises(PermissionDenied):
        remedies.holder_match_confirm(
            actor=personas.owner, holder=finding.holder, person=agency, now=LATER
        )
    remedies.holder_match_confirm(
        actor=personas.lead, holder=finding.holder, person=agency, now=LATER
    )
    assert HolderMatch.objects.get().person == agency
    finding.refresh_from_db()
    assert finding.resolved_at == LATER  # the anonymous subject became a person
    by_person = _finding(FindingKind.UNKNOWN_HOLDER)
    assert by_person.person == agency and by_person.holder.matched_by == MatchedBy.PLATFORM_ID
    remedies.finding_grant_record(actor=personas.owner, finding=by_person, now=LATER)
    # The next reading matches the platform id by itself: nothing differs any more.
    second = _record(
        personas.owner, channel, seen("A. Agency", CONTENT, external_id="777"), at=LATER
    )
    assert second.holders.get(external_id="777").person == agency
    assert not DriftFinding.objects.open().exists()


def test_start_the_revocation_of_a_leaver_then_confirm_it(personas, channel):
    leaver = PersonFactory(status="left", end_date=NOW.date())
    grant = GrantFactory(channel=channel, person=leaver)
    _record(personas.owner, channel, of(leaver, CONTENT))
    finding = _finding(FindingKind.HOLDER_GONE)
    task = remedies.finding_revocation_start(actor=personas.owner, finding=finding, now=LATER)
    assert (task.origin, task.grant, task.assignee) == (TaskOrigin.DRIFT, grant, personas.owner)
    assert task.due_on == dt.date(2026, 3, 20) and task.subject == leaver
    grant.refresh_from_db()
    assert grant.status == GrantStatus.REVOCATION_PENDING and grant.revocation_reason == "drift"
    with pytest.raises(ValidationError, match="already open"):
        remedies.finding_revocation_start(actor=personas.owner, finding=finding, now=LATER)
    governance_services.offboarding_task_confirm(
        actor=personas.owner, task=task, evidence="Removed in Meta Business"
    )
    grant.refresh_from_db()
    assert grant.status == GrantStatus.REVOKED
    _record(personas.owner, channel, at=LATER)
    assert not DriftFinding.objects.open().exists()


def test_start_the_revocation_of_someone_the_register_never_knew(personas, channel):
    _record(personas.owner, channel, seen("Stranger", ADMIN, external_id="666"))
    finding = _finding(FindingKind.UNKNOWN_HOLDER)
    task = remedies.finding_revocation_start(actor=personas.owner, finding=finding, now=LATER)
    assert task.grant is None and task.subject is None and task.subject_name == "Stranger"
    governance_services.offboarding_task_confirm(
        actor=personas.owner, task=task, evidence="Removed"
    )
    assert Task.objects.get().status == "done"


def test_reopen_a_revocation_the_platform_contradicts(personas, channel):
    leaver = PersonFactory()
    grant = GrantFactory(channel=channel, person=leaver)
    offboarding = governance_services.offboarding_start(
        actor=personas.lead, person=leaver, last_day=timezone.localdate() + dt.timedelta(days=3)
    )
    for task in offboarding.tasks.all():
        governance_services.offboarding_task_confirm(
            actor=personas.lead, task=task, evidence="Said removed", new_person=personas.lead.person
        )
    offboarding.refresh_from_db()
    assert offboarding.status == "completed"
    _record(personas.owner, channel, of(leaver, CONTENT))
    finding = _finding(FindingKind.REVOKED_PRESENT)
    assert finding.grant == grant
    task = remedies.finding_task_reopen(actor=personas.owner, finding=finding, now=LATER)
    task.refresh_from_db()
    grant.refresh_from_db()
    offboarding.refresh_from_db()
    assert (task.status, task.evidence, task.offboarding) == ("open", "", offboarding)
    assert grant.status == GrantStatus.REVOCATION_PENDING and grant.revocation_confirmed_at is None
    assert offboarding.status == "open"
    assert ObjectChange.objects.for_object(task).filter(changes__status=["done", "open"]).exists()
    finding.refresh_from_db()
    assert finding.resolved_at == LATER


def test_record_the_platforms_higher_role(personas, channel):
    analyst = GrantFactory(channel=channel, role=role("facebook", "analyse"))
    _record(personas.owner, channel, of(analyst.person, CONTENT))
    finding = _finding(FindingKind.ROLE_HIGHER)
    grant = remedies.finding_role_change(actor=personas.owner, finding=finding, now=LATER)
    assert grant.role.name == CONTENT and grant.replaces == analyst
    assert AccessGrant.objects.get(pk=analyst.pk).status == GrantStatus.REVOKED
    assert not DriftFinding.objects.open().filter(kind=FindingKind.ROLE_HIGHER).exists()


def test_ask_the_owner_to_lower_a_higher_role_then_confirm_it(client, personas, channel):
    analyst = GrantFactory(channel=channel, role=role("facebook", "analyse"))
    _record(personas.lead, channel, of(analyst.person, CONTENT))
    finding = _finding(FindingKind.ROLE_HIGHER)
    task = remedies.finding_role_lower_ask(actor=personas.lead, finding=finding, now=LATER)
    # The channel's business owner is asked; the grant stays as granted.
    assert (task.origin, task.kind, task.grant) == (TaskOrigin.DRIFT, "change_role", analyst)
    assert (task.assignee, task.drift_finding, task.subject) == (
        personas.owner,
        finding,
        analyst.person,
    )
    assert task.due_on == dt.date(2026, 3, 20)
    assert ObjectChange.objects.for_object(task).filter(action="create").exists()
    with pytest.raises(ValidationError, match="already asked"):
        remedies.finding_role_lower_ask(actor=personas.lead, finding=finding, now=LATER)
    client.force_login(personas.owner)
    page = client.get(reverse("governance:task_confirm", args=[task.pk])).content.decode()
    assert f"shows {analyst.person.full_name} as “{CONTENT}”, more than the" in page
    governance_services.offboarding_task_confirm(
        actor=personas.owner, task=task, evidence="Lowered to Analyst in Meta Business"
    )
    task.refresh_from_db()
    analyst.refresh_from_db()
    assert task.status == "done" and analyst.status == GrantStatus.ACTIVE
    assert analyst.role.name != CONTENT
    # The next reading shows the lowered role: the finding resolves.
    _record(personas.lead, channel, of(analyst.person, analyst.role.name), at=LATER)
    assert not DriftFinding.objects.open().filter(kind=FindingKind.ROLE_HIGHER).exists()


def test_the_owner_is_not_asked_to_lower_their_own_role(personas, channel):
    owner_grant = AccessGrant.objects.get(channel=channel, person=personas.owner.person)
    analyst = role("facebook", "analyse")
    governance_services.grant_change_role(
        actor=personas.lead, grant=owner_grant, role=analyst, justification="Less"
    )
    _record(personas.lead, channel)  # the owner is seen as admin, granted analyst
    finding = _finding(FindingKind.ROLE_HIGHER)
    with pytest.raises(PermissionDenied):
        remedies.finding_role_lower_ask(actor=personas.owner, finding=finding, now=LATER)
    task = remedies.finding_role_lower_ask(actor=personas.lead, finding=finding, now=LATER)
    assert task.assignee is not None and task.assignee != personas.owner


def test_remedies_refuse_what_does_not_fit(personas, channel):
    _record(personas.owner, channel, seen("Stranger", external_id="1"))
    finding = _finding(FindingKind.UNKNOWN_HOLDER)
    with pytest.raises(ValidationError, match="does not fit"):
        remedies.finding_task_reopen(actor=personas.owner, finding=finding, now=LATER)
    for outsider in (personas.member, personas.auditor):
        with pytest.raises(PermissionDenied):
            remedies.finding_revocation_start(actor=outsider, finding=finding, now=LATER)
    _record(personas.owner, channel, at=LATER)
    with pytest.raises(ValidationError, match="already resolved"):
        remedies.finding_revocation_start(actor=personas.owner, finding=finding, now=LATER)


def test_nobody_acts_on_a_finding_about_themselves(personas, channel):
    _record(personas.owner, channel, of(personas.lead.person, CONTENT))
    finding = _finding(FindingKind.UNKNOWN_HOLDER)
    with pytest.raises(PermissionDenied):
        remedies.finding_grant_record(actor=personas.lead, finding=finding, now=LATER)
    remedies.finding_grant_record(actor=personas.owner, finding=finding, now=LATER)


def test_a_revocation_the_platform_contradicts_cannot_be_confirmed(client, personas, channel):
    grant = GrantFactory(channel=channel)
    _record(personas.owner, channel, of(grant.person, CONTENT), at=NOW - dt.timedelta(days=2))
    governance_services.grant_revoke(actor=personas.owner, grant=grant)
    task = Task.objects.create(
        origin=TaskOrigin.EXPIRY,
        kind="revoke",
        channel=channel,
        grant=grant,
        assignee=personas.owner,
        due_on=NOW.date(),
    )
    # Read before the revocation was asked: a warning on the page, confirming still works…
    client.force_login(personas.owner)
    page = client.get(reverse("governance:task_confirm", args=[task.pk])).content.decode()
    assert "its last reading" in page
    # …read after it and still listed: the platform says the removal is not done.
    _record(personas.owner, channel, of(grant.person, CONTENT), at=timezone.now())
    with pytest.raises(ValidationError, match="still listed"):
        governance_services.offboarding_task_confirm(
            actor=personas.owner, task=task, evidence="Done"
        )
    _record(personas.owner, channel, at=timezone.now())
    governance_services.offboarding_task_confirm(actor=personas.owner, task=task, evidence="Done")
    assert Task.objects.get().status == "done"
