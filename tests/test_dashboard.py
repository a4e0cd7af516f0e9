"""The home page: the leads' dashboard, made of panels the apps register, and team members' tasks
and channels; the daily risk snapshot behind its trend."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from channels_registry import services as registry_services
from channels_registry.models import RiskSnapshot
from channels_registry.tasks import risk_snapshot_take
from core.dashboard import OVERVIEW, PERSONAL, dashboard_panels
from governance import services
from roadmap import services as roadmap_services
from roadmap.choices import RoadmapTemplate
from tests.factories import ChannelFactory, GrantFactory, PartnerFactory, PersonFactory
from tests.support.queries import pinned_queries

pytestmark = pytest.mark.django_db

OVERVIEW_PANELS = {
    "delivery",
    "risk",
    "drift",
    "access",
    "reviews",
    "policies",
    "platforms",
    "roadmap",
}
SHOWN_ALWAYS = OVERVIEW_PANELS - {"delivery"}  # shown only while some reminder has failed
PERSONAL_PANELS = {"my_tasks", "my_channels"}


def test_every_app_contributes_its_panels():
    assert {p.key for p in dashboard_panels if p.audience == OVERVIEW} == OVERVIEW_PANELS
    assert {p.key for p in dashboard_panels if p.audience == PERSONAL} == PERSONAL_PANELS


@pytest.mark.parametrize(
    "persona, panels",
    [
        ("admin", SHOWN_ALWAYS),
        ("lead", SHOWN_ALWAYS),
        ("auditor", SHOWN_ALWAYS),
        ("owner", PERSONAL_PANELS),
        ("member", PERSONAL_PANELS),
        ("partner", PERSONAL_PANELS),
        ("outsider", PERSONAL_PANELS),
    ],
)
def test_each_persona_lands_on_its_home(client, personas, persona, panels):
    client.force_login(getattr(personas, persona))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    shown = {panel.key for panel, _ in response.context["panels"]}
    assert shown == panels
    for key in panels:
        assert f'id="panel-{key}"'.encode() in response.content


def test_the_risk_panel_counts_and_links_to_the_filtered_list(client, personas):
    ChannelFactory.create_batch(3, backup_owner=None)
    ChannelFactory(backup_owner=None, status="archived")  # archived channels carry no risk
    client.force_login(personas.lead)
    response = client.get(reverse("home"))
    rows = {label: count for label, count, *_ in response.context["panels"][0][1]["rows"]}
    assert rows["No backup owner"] == 3
    assert (
        f'href="{reverse("channels_registry:index")}?risk=no_backup"'.encode() in response.content
    )


def test_the_snapshot_is_idempotent_and_feeds_the_trend(client, personas):
    ChannelFactory.create_batch(2, backup_owner=None)
    today = timezone.localdate()
    registry_services.risk_snapshot_take(day=today - dt.timedelta(days=1))
    assert risk_snapshot_take.delay().get() >= 2  # the beat task, run eagerly here
    assert risk_snapshot_take.delay().get() >= 2  # again the same day: the counts update
    assert RiskSnapshot.objects.filter(day=today, flag="no_backup").get().count == 2
    client.force_login(personas.lead)
    risk = dict(client.get(reverse("home")).context["panels"])
    trend = next(data for panel, data in risk.items() if panel.key == "risk")["trend"]
    assert trend is not None and trend.latest >= 2


def test_team_members_see_their_tasks_and_their_channels(client, personas):
    mine = ChannelFactory(business_owner=personas.owner.person, name="Owner's page")
    leaver = PersonFactory()
    GrantFactory(channel=mine, person=leaver)
    services.offboarding_start(
        actor=personas.lead, person=leaver, last_day=timezone.localdate() + dt.timedelta(days=3)
    )
    client.force_login(personas.owner)
    content = client.get(reverse("home")).content.decode()
    assert "Owner&#x27;s page" in content or "Owner's page" in content
    assert "Revocations and hand-overs" in content


def _grow(size: int, lead) -> None:
    """An organisation with `size` of each thing every panel reads."""
    partner = PartnerFactory()
    for _ in range(size):
        channel = ChannelFactory(backup_owner=None)
        GrantFactory(channel=channel)
        GrantFactory(
            channel=channel,
            person=PersonFactory(partner=partner, kind="agency_staff", team=None),
            expires_on=timezone.localdate() + dt.timedelta(days=10),
        )
    roadmap = roadmap_services.roadmap_create(
        actor=lead,
        name=f"Plan {size}",
        starts_on=timezone.localdate() - dt.timedelta(days=40),
        template=RoadmapTemplate.TIME_WINDOWS,
    )
    for index in range(size):
        roadmap_services.milestone_save(
            actor=lead,
            phase=roadmap.phases.first(),
            title=f"Milestone {size}-{index}",
            owner=None,
            due_on=timezone.localdate() + dt.timedelta(days=index - 2),
            status="planned",
            objective=None,
        )


def _pinned(client, name: str = "dashboard/home-lead") -> None:
    with pinned_queries(name):
        assert client.get(reverse("home")).status_code == 200


def test_the_dashboard_takes_a_pinned_number_of_queries(client, personas):
    client.force_login(personas.lead)
    client.get(reverse("home"))  # the first request of a session records it
    _grow(2, personas.lead)
    cache.clear()  # the shared panels counted afresh (tests commit nothing: the version stays)
    _pinned(client)
    _pinned(client, "dashboard/home-lead-kept")  # then kept: only what is the lead's own
    _grow(20, personas.lead)
    cache.clear()
    _pinned(client)  # the same count with a larger organisation
    _pinned(client, "dashboard/home-lead-kept")


def test_a_team_members_dashboard_takes_a_pinned_number_of_queries(client, personas):
    """Their tasks and channels: counted, then kept for them until the register changes."""
    owner = personas.owner.person

    def grow(size):
        for _ in range(size):
            channel = ChannelFactory(business_owner=owner, backup_owner=None)
            GrantFactory(channel=channel, expires_on=timezone.localdate() + dt.timedelta(days=5))

    client.force_login(personas.owner)
    client.get(reverse("home"))  # the first request of a session records it
    for size in (2, 20):
        grow(size)
        cache.clear()
        _pinned(client, "dashboard/home-owner")
        _pinned(client, "dashboard/home-owner-kept")


def test_a_team_members_panels_are_theirs_and_counted_again_once_a_change_commits(
    client, personas, django_capture_on_commit_callbacks
):
    ChannelFactory(business_owner=personas.owner.person, name="Owner's first page")

    def channels(user):
        client.force_login(user)
        home = client.get(reverse("home"))
        return next(data for panel, data in home.context["panels"] if panel.key == "my_channels")

    assert channels(personas.owner)["count"] == 1
    assert channels(personas.member)["count"] == 0  # another user: not the owner's kept panel
    second = ChannelFactory(name="Owner's second page")
    with django_capture_on_commit_callbacks(execute=True):
        registry_services.channel_update(
            actor=personas.lead, channel=second, business_owner=personas.owner.person
        )
    assert channels(personas.owner)["count"] == 2


def _risk_rows(client) -> dict[str, int]:
    risk = next(data for panel, data in client.get(reverse("home")).context["panels"])
    return {label: count for label, count, *_ in risk["rows"]}


def test_the_shared_panels_are_counted_again_once_a_change_commits(
    client, personas, django_capture_on_commit_callbacks
):
    client.force_login(personas.lead)
    assert _risk_rows(client)["No backup owner"] == 0
    channel = ChannelFactory(backup_owner=None)  # written behind the services' back
    assert _risk_rows(client)["No backup owner"] == 0  # kept: nothing recorded a change
    with django_capture_on_commit_callbacks(execute=True):
        registry_services.channel_update(actor=personas.lead, channel=channel, name="Renamed")
    assert _risk_rows(client)["No backup owner"] == 1
    # Another lead reads the same counts; a reader in French gets them in French.
    client.force_login(personas.auditor)
    assert _risk_rows(client)["No backup owner"] == 1
    french = client.get(reverse("home"), headers={"accept-language": "fr"}).content.decode()
    assert "Pas de propriétaire suppléant" in french
