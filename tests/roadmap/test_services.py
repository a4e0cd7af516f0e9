"""Roadmap: the three-objectives and one-primary rules, on-track, templates, late milestones,
findings turned into milestones, sourcing costs, calendar feeds and the milestone reminders."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal
from functools import partial

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connections, transaction
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from audits import services as audit_services
from audits.choices import FindingStatus, Severity
from governance.models import Reminder
from governance.reminders import engine
from roadmap import calendar, services
from roadmap.choices import MilestoneStatus, ObjectiveStatus, RoadmapTemplate, SourcingKind
from roadmap.models import Milestone, Objective
from roadmap.progress import BEHIND, NO_READING, ON_TRACK, REACHED, expected, progress
from tests.factories import ChannelFactory
from tests.services import require_postgresql
from tests.support.builders import make_objective
from tests.support.imports import assert_refuses_hostile_files, old_mac

pytestmark = pytest.mark.django_db
START = dt.date(2026, 1, 1)


# Objectives set on START, due 100 days later: from 100 to 200 is +1 a day.
_objective_from_start = partial(
    make_objective,
    baseline=100,
    target=200,
    baseline_on=START,
    deadline=START + dt.timedelta(days=100),
)


# Objectives ------------------------------------------------------------------------------------


def test_at_most_three_active_objectives_and_exactly_one_primary(personas):
    first = _objective_from_start(personas.lead, "One")
    assert first.primary  # the first active objective is the primary one
    second = _objective_from_start(personas.lead, "Two")
    third = _objective_from_start(personas.lead, "Three", primary=True)
    first.refresh_from_db()
    second.refresh_from_db()
    assert [first.primary, second.primary, third.primary] == [False, False, True]
    with pytest.raises(ValidationError, match="already 3 active objectives"):
        _objective_from_start(personas.lead, "Four")
    with pytest.raises(ValidationError, match="make another one primary"):
        services.objective_close(actor=personas.lead, objective=third, status="achieved")
    services.objective_set_primary(actor=personas.lead, objective=first)
    services.objective_close(actor=personas.lead, objective=third, status=ObjectiveStatus.DROPPED)
    assert Objective.objects.filter(status="active", primary=True).get() == first
    _objective_from_start(personas.lead, "Four")  # room again


def test_the_database_refuses_a_second_active_primary(personas):
    _objective_from_start(personas.lead, "One")
    other = _objective_from_start(personas.lead, "Two")
    other.primary = True
    with pytest.raises(IntegrityError), transaction.atomic():
        other.save()


def test_objectives_are_checked(personas):
    with pytest.raises(ValidationError, match="other side of the baseline"):
        _objective_from_start(personas.lead, baseline=100, target=50, direction="increase")
    with pytest.raises(ValidationError, match="differ"):
        _objective_from_start(personas.lead, baseline=100, target=100)
    with pytest.raises(ValidationError, match="deadline"):
        _objective_from_start(personas.lead, deadline=START)


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_cannot_make_a_fourth_objective(personas):
    """Two requests at once for the third and fourth slots: one of them is refused."""
    require_postgresql()
    _objective_from_start(personas.lead, "One")
    _objective_from_start(personas.lead, "Two")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(title: str) -> None:
        try:
            barrier.wait()
            _objective_from_start(personas.lead, title)
            outcomes.append("created")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(t,)) for t in ("Three", "Four")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["created", "refused"]
    assert Objective.objects.filter(status="active").count() == 3
    assert Objective.objects.filter(status="active", primary=True).count() == 1


def test_on_track_against_the_line_to_the_target(personas):
    up = _objective_from_start(personas.lead, "Up")  # 100 → 200 over 100 days: +1 a day
    assert expected(up, START + dt.timedelta(days=40)) == Decimal(140)

    def reading(objective, day, value):
        return services.reading_add(
            actor=personas.lead,
            objective=objective,
            measured_on=START + dt.timedelta(days=day),
            value=Decimal(value),
        )

    assert progress(up, []).state == NO_READING
    assert progress(up, [reading(up, 40, 145)]).state == ON_TRACK
    assert progress(up, [*up.readings.all(), reading(up, 50, 149)]).state == BEHIND
    assert progress(up, [*up.readings.all(), reading(up, 60, 205)]).state == REACHED
    down = _objective_from_start(personas.lead, "Down", baseline=30, target=4, direction="decrease")
    assert progress(down, [reading(down, 50, 16)]).state == ON_TRACK  # expected 17
    assert progress(down, [reading(down, 51, 20)]).state == BEHIND
    with pytest.raises(ValidationError, match="already a reading"):
        reading(up, 40, 150)
    with pytest.raises(ValidationError, match="future"):
        services.reading_add(
            actor=personas.lead,
            objective=up,
            measured_on=START + dt.timedelta(days=101),
            value=Decimal(1),
            today=START + dt.timedelta(days=100),
        )


# Roadmaps and milestones -----------------------------------------------------------------------


def test_the_time_window_template(personas):
    roadmap = services.roadmap_create(
        actor=personas.lead, name="Year 1", starts_on=START, template=RoadmapTemplate.TIME_WINDOWS
    )
    phases = list(roadmap.phases.order_by("order"))
    assert [(p.starts_on, p.ends_on) for p in phases] == [
        (dt.date(2026, 1, 1), dt.date(2026, 1, 31)),
        (dt.date(2026, 2, 1), dt.date(2026, 3, 31)),
        (dt.date(2026, 4, 1), dt.date(2026, 6, 30)),
        (dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
        (dt.date(2026, 10, 1), dt.date(2026, 12, 31)),
    ]


def test_the_sourcing_path_template(personas):
    roadmap = services.roadmap_create(
        actor=personas.lead, name="Path", starts_on=START, template=RoadmapTemplate.SOURCING
    )
    phases = list(roadmap.phases.order_by("order"))
    assert [p.name for p in phases] == [
        "Expert engagement",
        "Outsourced engagement",
        "Bring it home",
    ]
    assert phases[1].ends_on == dt.date(2027, 3, 31)  # 3 + 12 months of outsourcing
    assert phases[0].milestones.count() == 3


def test_late_is_computed_and_done_records_the_day(personas):
    roadmap = services.roadmap_create(
        actor=personas.lead, name="R", starts_on=START, template=RoadmapTemplate.TIME_WINDOWS
    )
    phase = roadmap.phases.first()
    milestone = services.milestone_save(
        actor=personas.lead,
        phase=phase,
        title="Audit",
        owner=None,
        due_on=dt.date(2026, 1, 20),
        status=MilestoneStatus.PLANNED,
        objective=None,
    )
    assert milestone.is_late(dt.date(2026, 1, 21)) and not milestone.is_late(dt.date(2026, 1, 20))
    services.milestone_set_status(actor=personas.lead, milestone=milestone, status="done")
    milestone.refresh_from_db()
    assert milestone.done_on == timezone.localdate()
    assert not milestone.is_late(dt.date(2026, 3, 1))


def test_a_finding_becomes_a_milestone_and_shows_it(personas):
    channel = ChannelFactory()
    audit = audit_services.audit_create(
        actor=personas.lead,
        title="Audit",
        conducted_on=START,
        auditor=None,
        channels=[channel],
        summary="",
    )
    finding = audit_services.finding_save(
        actor=personas.lead,
        audit=audit,
        severity=Severity.HIGH,
        observed="Single admin",
        recommendation="Add a second admin",
        status=FindingStatus.OPEN,
        channels=[channel],
    )
    roadmap = services.roadmap_create(
        actor=personas.lead, name="R", starts_on=START, template=RoadmapTemplate.TIME_WINDOWS
    )
    milestone = services.milestone_from_finding(
        actor=personas.lead, finding=finding, phase=roadmap.phases.first(), due_on=START
    )
    finding.refresh_from_db()
    assert milestone.title == "Add a second admin" and milestone.finding == finding
    assert finding.status == FindingStatus.PLANNED
    assert finding.follow_up_url.endswith(f"#milestone-{milestone.pk}")
    with pytest.raises(ValidationError, match="already has its milestone"):
        services.milestone_from_finding(
            actor=personas.lead, finding=finding, phase=roadmap.phases.first(), due_on=START
        )
    closed = audit_services.finding_save(
        actor=personas.lead,
        audit=audit,
        severity=Severity.LOW,
        observed="Bios differ",
        recommendation="Apply the brand kit",
        status=FindingStatus.DONE,
        channels=[channel],
    )
    with pytest.raises(ValidationError, match="closed"):
        services.milestone_from_finding(
            actor=personas.lead, finding=closed, phase=roadmap.phases.first(), due_on=START
        )
    assert not Milestone.objects.filter(finding=closed).exists()


def test_sourcing_costs_side_by_side(personas):
    roadmap = services.roadmap_create(
        actor=personas.lead, name="R", starts_on=START, template=RoadmapTemplate.TIME_WINDOWS
    )
    phase = roadmap.phases.get(order=3)  # April to June: 91 days, 3.0 months
    assert phase.months == Decimal("3.0")
    in_house = services.sourcing_option_save(
        actor=personas.lead,
        phase=phase,
        kind=SourcingKind.IN_HOUSE,
        label="Employee",
        partner=None,
        hourly_rate=Decimal("38.50"),
        hours_per_month=Decimal("80"),
        monthly_fee=None,
    )
    agency = services.sourcing_option_save(
        actor=personas.lead,
        phase=phase,
        kind=SourcingKind.AGENCY,
        label="Agency",
        partner=None,
        hourly_rate=Decimal("90"),
        hours_per_month=Decimal("20"),
        monthly_fee=Decimal("4500"),
    )
    assert in_house.monthly_cost == Decimal("3080.00")
    assert in_house.phase_cost == Decimal("9240.00")
    assert agency.monthly_cost == Decimal("4500")  # a fee wins over rate times hours
    assert agency.phase_cost == Decimal("13500.00")
    with pytest.raises(ValidationError, match="monthly fee"):
        services.sourcing_option_save(
            actor=personas.lead,
            phase=phase,
            kind=SourcingKind.CONSULTANT,
            label="",
            partner=None,
            hourly_rate=Decimal("100"),
            hours_per_month=None,
            monthly_fee=None,
        )
    services.sourcing_option_choose(actor=personas.lead, option=in_house, rationale="Cheaper")
    services.sourcing_option_choose(actor=personas.lead, option=agency, rationale="Faster")
    in_house.refresh_from_db()
    assert not in_house.chosen and phase.sourcing_options.get(chosen=True) == agency


# Calendar feeds ----------------------------------------------------------------------------------


def test_the_feeds_parse_back_and_a_revoked_token_answers_404(client, personas):
    roadmap = services.roadmap_create(
        actor=personas.lead, name="Year", starts_on=START, template=RoadmapTemplate.TIME_WINDOWS
    )
    phase = roadmap.phases.first()
    for title, owner in (("Mine", personas.member.person), ("Other", None)):
        services.milestone_save(
            actor=personas.lead,
            phase=phase,
            title=title,
            owner=owner,
            due_on=dt.date(2026, 1, 20),
            status=MilestoneStatus.PLANNED,
            objective=None,
        )
    mine = Calendar.from_ical(calendar.user_feed(personas.member, "Mine"))
    events = mine.walk("VEVENT")
    # The milestone reminder kind's line: the feed lists what the providers say.
    assert [str(e["summary"]) for e in events] == ["Milestone “Mine” of Year"]
    assert events[0].decoded("dtstart") == dt.date(2026, 1, 20)
    whole = Calendar.from_ical(calendar.roadmap_feed(roadmap))
    uids = [str(e["uid"]) for e in whole.walk("VEVENT")]
    assert len(uids) == 2 == len(set(uids))

    token = services.calendar_token_issue(actor=personas.member, user=personas.member)
    url = reverse("roadmap:feed", args=[token.token])
    response = client.get(url)  # no login: a calendar application fetches it
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert Calendar.from_ical(response.content).walk("VEVENT")
    again = services.calendar_token_issue(actor=personas.member, user=personas.member)
    assert client.get(url).status_code == 404  # the previous address stopped working
    services.calendar_token_revoke(actor=personas.member, token=again)
    assert client.get(reverse("roadmap:feed", args=[again.token])).status_code == 404


# The reminder kind -----------------------------------------------------------------------------


def test_milestones_due_and_late_are_reminded_to_their_owner(personas):
    roadmap = services.roadmap_create(
        actor=personas.lead, name="R", starts_on=START, template=RoadmapTemplate.TIME_WINDOWS
    )
    phase = roadmap.phases.first()
    today = timezone.localdate()
    late = services.milestone_save(
        actor=personas.lead,
        phase=phase,
        title="Late one",
        owner=personas.member.person,
        due_on=today - dt.timedelta(days=3),
        status=MilestoneStatus.IN_PROGRESS,
        objective=None,
    )
    services.milestone_save(
        actor=personas.lead,
        phase=phase,
        title="Done one",
        owner=personas.member.person,
        due_on=today - dt.timedelta(days=3),
        status=MilestoneStatus.DONE,
        objective=None,
    )
    orphan = services.milestone_save(
        actor=personas.lead,
        phase=phase,
        title="Nobody's",
        owner=None,
        due_on=today + dt.timedelta(days=5),
        status=MilestoneStatus.PLANNED,
        objective=None,
    )
    sections = engine.my_tasks(personas.member)
    [section] = [s for s in sections if str(s["label"]) == "Roadmap milestones"]
    assert [i.item_id for i in section["items"]] == [late.pk] and section["overdue"] == 1
    lead_items = [
        i
        for s in engine.my_tasks(personas.lead)
        if str(s["label"]) == "Roadmap milestones"
        for i in s["items"]
    ]
    assert [i.item_id for i in lead_items] == [orphan.pk]
    engine.sweep(now=timezone.now())
    rows = Reminder.objects.filter(kind="milestone")
    assert set(rows.values_list("recipient_id", "item_id")) == {
        (personas.member.pk, late.pk),
        (personas.lead.pk, orphan.pk),
        (personas.lead_auditor.pk, orphan.pk),  # every lead
    }


def test_readings_import_all_or_nothing(client, personas):
    objective = _objective_from_start(personas.lead)
    client.force_login(personas.lead)
    url = reverse("roadmap:readings_import", args=[objective.pk])
    bad = "date,value,note\n2026-01-10,110,first\n2026-01-10,112,\n2026-02-30,1,\n2026-01-20,abc,\n"
    response = client.post(url, {"payload": bad, "apply": "1"})
    assert response.status_code == 200
    assert b"already on line 2" in response.content and b"is not a date" in response.content
    assert b"is not a number" in response.content
    assert not objective.readings.exists()
    good = 'date,value,note\n2026-01-10,110,first\n2026-01-20,"121,5",\n'
    response = client.post(url, {"payload": good, "apply": "1"})
    assert response.status_code == 302
    assert list(objective.readings.values_list("value", flat=True)) == [
        Decimal("110.00"),
        Decimal("121.50"),
    ]


def test_hostile_readings_files_are_refused_with_a_message_and_add_nothing(client, personas):
    objective = _objective_from_start(personas.lead)
    client.force_login(personas.lead)
    assert_refuses_hostile_files(
        client,
        reverse("roadmap:readings_import", args=[objective.pk]),
        header="date,value,note",
        row="2026-01-10,110,first",
        written=objective.readings.count,
    )


@pytest.mark.parametrize("value", ["NaN", "sNaN", "Infinity", "-Infinity", "inf"])
def test_a_reading_that_is_not_a_finite_number_is_a_line_error(client, personas, value):
    objective = _objective_from_start(personas.lead)
    client.force_login(personas.lead)
    url = reverse("roadmap:readings_import", args=[objective.pk])
    response = client.post(url, {"payload": f"date,value\n2026-01-10,{value}\n", "apply": "1"})
    assert response.status_code == 200
    assert f"value: “{value}” is not a number." in response.text
    assert not objective.readings.exists()


def test_a_readings_file_with_old_mac_line_endings_is_applied(client, personas):
    objective = _objective_from_start(personas.lead)
    client.force_login(personas.lead)
    url = reverse("roadmap:readings_import", args=[objective.pk])
    text = old_mac("date,value\n2026-01-10,110\n2026-01-20,121\n")
    assert client.post(url, {"payload": text, "apply": "1"}).status_code == 302
    assert objective.readings.count() == 2


def test_a_reading_too_large_is_reported_not_a_crash(client, personas):
    objective = _objective_from_start(personas.lead)
    client.force_login(personas.lead)
    url = reverse("roadmap:readings_import", args=[objective.pk])
    response = client.post(url, {"payload": "date,value\n2026-01-10,1e30\n", "apply": "1"})
    assert response.status_code == 200 and "value: “1e30” is too large." in response.text
    with pytest.raises(ValidationError):
        services.reading_add(
            actor=personas.lead,
            objective=objective,
            measured_on=START + dt.timedelta(days=1),
            value=Decimal("1e13"),
        )
