"""Roadmap pages: who may open what, refusals change nothing, calendar feeds, flat queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from accounts import roles
from accounts.models import ObjectChange
from audits import services as audit_services
from audits.models import Finding
from governance import services as governance_services
from roadmap import services
from roadmap.models import (
    CalendarToken,
    KpiReading,
    Milestone,
    Objective,
    Phase,
    Roadmap,
    SourcingOption,
)
from tests.conftest import PERSONA_NAMES
from tests.factories import ChannelFactory, GrantFactory, PartnerFactory, PersonFactory, UserFactory
from tests.support.builders import log_in_as, make_audit, make_objective
from tests.support.queries import pinned_queries

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PERSONAS_AND_ANONYMOUS = (*PERSONA_NAMES, "anonymous")
READERS = ("admin", "lead", "owner", "member", "auditor", "partner")


def _r(name, *args) -> str:
    return reverse(f"roadmap:{name}", args=args)


def _url(name, *attrs):
    """A URL of the world: each attribute named is one of its objects (by pk)."""
    return lambda w: _r(name, *[getattr(w, a).pk for a in attrs])


def _feed(attr):
    return lambda w: _r("feed", getattr(w, attr).token if attr else "no-such-token")


FEEDS = _url("feeds")
SECOND = _url("objective", "second")
READING = {"measured_on": TODAY.isoformat(), "value": "1200", "note": "Monday"}


def _days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


# Objectives are set 60 days ago, due in 180 days.
DATES = {"baseline_on": _days(-60), "deadline": _days(180)}
SMART = {"description": "", "kpi_name": "Followers", "kpi_unit": "", "relevance": "Reach", **DATES}


def _milestone(lead, phase, title, owner=None, due=20, status="planned", objective=None):
    fields = {"phase": phase, "title": title, "owner": owner, "status": status}
    return services.milestone_save(actor=lead, due_on=_days(due), objective=objective, **fields)


def _finding(lead, audit, observed: str) -> Finding:
    fields = {"severity": "high", "recommendation": f"Fix: {observed}", "status": "open"}
    return audit_services.finding_save(actor=lead, audit=audit, observed=observed, **fields)


def _option(lead, phase, kind, label="", partner=None, rate=None, hours=None, fee=None):
    costs = {"hourly_rate": rate, "hours_per_month": hours, "monthly_fee": fee}
    return services.sourcing_option_save(
        actor=lead, phase=phase, kind=kind, label=label, partner=partner, **costs
    )


@pytest.fixture
def world(personas):
    """Two objectives; a time-window roadmap whose first phase has the member's milestone and an
    agency option; an audit conducted by the partner with one finding; the roadmap's feed, a
    revoked one, and the personal feed of a colleague who is no persona."""
    lead, member = personas.lead, personas.member.person
    objective = make_objective(lead, "Grow the audience", owner=lead.person, **DATES)
    roadmap = services.roadmap_create(
        actor=lead, name="Year one", starts_on=_days(-10), template="time_windows"
    )
    phase = roadmap.phases.order_by("order").first()
    agency = personas.partner.person.partner
    old_token = services.calendar_token_issue(actor=lead, roadmap=roadmap)
    colleague = UserFactory(email="colleague@example.org", roles=[roles.TEAM_MEMBER])
    audit = make_audit(
        lead, [ChannelFactory()], TODAY, "draft", auditor=personas.partner.person, title="Spring"
    )
    return SimpleNamespace(
        objective=objective,
        second=make_objective(lead, "Answer faster", baseline=48, target=12, **DATES),
        roadmap=roadmap,
        phase=phase,
        milestone=_milestone(lead, phase, "Launch", member, objective=objective),
        option=_option(lead, phase, "agency", "Agency A", agency, fee=Decimal(1500)),
        finding=_finding(lead, audit, "No backup"),
        member=member,
        old_token=old_token,
        roadmap_token=services.calendar_token_issue(actor=lead, roadmap=roadmap),
        colleague_token=services.calendar_token_issue(actor=colleague, user=colleague),
    )


# The status every persona gets on every URL is tests/test_authorization_matrix.py's. Here,
# what it does not check: where an allowed redirect leads, what moving a milestone does,
# and that a feed is a calendar.
LEADS = ("admin", "lead", "lead_auditor")
# name → (who is redirected, URL of the world, POST data of the world, where they land)
REDIRECTS = {
    "objective_primary": (LEADS, _url("objective_primary", "second"), None, SECOND),
    "objective_achieved": (LEADS, _url("objective_achieved", "second"), None, SECOND),
    "objective_dropped": (LEADS, _url("objective_dropped", "second"), None, SECOND),
    "reading": (
        LEADS,
        _url("objective", "objective"),
        lambda w: READING,
        _url("objective", "objective"),
    ),
    # The milestone belongs to the member's Person: they move it along, as planners do.
    "milestone_status": (
        (*LEADS, "member"),
        _url("milestone_status", "milestone"),
        lambda w: {"status": "done"},
        lambda w: _r("detail", w.roadmap.pk) + f"#milestone-{w.milestone.pk}",
    ),
    "feed_issue_own": ((*READERS, "lead_auditor"), _url("feed_issue"), None, FEEDS),
    "feed_issue_roadmap": (LEADS, _url("feed_issue"), lambda w: {"roadmap": w.roadmap.pk}, FEEDS),
    "feed_revoke_roadmap": (LEADS, _url("feed_revoke", "roadmap_token"), None, FEEDS),
    "feed_revoke_others": (LEADS, _url("feed_revoke", "colleague_token"), None, FEEDS),
}


@pytest.mark.parametrize(
    ("name", "persona"),
    [(name, persona) for name, (who, *_) in REDIRECTS.items() for persona in who],
)
def test_allowed_posts_lead_where_designed(client, personas, world, name, persona):
    _, url_of, data, to = REDIRECTS[name]
    client.force_login(getattr(personas, persona))
    response = client.post(url_of(world), data(world) if data else {})
    assert response.status_code == 302
    assert response["Location"] == to(world)
    if name == "milestone_status":
        world.milestone.refresh_from_db()
        assert world.milestone.status == "done"


# The feed needs no login (the token is the secret): whoever asks gets the calendar.
@pytest.mark.parametrize("persona", PERSONAS_AND_ANONYMOUS)
@pytest.mark.parametrize("token", ["roadmap_token", "colleague_token"])
def test_a_feed_is_a_calendar(client, personas, world, persona, token):
    log_in_as(client, personas, persona)
    response = client.get(_feed(token)(world))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert Calendar.from_ical(response.content).name == "VCALENDAR"


# Writes: valid payloads, so that a refusal is about who asks.


def _writes(w) -> dict[str, tuple[str, dict]]:
    later = _days(40).isoformat()
    objective = {**SMART, "title": "Grow the audience fast", "baseline": 1000, "target": 5000}
    objective |= {"direction": "increase", "deadline": later, "owner": w.member.pk}
    p = w.phase
    phase = {"description": "", "starts_on": p.starts_on, "ends_on": p.ends_on, "order": p.order}
    milestone = {"phase": p.pk, "due_on": later, "objective": ""}
    return {
        "objective_edit": (_r("objective_edit", w.objective.pk), objective),
        "reading": (_r("objective", w.objective.pk), READING),
        "objective_primary": (_r("objective_primary", w.second.pk), {}),
        "objective_achieved": (_r("objective_achieved", w.objective.pk), {}),
        "objective_dropped": (_r("objective_dropped", w.second.pk), {}),
        # Last of the objectives: closing two above makes room for it.
        "objective_create": (_r("objective_create"), {**objective, "title": "Third", "primary": 1}),
        "create": (_r("create"), {"name": "Year two", "starts_on": later, "template": "sourcing"}),
        "phase_create": (
            _r("phase_create", w.roadmap.pk),
            {**phase, "name": "Extra", "ends_on": later, "order": 9},
        ),
        "phase": (_r("phase", w.roadmap.pk, p.pk), {**phase, "name": "Foundations"}),
        "milestone_create": (
            _r("milestone_create", w.roadmap.pk),
            {**milestone, "title": "Hire", "owner": "", "status": "planned"},
        ),
        "milestone": (
            _r("milestone", w.roadmap.pk, w.milestone.pk),
            {**milestone, "title": "Launch both", "owner": w.member.pk, "status": "in_progress"},
        ),
        "milestone_status": (_r("milestone_status", w.milestone.pk), {"status": "done"}),
        "sourcing_add": (
            _r("sourcing_add", p.pk),
            {"kind": "in_house", "label": "Our editor", "hourly_rate": "40", "hours_per_month": 20},
        ),
        "sourcing_choose": (_r("sourcing_choose", w.option.pk), {"rationale": "Knows the sector"}),
        "finding_milestone": (
            _r("finding_milestone", w.finding.pk),
            {"title": "Name a backup", "phase": p.pk, "owner": w.member.pk, "due_on": later},
        ),
        # Revoke first: issuing again would revoke it already.
        "feed_revoke_roadmap": (_r("feed_revoke", w.roadmap_token.pk), {}),
        "feed_issue_roadmap": (_r("feed_issue"), {"roadmap": w.roadmap.pk}),
        "feed_issue_own": (_r("feed_issue"), {}),
    }


def _state() -> dict:
    """Everything a write could change."""
    return {
        "history": ObjectChange.objects.count(),
        "objectives": list(Objective.objects.values_list("pk", "title", "status", "primary")),
        "readings": KpiReading.objects.count(),
        "roadmaps": Roadmap.objects.count(),
        "phases": list(Phase.objects.values_list("pk", "name", "ends_on")),
        "milestones": list(Milestone.objects.values_list("pk", "title", "status", "owner")),
        "options": list(SourcingOption.objects.values_list("pk", "chosen", "rationale")),
        "tokens": list(CalendarToken.objects.values_list("pk", "token_hash", "revoked_at")),
        "findings": list(Finding.objects.values_list("pk", "status", "follow_up_url")),
    }


@pytest.mark.parametrize("persona", ["owner", "member", "auditor", "partner", "outsider"])
def test_refused_posts_change_nothing(client, personas, world, persona):
    allowed = {"milestone_status"} if persona == "member" else set()
    allowed |= {"feed_issue_own"} if persona in READERS else set()
    before = _state()
    client.force_login(getattr(personas, persona))
    refused = {
        name: client.post(url, data).status_code
        for name, (url, data) in _writes(world).items()
        if name not in allowed
    }
    assert set(refused.values()) <= {403, 404}, refused
    assert _state() == before


def test_the_same_writes_go_through_for_the_lead(client, personas, world):
    history = ObjectChange.objects.count()
    client.force_login(personas.lead)
    for name, (url, data) in _writes(world).items():
        response = client.post(url, data)
        assert response.status_code == 302, (name, response.context and response.context["form"])
        assert response["Location"] != url or name == "reading", name  # a reading: PRG
    for obj in (world.objective, world.second, world.milestone, world.phase, world.option):
        obj.refresh_from_db()
    assert (world.objective.title, world.objective.status) == ("Grow the audience fast", "achieved")
    assert (world.second.status, world.second.primary) == ("dropped", False)
    assert Objective.objects.get(title="Third", status="active").primary
    assert world.objective.readings.get().value == Decimal("1200")
    assert Roadmap.objects.get(name="Year two").phases.count() == 3
    assert world.phase.name == "Foundations" and world.roadmap.phases.filter(name="Extra").exists()
    assert (world.milestone.title, world.milestone.status) == ("Launch both", "done")
    assert world.milestone.done_on == TODAY
    assert Milestone.objects.filter(title="Hire", owner=None).exists()
    assert SourcingOption.objects.get(label="Our editor").monthly_cost == Decimal("800.00")
    assert world.option.chosen and world.option.rationale == "Knows the sector"
    finding = Finding.objects.get(pk=world.finding.pk)
    assert finding.milestone.owner == world.member and finding.status == "planned"
    anchor = f"#milestone-{finding.milestone.pk}"
    assert finding.follow_up_url == _r("detail", world.roadmap.pk) + anchor
    tokens = CalendarToken.objects.filter(revoked_at__isnull=True)
    assert not tokens.filter(pk=world.roadmap_token.pk).exists()
    assert tokens.filter(roadmap=world.roadmap).count() == 1
    assert tokens.filter(user=personas.lead, roadmap=None).count() == 1
    assert ObjectChange.objects.count() > history


# Calendar feeds.


def _events(response) -> list:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content).walk("VEVENT")


def _by_uid(events) -> dict[str, tuple[dt.date, str]]:
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids)), f"duplicate UIDs: {sorted(uids)}"
    return {str(e["UID"]): (e["DTSTART"].dt, str(e["SUMMARY"])) for e in events}


@pytest.mark.parametrize("persona", READERS)
def test_a_reader_issues_uses_and_revokes_their_own_feed(client, personas, persona):
    user = getattr(personas, persona)
    client.force_login(user)

    def issue() -> tuple[CalendarToken, str]:
        """Make an address; the page shows it once (only its hash is stored)."""
        assert client.post(_r("feed_issue")).status_code == 302
        page = client.get(_r("feeds"))
        address = page.context["new_address"]
        assert address and client.get(_r("feeds")).context["new_address"] is None
        token = CalendarToken.objects.get(user=user, revoked_at__isnull=True)
        assert token.token_hash not in address
        assert page.context["mine"] == token
        return token, address.split("/")[-1].removesuffix(".ics")

    _first, first_secret = issue()
    calendar_app = Client()  # no session: calendar apps cannot log in
    assert _events(calendar_app.get(_r("feed", first_secret))) == []
    second, second_secret = issue()
    assert calendar_app.get(_r("feed", first_secret)).status_code == 404
    assert calendar_app.get(_r("feed", second_secret)).status_code == 200
    assert client.post(_r("feed_revoke", second.pk)).status_code == 302
    assert calendar_app.get(_r("feed", second_secret)).status_code == 404
    assert client.post(_r("feed_revoke", second.pk)).status_code == 404


def test_a_feed_stops_when_its_user_loses_access(client, personas, world):
    member, owner = personas.member, personas.owner
    mine = services.calendar_token_issue(actor=member, user=member)
    owners = services.calendar_token_issue(actor=owner, user=owner)
    assert client.get(_r("feed", mine.token)).status_code == 200
    member.is_active = False
    member.save(update_fields=["is_active"])
    assert client.get(_r("feed", mine.token)).status_code == 404
    owner.groups.clear()
    assert client.get(_r("feed", owners.token)).status_code == 404
    # A lead cuts a colleague's leaked address; a team member cannot.
    client.force_login(personas.partner)
    assert client.post(_r("feed_revoke", world.colleague_token.pk)).status_code == 404
    assert client.get(_r("feed", world.colleague_token.token)).status_code == 200
    client.force_login(personas.lead)
    assert client.post(_r("feed_revoke", world.colleague_token.pk)).status_code == 302
    assert client.get(_r("feed", world.colleague_token.token)).status_code == 404


def test_the_user_feed_holds_milestones_open_reviews_and_tasks(client, personas):
    lead, member = personas.lead, personas.member
    phase = _plan(lead, "Y1", 0, 0).phases.first()
    mine = _milestone(lead, phase, "Launch", member.person, due=5)
    done = _milestone(lead, phase, "Kick-off", member.person, due=-3, status="done")
    _milestone(lead, phase, "Someone else's", personas.owner.person)
    _milestone(lead, phase, "Nobody's")
    GrantFactory.create_batch(2, channel=ChannelFactory(business_owner=member.person))
    draft = governance_services.review_create(actor=lead, name="Q3 review", due_on=_days(14))
    review = governance_services.review_open(actor=lead, review=draft)
    governance_services.review_create(actor=lead, name="Still a draft", due_on=_days(30))
    leaver = PersonFactory()
    GrantFactory(channel=ChannelFactory(name="Held", business_owner=member.person), person=leaver)
    offboarding = governance_services.offboarding_start(
        actor=lead, person=leaver, last_day=_days(7)
    )
    task = offboarding.tasks.get()
    assert review.items.filter(reviewer=member, decision="").count() == 2
    token = services.calendar_token_issue(actor=member, user=member)
    events = _by_uid(_events(client.get(_r("feed", token.token))))
    # What the reminder providers say the member must do, and nothing else: their open
    # milestone (not the done one), each review item waiting for them, their off-boarding task.
    items = review.items.filter(reviewer=member).order_by("pk")
    assert events == {
        f"milestone-{mine.pk}-{member.pk}@gouvernail": (_days(5), "Milestone “Launch” of Y1"),
        **{
            f"review_item-{item.pk}-{member.pk}@gouvernail": (
                _days(14),
                f"Review {item.person} — {item.role_name} on {item.channel.name}",
            )
            for item in items
        },
        f"offboarding_task-{task.pk}-{member.pk}@gouvernail": (
            _days(7),
            f"Revoke access: Held ({leaver})",
        ),
    }
    assert not any(str(done.pk) in uid and "milestone" in uid for uid in events)


def test_the_roadmap_feed_holds_every_milestone_of_the_roadmap(client, personas, world):
    lead = personas.lead
    later = world.roadmap.phases.order_by("order").last()
    others = [
        _milestone(lead, later, "Review the year", personas.owner.person, due=300),
        _milestone(lead, world.phase, "Nobody's", due=-2, status="done"),
    ]
    elsewhere = services.roadmap_create(actor=lead, name="Y2", starts_on=TODAY, template="sourcing")
    assert Milestone.objects.filter(phase__roadmap=elsewhere).exists()
    response = client.get(_r("feed", world.roadmap_token.token))
    events = _by_uid(_events(response))
    expected = {m.pk: m for m in (world.milestone, *others)}
    assert events == {
        f"milestone-{pk}@gouvernail": (m.due_on, m.title + (" ✓" if m.status == "done" else ""))
        for pk, m in expected.items()
    }
    anchor = f"{_r('detail', world.roadmap.pk)}#milestone-{world.milestone.pk}"
    assert anchor in response.content.decode()


# Query counts: pinned (tests/query_counts.json), the same at two sizes.


def _fetch(client, url) -> None:
    assert client.get(url).status_code == 200, url


def _assert_flat(client, name, small_url, large_url, grow=lambda: None) -> None:
    _fetch(client, small_url)  # the session's first request writes its usersession row
    with pinned_queries(name):
        _fetch(client, small_url)
    grow()
    with pinned_queries(name):
        _fetch(client, large_url)


def _readings(lead, objective, n: int, start: int = 1) -> None:
    for day in range(start, start + n):
        value = Decimal(1000 + day)
        services.reading_add(actor=lead, objective=objective, measured_on=_days(-day), value=value)


def _plan(lead, name: str, milestones: int, options: int, objective=None) -> Roadmap:
    """A roadmap of two phases: milestones (one in three from a finding, some late, some done)
    and sourcing options (the first chosen) in each phase."""
    roadmap = services.roadmap_create(actor=lead, name=name, starts_on=_days(-30), template="empty")
    phases = []
    for i in range(2):
        dates = {"starts_on": _days(90 * i - 30), "ends_on": _days(90 * i + 59)}
        phase = services.phase_save(actor=lead, roadmap=roadmap, name=f"P{i}", order=i, **dates)
        phases.append(phase)
    audit = (
        make_audit(lead, [ChannelFactory()], TODAY, "draft", title="Spring") if milestones else None
    )
    for i in range(milestones):
        phase, owner = phases[i % 2], PersonFactory()
        if i % 3 == 0:
            finding = _finding(lead, audit, f"Finding {i}")
            services.milestone_from_finding(
                actor=lead, finding=finding, phase=phase, due_on=_days(i - 5), owner=owner
            )
        else:
            status = ("planned", "in_progress", "done")[i % 3]
            _milestone(lead, phase, f"M{i}", owner, due=i - 5, status=status, objective=objective)
    for phase in phases:
        for k in range(options):
            kind, partner = ("in_house", "agency", "consultant")[k % 3], PartnerFactory()
            fee = Decimal(900) if k % 2 else None
            option = _option(lead, phase, kind, f"O{k}", partner, Decimal(50), Decimal(10 + k), fee)
            if k == 0:
                services.sourcing_option_choose(actor=lead, option=option, rationale="Cheapest")
    return roadmap


def test_index_query_count_is_flat(client, personas):
    lead = personas.lead
    first = make_objective(lead, "First", owner=lead.person, **DATES)
    _readings(lead, first, 2)
    _plan(lead, "Small", 2, 1, first)
    client.force_login(lead)

    def grow():
        for title in ("Second", "Third"):
            _readings(lead, make_objective(lead, title, owner=PersonFactory(), **DATES), 4)
        _plan(lead, "Large", 6, 1, first)

    _assert_flat(client, "roadmap/index", _r("index"), _r("index"), grow)
    assert KpiReading.objects.count() == 10 and Milestone.objects.count() == 8
    response = client.get(_r("index"))
    assert len(response.context["objectives"]) == 3 and len(response.context["upcoming"]) <= 8


def test_objective_query_count_is_flat(client, personas):
    lead = personas.lead
    objective = make_objective(lead, "Grow", owner=lead.person, **DATES)
    _readings(lead, objective, 2)
    _plan(lead, "Plan", 3, 1, objective)
    client.force_login(lead)
    url = _r("objective", objective.pk)
    _assert_flat(
        client, "roadmap/objective", url, url, lambda: _readings(lead, objective, 18, start=3)
    )
    assert len(client.get(url).context["readings"]) == 20


@pytest.mark.parametrize("persona", ["lead", "member"])
def test_roadmap_detail_query_count_is_flat(client, personas, persona):
    objective = make_objective(personas.lead, "Grow", **DATES)
    small = _plan(personas.lead, "Small", 2, 1, objective)
    large = _plan(personas.lead, "Large", 12, 3, objective)
    client.force_login(getattr(personas, persona))
    _assert_flat(
        client, f"roadmap/detail-{persona}", _r("detail", small.pk), _r("detail", large.pk)
    )
    phases = client.get(_r("detail", large.pk)).context["phases"]
    assert sum(len(p.milestones.all()) for p in phases) == 12
    assert sum(len(p.sourcing_options.all()) for p in phases) == 6


def test_feeds_page_query_count_is_flat(client, personas):
    lead = personas.lead

    def fill(n):
        for i in range(n):
            roadmap = _plan(lead, f"R{n}-{i}", 0, 0)
            if i % 2 == 0:
                services.calendar_token_issue(actor=lead, roadmap=roadmap)

    fill(1)
    services.calendar_token_issue(actor=lead, user=lead)
    client.force_login(lead)
    _assert_flat(client, "roadmap/feeds", _r("feeds"), _r("feeds"), lambda: fill(5))
    assert len(client.get(_r("feeds")).context["roadmaps"]) == 6


@pytest.mark.parametrize("kind", ["user", "roadmap"])
def test_ics_feed_query_count_is_flat(client, personas, kind):
    lead, member = personas.lead, personas.member
    roadmaps = {n: _plan(lead, f"R{n}", 0, 0) for n in (2, 12)}
    for n, roadmap in roadmaps.items():
        for i in range(n):
            _milestone(lead, roadmap.phases.first(), f"M{n}-{i}", member.person, due=i)
    if kind == "user":
        url = _r("feed", services.calendar_token_issue(actor=member, user=member).token)
        small, large = (Milestone.objects.filter(phase__roadmap=roadmaps[n]) for n in (2, 12))

        def grow():
            large.update(owner=member.person)
            small.update(owner=PersonFactory())

        large.update(owner=PersonFactory())
        _assert_flat(client, "roadmap/feed-user", url, url, grow)
        assert len(_events(client.get(url))) == 12
    else:
        small, large = (
            services.calendar_token_issue(actor=lead, roadmap=roadmaps[n]) for n in (2, 12)
        )
        _assert_flat(
            client, "roadmap/feed-roadmap", _r("feed", small.token), _r("feed", large.token)
        )
        assert len(_events(client.get(_r("feed", large.token)))) == 12
