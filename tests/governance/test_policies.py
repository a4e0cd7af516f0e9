"""Policies: versions, publication, audiences, acknowledgements, the access gate, rendering,
comparison, the crisis roster, and the reminder kind through the engine."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.utils import DatabaseError
from django.urls import reverse
from django.utils import timezone

from accounts.choices import PersonStatus
from accounts.models import ObjectChange, Person
from governance import services
from governance.access.services import AcknowledgementMissing
from governance.choices import PolicyAudience, PolicyKind, VersionStatus
from governance.models import Acknowledgement, CrisisContact, Policy, PolicyVersion, Reminder
from governance.policies.audience import Audiences, accepted_current, coverages, members_of
from governance.policies.diff import text_diff
from governance.policies.models import PublishedVersionIsImmutable
from governance.policies.rendering import render_markdown
from governance.policies.selectors import crisis_contacts_for_channel
from governance.reminders import engine
from governance.reminders.registry import reminder_kinds
from tests.factories import ChannelFactory, GrantFactory, PersonFactory, TeamFactory, role
from tests.services import require_postgresql
from tests.support.clock import on

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
DAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _on_day():
    """These tests are written for DAY: services that read the clock see it too."""
    with on(DAY):
        yield


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=PARIS)


def _policy(lead, *, publish=True, body="# Rules\n\nBe kind.\n", **settings):
    policy = services.policy_create(
        actor=lead,
        title=settings.pop("title", "Social media policy"),
        kind=settings.pop("kind", PolicyKind.SOCIAL_MEDIA_POLICY),
        body=body,
        **settings,
    )
    if publish:
        services.policy_version_publish(actor=lead, version=policy.versions.get())
        policy.refresh_from_db()
    return policy


def _new_version(lead, policy, body, *, summary="Changed", now=None):
    draft = services.policy_version_draft(actor=lead, policy=policy, body=body, summary=summary)
    services.policy_version_publish(actor=lead, version=draft, now=now)
    policy.refresh_from_db()
    return policy.current_version


# Versions ---------------------------------------------------------------------------------------


def test_a_policy_starts_as_a_draft_that_only_a_lead_publishes(personas):
    policy = _policy(personas.lead, publish=False)
    draft = policy.versions.get()
    assert draft.number == 1 and draft.status == VersionStatus.DRAFT
    assert policy.current_version is None
    for actor in (personas.admin, personas.owner, personas.auditor):
        with pytest.raises(PermissionDenied):
            services.policy_version_publish(actor=actor, version=draft)
    services.policy_version_publish(actor=personas.lead, version=draft)
    policy.refresh_from_db()
    draft.refresh_from_db()
    assert policy.current_version == draft
    assert draft.published_by == personas.lead and draft.published_at is not None


def test_a_draft_can_change_but_a_published_version_cannot(personas):
    policy = _policy(personas.lead, publish=False)
    draft = policy.versions.get()
    services.policy_version_update(actor=personas.owner, version=draft, body="New text")
    draft.refresh_from_db()
    assert draft.body == "New text"
    assert ObjectChange.objects.for_object(draft).filter(changes__has_key="body").exists()

    services.policy_version_publish(actor=personas.lead, version=draft)
    with pytest.raises(ValidationError, match="published"):
        services.policy_version_update(actor=personas.lead, version=draft, body="Rewritten")
    version = PolicyVersion.objects.get(pk=draft.pk)
    version.body = "Rewritten behind the service's back"
    with pytest.raises(PublishedVersionIsImmutable):
        version.save()
    with pytest.raises(PublishedVersionIsImmutable):
        version.delete()
    assert PolicyVersion.objects.get(pk=draft.pk).body == "New text"


def test_the_database_refuses_to_change_a_published_version_or_an_acknowledgement(personas):
    require_postgresql()  # the trigger exists on PostgreSQL
    member = personas.member.person
    GrantFactory(person=member)
    policy = _policy(personas.lead)
    ack = services.policy_acknowledge(actor=personas.member, policy=policy)
    for statement in (
        lambda: PolicyVersion.objects.filter(pk=policy.current_version_id).update(body="x"),
        lambda: Acknowledgement.objects.filter(pk=ack.pk).update(acknowledged_at=None),
        lambda: Acknowledgement.objects.filter(pk=ack.pk).delete(),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            statement()
    assert PolicyVersion.objects.get(pk=policy.current_version_id).body.startswith("# Rules")


def test_the_admin_shows_a_published_version_read_only(client, personas):
    policy = _policy(personas.lead)
    version = policy.current_version
    client.force_login(personas.admin)
    url = reverse("admin:governance_policyversion_change", args=[version.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b'name="body"' not in response.content  # shown, not editable
    client.post(url, {"body": "Changed in the admin", "summary": "", "effective_on": DAY})
    version.refresh_from_db()
    assert version.body.startswith("# Rules")
    delete = reverse("admin:governance_policyversion_delete", args=[version.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert PolicyVersion.objects.filter(pk=version.pk).exists()


def test_the_admin_edits_a_draft_through_the_service(client, personas):
    policy = _policy(personas.lead, publish=False)
    draft = policy.versions.get()
    client.force_login(personas.admin)
    url = reverse("admin:governance_policyversion_change", args=[draft.pk])
    response = client.post(url, {"body": "Edited in the admin", "summary": "", "effective_on": DAY})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.body == "Edited in the admin"
    assert ObjectChange.objects.for_object(draft).filter(actor=personas.admin).exists()


def test_one_draft_at_a_time_and_a_summary_to_publish_the_next(personas):
    policy = _policy(personas.lead)
    draft = services.policy_version_draft(actor=personas.lead, policy=policy, body="v2")
    assert draft.number == 2
    with pytest.raises(ValidationError, match="already has a draft"):
        services.policy_version_draft(actor=personas.lead, policy=policy, body="v2 again")
    with pytest.raises(ValidationError, match="what changed"):
        services.policy_version_publish(actor=personas.lead, version=draft)
    services.policy_version_update(actor=personas.lead, version=draft, summary="Shorter")
    services.policy_version_publish(actor=personas.lead, version=draft)
    policy.refresh_from_db()
    assert policy.current_version.number == 2
    assert policy.versions.filter(status=VersionStatus.PUBLISHED).count() == 2


def test_settings_are_checked(personas):
    with pytest.raises(ValidationError, match="must be acknowledged"):
        _policy(personas.lead, acknowledgement_required=False, gates_access=True)
    with pytest.raises(ValidationError, match="Choose the teams"):
        _policy(personas.lead, audience=PolicyAudience.TEAMS)
    with pytest.raises(ValidationError, match="Write the text"):
        _policy(personas.lead, body="  ")


def test_an_archived_policy_keeps_its_record_and_asks_nothing(personas):
    GrantFactory(person=personas.member.person)
    policy = _policy(personas.lead, gates_access=True)
    services.policy_archive(actor=personas.lead, policy=policy)
    policy.refresh_from_db()
    assert policy.archived_at is not None and not policy.gates_access
    assert policy.versions.count() == 1
    with pytest.raises(ValidationError):
        services.policy_acknowledge(actor=personas.member, policy=policy)
    with pytest.raises(ValidationError):
        services.policy_version_draft(actor=personas.lead, policy=policy, body="more")


# Audience and acknowledgements ----------------------------------------------------------------


def test_a_person_gaining_access_enters_the_audience_of_holders(personas):
    policy = _policy(personas.lead)
    member = personas.member.person
    assert member.pk not in Audiences([policy]).members(policy)
    grant = services.grant_create(
        actor=personas.lead,
        channel=ChannelFactory(),
        person=member,
        role=role("facebook", "publish"),
        justification="Community manager",
    )
    assert member.pk in Audiences([policy]).members(policy)
    services.grant_revoke(actor=personas.lead, grant=grant)
    assert member.pk not in Audiences([policy]).members(policy)


def test_audiences_of_teams_and_partners(personas):
    team = TeamFactory()
    in_team = PersonFactory(team=team)
    PersonFactory(team=TeamFactory())
    left = PersonFactory(team=team, status=PersonStatus.LEFT, end_date=DAY)
    teams = _policy(personas.lead, title="Team rules", audience=PolicyAudience.TEAMS, teams=[team])
    partners = _policy(personas.lead, title="Agency rules", audience=PolicyAudience.PARTNERS)
    audiences = Audiences([teams, partners])
    assert audiences.members(teams) == {in_team.pk}
    assert left.pk not in audiences.members(teams)
    assert audiences.members(partners) == {personas.partner.person.pk}


def _accepted(person, policy):
    Acknowledgement.objects.create(person=person, version=policy.current_version)


def test_coverage_counted_by_the_database_is_the_coverage_of_the_audiences(personas):
    team, other = TeamFactory(), TeamFactory()
    holders = [PersonFactory(team=team) for _ in range(4)]
    for person in holders:
        GrantFactory(person=person)
    GrantFactory(person=holders[0])  # two grants, one holder
    GrantFactory(
        person=PersonFactory(team=other), status="revoked", revoked_at=timezone.now()
    )  # holds nothing now
    gone = PersonFactory(team=team)
    GrantFactory(person=gone)
    partner_people = [PersonFactory(partner=personas.partner.person.partner) for _ in range(3)]
    everyone = _policy(personas.lead, title="Everyone")
    teams = _policy(
        personas.lead, title="Teams", audience=PolicyAudience.TEAMS, teams=[team, other]
    )
    agencies = _policy(personas.lead, title="Agencies", audience=PolicyAudience.PARTNERS)
    unpublished = _policy(personas.lead, title="Draft", publish=False)
    for person in (*holders[:2], gone):
        _accepted(person, everyone)
    for person in (holders[0], gone, partner_people[0]):
        _accepted(person, teams)
    _accepted(partner_people[1], agencies)
    _accepted(holders[3], everyone)
    _new_version(personas.lead, everyone, "# Rules\n\nNew.\n")  # asks everyone again
    _accepted(holders[1], everyone)
    Person.objects.filter(pk=gone.pk).update(status=PersonStatus.LEFT, end_date=DAY)
    policies = list(Policy.objects.filter(pk__in=[everyone.pk, teams.pk, agencies.pk]))
    audiences = Audiences(policies)
    counted = coverages([*policies, unpublished])
    assert counted == {p.pk: audiences.coverage(p) for p in policies}
    for policy in policies:  # the audience as a query: the same people
        assert set(members_of(policy).values_list("pk", flat=True)) == audiences.members(policy)
        pending = members_of(policy).exclude(pk__in=accepted_current(policy))
        assert set(pending.values_list("pk", flat=True)) == audiences.pending(policy)
    assert counted[everyone.pk].acknowledged == 1 and counted[everyone.pk].audience >= 4


def test_the_policies_page_keeps_its_coverage_until_a_change_commits(
    client, personas, django_capture_on_commit_callbacks
):
    GrantFactory(person=personas.member.person)
    GrantFactory(person=personas.owner.person)
    policy = _policy(personas.lead)
    client.force_login(personas.lead)

    def coverage():
        rows = client.get(reverse("policies:index")).context["rows"]
        return next(row["coverage"] for row in rows if row["policy"] == policy)

    assert (coverage().acknowledged, coverage().audience) == (0, 2)
    _accepted(personas.owner.person, policy)  # behind the services' back: nothing recorded
    assert coverage().acknowledged == 0
    with django_capture_on_commit_callbacks(execute=True):
        services.policy_acknowledge(actor=personas.member, policy=policy)
    assert (coverage().acknowledged, coverage().audience) == (2, 2)
    _new_version(personas.lead, policy, "# Rules\n\nNew.\n")  # another version: another key
    assert coverage().acknowledged == 0


def test_a_new_version_asks_everyone_again(personas):
    GrantFactory(person=personas.member.person)
    GrantFactory(person=personas.owner.person)
    policy = _policy(personas.lead)
    services.policy_acknowledge(actor=personas.member, policy=policy)
    coverage = Audiences([policy]).coverage(policy)
    assert (coverage.acknowledged, coverage.audience, coverage.percent) == (1, 2, 50)
    with pytest.raises(ValidationError, match="already accepted"):
        services.policy_acknowledge(actor=personas.member, policy=policy)

    _new_version(personas.lead, policy, "# Rules\n\nBe kind and careful.\n")
    assert Audiences([policy]).coverage(policy).acknowledged == 0
    assert Audiences([policy]).pending(policy) == {
        personas.member.person.pk,
        personas.owner.person.pk,
    }
    ack = services.policy_acknowledge(actor=personas.member, policy=policy)
    assert ack.version == policy.current_version
    assert Acknowledgement.objects.filter(person=personas.member.person).count() == 2


def test_only_the_audience_acknowledges(personas):
    policy = _policy(personas.lead)
    agencies = _policy(personas.lead, title="Agency rules", audience=PolicyAudience.PARTNERS)
    for user in (personas.auditor, personas.outsider):  # nobody in the directory
        with pytest.raises(ValidationError, match="does not address you"):
            services.policy_acknowledge(actor=user, policy=policy)
    with pytest.raises(ValidationError, match="does not address you"):
        services.policy_acknowledge(actor=personas.member, policy=agencies)
    assert not Acknowledgement.objects.exists()
    # Someone without access yet may accept a policy for holders: they will need it first.
    services.policy_acknowledge(actor=personas.member, policy=policy)
    services.policy_acknowledge(actor=personas.partner, policy=agencies)
    assert Acknowledgement.objects.count() == 2


def test_a_newcomer_accepts_the_gating_policy_then_gets_access(personas):
    policy = _policy(personas.lead, title="Security rules", gates_access=True)
    member = personas.member.person
    assert not member.grants.exists()
    with pytest.raises(AcknowledgementMissing):
        _grant(personas.lead, member)
    services.policy_acknowledge(actor=personas.member, policy=policy)
    assert _grant(personas.lead, member).status == "active"


def test_a_lead_records_the_acceptance_of_someone_without_a_login(personas):
    policy = _policy(personas.lead, gates_access=True)
    paper = PersonFactory(user=None)
    with pytest.raises(PermissionDenied):
        services.policy_acknowledge_for(
            actor=personas.owner, policy=policy, person=paper, evidence="Signed"
        )
    with pytest.raises(ValidationError, match="Say how"):
        services.policy_acknowledge_for(
            actor=personas.lead, policy=policy, person=paper, evidence=" "
        )
    with pytest.raises(ValidationError, match="logs in"):
        services.policy_acknowledge_for(
            actor=personas.lead, policy=policy, person=personas.member.person, evidence="Signed"
        )
    ack = services.policy_acknowledge_for(
        actor=personas.lead, policy=policy, person=paper, evidence="Signed copy, 2026-11-20"
    )
    assert (ack.recorded_by, ack.evidence) == (personas.lead, "Signed copy, 2026-11-20")
    assert _grant(personas.lead, paper).status == "active"


# The access gate --------------------------------------------------------------------------------


def _grant(lead, person, channel=None):
    return services.grant_create(
        actor=lead,
        channel=channel or ChannelFactory(),
        person=person,
        role=role("facebook", "publish"),
        justification="Needs it",
    )


def test_new_access_waits_for_the_gating_policy(personas):
    policy = _policy(personas.lead, title="Security rules", gates_access=True)
    member = personas.member.person
    with pytest.raises(AcknowledgementMissing) as refused:
        _grant(personas.lead, member)
    message = " ".join(refused.value.messages)
    assert "Security rules" in message and reverse("policies:detail", args=[policy.pk]) in message
    assert refused.value.policies == [policy]
    assert not member.grants.exists()

    GrantFactory(person=member)  # held before the gate: the member is now in the audience
    services.policy_acknowledge(actor=personas.member, policy=policy)
    assert _grant(personas.lead, member).status == "active"

    _new_version(personas.lead, policy, "Stricter rules")
    with pytest.raises(AcknowledgementMissing):
        _grant(personas.lead, member)


def test_the_gate_applies_to_approved_requests_but_not_to_role_changes(personas):
    _policy(personas.lead, gates_access=True)
    member = personas.member.person
    channel = ChannelFactory()
    held = GrantFactory(person=member, role=role("facebook", "publish"))
    request = services.request_create(
        actor=personas.member,
        channel=channel,
        person=member,
        role=role("facebook", "publish"),
        reason="Cover the summer",
    )
    with pytest.raises(AcknowledgementMissing):
        services.request_approve(actor=personas.lead, request=request)
    request.refresh_from_db()
    assert request.status == "pending"
    changed = services.grant_change_role(
        actor=personas.lead, grant=held, role=role("facebook", "moderate"), justification="Less"
    )
    assert changed.status == "active"


def test_a_team_policy_gates_only_its_teams(personas):
    team = TeamFactory()
    _policy(personas.lead, audience=PolicyAudience.TEAMS, teams=[team], gates_access=True)
    assert _grant(personas.lead, PersonFactory(team=TeamFactory())).status == "active"
    with pytest.raises(AcknowledgementMissing):
        _grant(personas.lead, PersonFactory(team=team))


# Rendering and comparison -----------------------------------------------------------------------


def test_markdown_is_rendered_and_sanitised():
    html = render_markdown(
        "# Title\n\n**bold** and [ok](https://example.org) and [bad](javascript:alert(1))\n\n"
        "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n"
        '<p style="color:red" onclick="x()">styled</p>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n'
    )
    assert "<h1>Title</h1>" in html and "<strong>bold</strong>" in html
    assert 'href="https://example.org"' in html and "noopener" in html
    assert "<table>" in html
    for forbidden in ("<script", "javascript:", "onerror", "<img", "style=", "onclick"):
        assert forbidden not in html


def test_the_diff_shows_lines_and_words():
    old = "\n".join(f"line {n}" for n in range(1, 21))
    new = old.replace("line 10", "line ten").replace("line 20", "line 20\nline 21")
    lines = text_diff(old, new)
    assert lines[0].op == "skip" and lines[0].skipped == 6
    removed = next(line for line in lines if line.op == "delete")
    added = next(line for line in lines if line.op == "insert")
    assert removed.old_number == 10 and ("10", True) in removed.pieces
    assert added.new_number == 10 and ("ten", True) in added.pieces
    assert ("line ", False) in added.pieces
    assert lines[-1].op == "insert" and lines[-1].pieces == [("line 21", True)]
    assert text_diff("same\n", "same\n") == []


# The crisis roster ------------------------------------------------------------------------------


def test_the_crisis_roster_for_a_channel(personas):
    team = TeamFactory()
    channel = ChannelFactory(team=team)
    plan = _policy(personas.lead, title="Crisis plan", kind=PolicyKind.CRISIS_PLAN)
    add = services.crisis_contact_add
    everyone = add(actor=personas.lead, policy=plan, position=1, name="Agency", phone="+33 1")
    for_team = add(actor=personas.lead, policy=plan, team=team, position=1, name="T", phone="2")
    mine = add(
        actor=personas.lead,
        policy=plan,
        channel=channel,
        position=1,
        person=personas.owner.person,
        phone="3",
    )
    add(actor=personas.lead, policy=plan, team=TeamFactory(), position=1, name="Other", phone="4")
    assert crisis_contacts_for_channel(channel) == [mine, for_team, everyone]

    services.crisis_contact_retire(actor=personas.lead, contact=for_team)
    assert crisis_contacts_for_channel(channel) == [mine, everyone]
    assert CrisisContact.objects.filter(pk=for_team.pk, active=False).exists()

    with pytest.raises(ValidationError, match="not both"):
        add(
            actor=personas.lead,
            policy=plan,
            channel=channel,
            team=team,
            position=2,
            name="X",
            phone="5",
        )
    with pytest.raises(ValidationError, match="name"):
        add(actor=personas.lead, policy=plan, position=2, phone="5")
    with pytest.raises(ValidationError, match="crisis management plan"):
        add(
            actor=personas.lead,
            policy=_policy(personas.lead, title="Other"),
            position=1,
            name="Y",
            phone="6",
        )


# The reminder kind ------------------------------------------------------------------------------


def _sweep(now, capture):
    with capture(execute=True):
        return engine.sweep(now=now)


def _policy_rows(**filters):
    return Reminder.objects.filter(kind="policy_acknowledgement", **filters)


def test_publication_is_announced_at_once_then_follows_the_ladder(
    personas, settings, django_capture_on_commit_callbacks
):
    settings.REMINDER_DIGEST_HOUR = 8
    member = personas.member.person
    member.manager = personas.owner.person  # the owner manages the member
    member.save()
    GrantFactory(person=member, granted_at=at(DAY - dt.timedelta(days=30)))
    policy = services.policy_create(
        actor=personas.lead,
        title="Social media policy",
        kind=PolicyKind.SOCIAL_MEDIA_POLICY,
        body="Rules",
    )
    services.policy_version_publish(actor=personas.lead, version=policy.versions.get(), now=at(DAY))

    # Published at 10:00, outside the digest hour: the first notice still goes out at once.
    _sweep(at(DAY, 11), django_capture_on_commit_callbacks)
    row = _policy_rows(recipient=personas.member).get()
    assert (row.stage, row.urgent, row.due_on) == ("assigned", True, DAY + dt.timedelta(days=14))
    sent = [m for m in mail.outbox if m.to == [personas.member.email]]
    assert len(sent) == 1 and "Social media policy" in sent[0].body

    _sweep(at(DAY + dt.timedelta(days=7), 8), django_capture_on_commit_callbacks)
    assert _policy_rows(recipient=personas.member, stage="before").exists()

    late = DAY + dt.timedelta(days=14 + 7)
    _sweep(at(late, 8), django_capture_on_commit_callbacks)
    escalations = _policy_rows(stage="escalation")
    # Escalated to the member's manager only, not to the leads.
    assert set(escalations.values_list("recipient_id", flat=True)) == {personas.owner.pk}

    sections = engine.my_tasks(personas.member, now=at(late))
    policy_section = next(s for s in sections if str(s["label"]) == "Policies to acknowledge")
    assert policy_section["items"][0].url == reverse("policies:detail", args=[policy.pk])

    services.policy_acknowledge(actor=personas.member, policy=policy)
    assert not any(
        str(s["label"]) == "Policies to acknowledge" for s in engine.my_tasks(personas.member)
    )


def test_someone_who_joins_the_audience_later_has_the_full_delay(personas):
    policy = _policy(personas.lead)
    published = policy.current_version.published_at
    member = personas.member.person
    GrantFactory(person=member, granted_at=published + dt.timedelta(days=40))
    GrantFactory(person=PersonFactory(user=None))  # without a login: never reminded
    items = [
        item
        for section in engine.my_tasks(personas.member)
        if str(section["label"]) == "Policies to acknowledge"
        for item in section["items"]
    ]
    expected = (published + dt.timedelta(days=40)).astimezone(PARIS).date() + dt.timedelta(days=14)
    assert [item.due_on for item in items] == [expected]
    everyone = list(reminder_kinds.get("policy_acknowledgement").due_items(published))
    assert {item.recipient_id for item in everyone} == {personas.member.pk}


def test_the_grant_and_request_forms_link_to_the_policy_to_accept(client, personas):
    policy = _policy(personas.lead, title="Security rules", gates_access=True)
    link = reverse("policies:detail", args=[policy.pk]).encode()
    client.force_login(personas.member)
    response = client.get(reverse("governance:request_create"))
    assert b'id="blocking-policies"' in response.content and link in response.content

    channel = ChannelFactory()
    client.force_login(personas.lead)
    response = client.post(
        reverse("governance:grant_create", args=[channel.pk]),
        {
            "person": personas.member.person.pk,
            "role": role("facebook", "publish").pk,
            "access_method": "personal",
            "justification": "Summer cover",
        },
    )
    assert response.status_code == 200
    assert b'id="blocking-policies"' in response.content and link in response.content
    # The person field's error names the policy as a link, not as a bare path.
    assert b'<a href="' + link + b'">' in response.content
    assert b" at " + link not in response.content
    assert not personas.member.person.grants.exists()


def test_line_endings_from_the_browser_do_not_count_as_changes(personas):
    policy = _policy(personas.lead, body="# Rules\n\nBe kind.\n")
    draft = services.policy_version_draft(
        actor=personas.lead, policy=policy, body="# Rules\r\n\r\nBe kind.\r\nBe brief.\r\n"
    )
    assert "\r" not in draft.body
    lines = text_diff(policy.current_version.body, draft.body)
    assert [line.op for line in lines if line.op != "equal"] == ["insert"]


def test_a_draft_crisis_plan_is_not_shown_on_channels(personas):
    plan = _policy(personas.lead, publish=False, title="Crisis plan", kind=PolicyKind.CRISIS_PLAN)
    services.crisis_contact_add(actor=personas.lead, policy=plan, position=1, name="A", phone="1")
    assert crisis_contacts_for_channel(ChannelFactory()) == []


def test_the_evidence_of_an_archived_policy_lists_no_one_as_owing_it(client, personas):
    GrantFactory(person=personas.member.person)
    policy = _policy(personas.lead)
    services.policy_archive(actor=personas.lead, policy=policy)
    client.force_login(personas.lead)
    response = client.get(reverse("policies:evidence_csv", args=[policy.pk]))
    rows = b"".join(response.streaming_content).decode().splitlines()
    assert len(rows) == 1  # the header only


def test_the_admin_shows_a_rule_the_service_refuses_instead_of_failing(client, personas):
    policy = _policy(personas.lead)
    client.force_login(personas.admin)
    url = reverse("admin:governance_policy_change", args=[policy.pk])
    response = client.post(
        url,
        {
            "title": policy.title,
            "kind": policy.kind,
            "audience": PolicyAudience.TEAMS,  # teams without a team: the service refuses
            "acknowledgement_required": "on",
            "versions-TOTAL_FORMS": "0",
            "versions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert b"Choose the teams" in response.content
    policy.refresh_from_db()
    assert policy.audience == PolicyAudience.HOLDERS


def test_a_version_is_published_on_its_effective_date(personas):
    policy = _policy(personas.lead, publish=False)
    draft = policy.versions.get()
    services.policy_version_update(
        actor=personas.lead, version=draft, effective_on=timezone.localdate() + dt.timedelta(days=3)
    )
    with pytest.raises(ValidationError, match="takes effect on"):
        services.policy_version_publish(actor=personas.lead, version=draft)


def test_coverage_is_rounded_down():
    from governance.policies.audience import Coverage

    assert Coverage(199, 200).percent == 99 and Coverage(0, 0).percent == 100


def test_someone_who_joins_a_team_audience_later_is_not_overdue_at_once(personas):
    team = TeamFactory()
    policy = _policy(personas.lead, audience=PolicyAudience.TEAMS, teams=[team])
    member = personas.member.person
    member.team = team
    member.save()
    Person.objects.filter(pk=member.pk).update(created_at=timezone.now() + dt.timedelta(days=30))
    [item] = [
        i
        for s in engine.my_tasks(personas.member)
        if str(s["label"]) == "Policies to acknowledge"
        for i in s["items"]
    ]
    assert item.due_on == timezone.localdate() + dt.timedelta(days=30 + 14)
    assert policy.current_version_id
