"""The API's tests: tokens for the personas, a client that sends them, and a small world."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from accounts import services as account_services
from audits import services as audit_services
from channels_registry.models import Platform
from governance import services
from roadmap import services as roadmap_services
from tests.factories import ChannelFactory, GrantFactory, PersonFactory, role
from tests.support.builders import make_audit, make_objective

# A fixed moment for what the services date: no test depends on today.
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def make_token(user, scopes=("write",), *, days: int = 30, kind: str = "personal"):
    """A token for `user`; its secret is in `.secret`."""
    return account_services.api_token_create(
        actor=user,
        user=user,
        kind=kind,
        name="tests",
        scopes=list(scopes),
        expires_at=timezone.now() + dt.timedelta(days=days),
    )


class Api:
    """Calls /api/v1/ with a bearer token (or none), JSON in and out."""

    def __init__(self, secret: str | None = None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def _call(self, method: str, path: str, data=None, headers=None, **params):
        url = path if path.startswith(("/", "http")) else f"/api/v1/{path}"
        kwargs = {"headers": {**self.headers, **(headers or {})}}
        if method == "get":
            return self.client.get(url, params, **kwargs)
        body = json.dumps(data or {})
        return getattr(self.client, method)(url, body, content_type="application/json", **kwargs)

    def get(self, path, headers=None, **params):
        return self._call("get", path, headers=headers, **params)

    def post(self, path, data=None, headers=None):
        return self._call("post", path, data, headers)

    def patch(self, path, data=None, headers=None):
        return self._call("patch", path, data, headers)


@pytest.fixture
def api_as(personas):
    """`api_as("lead", scopes=[...])`: an Api with a fresh token of that persona."""

    def make(name: str, scopes=("write",)) -> Api:
        return Api(make_token(getattr(personas, name), scopes).secret)

    return make


@pytest.fixture
def world(personas):
    """The owner's channel (the member holds access to it and asks for more), and another
    channel nobody but leads, auditors and admins sees."""
    ours = ChannelFactory(
        name="Acme Facebook", business_owner=personas.owner.person, backup_owner=None
    )
    theirs = ChannelFactory(name="Hidden page")
    member_grant = GrantFactory(
        channel=ours, person=personas.member.person, role=role(level="publish")
    )
    hidden_grant = GrantFactory(channel=theirs, role=role(level="admin"))
    request = services.request_create(
        actor=personas.lead,
        channel=ours,
        person=personas.lead.person,
        role=role(level="analyse"),
        reason="Reads the numbers",
    )
    return type(
        "World",
        (),
        {
            "ours": ours,
            "theirs": theirs,
            "member_grant": member_grant,
            "hidden_grant": hidden_grant,
            "request": request,
        },
    )


@pytest.fixture
def leaving(personas, world):
    """A leaver who publishes on the owner's channel: their off-boarding (started by the lead,
    a month ahead) hands the owner a revocation task; `stayer` has none yet."""
    leaver = PersonFactory(first_name="Lee", last_name="Leaver")
    GrantFactory(channel=world.ours, person=leaver, role=role(level="publish"))
    offboarding = services.offboarding_start(
        actor=personas.lead,
        person=leaver,
        last_day=NOW.date() + dt.timedelta(days=30),
        reason="Moves abroad",
        now=NOW,
    )
    return type(
        "Leaving",
        (),
        {
            "offboarding": offboarding,
            "task": offboarding.tasks.get(),
            "stayer": PersonFactory(first_name="Sam", last_name="Stayer"),
        },
    )


@pytest.fixture
def reviewing(personas, world):
    """An open campaign on the owner's channel's platform: the member's grant is an item the
    owner reviews."""
    review = services.review_create(
        actor=personas.lead,
        name="Quarterly",
        scope_platform=world.ours.platform,
        due_on=NOW.date() + dt.timedelta(days=14),
        now=NOW,
    )
    review = services.review_open(actor=personas.lead, review=review, now=NOW)
    return type(
        "Reviewing",
        (),
        {"review": review, "item": review.items.get(grant=world.member_grant)},
    )


@pytest.fixture
def policy(personas, world):
    """The social media policy in force, owned by the owner, for everyone holding access; the
    member has accepted it (`.acknowledgement`)."""
    made = services.policy_create(
        actor=personas.lead,
        title="Social media policy",
        kind="social_media_policy",
        body="Be kind.",
        owner=personas.owner.person,
        effective_on=NOW.date(),
    )
    services.policy_version_publish(actor=personas.lead, version=made.versions.get(), now=NOW)
    made.refresh_from_db()
    made.acknowledgement = services.policy_acknowledge(actor=personas.member, policy=made, now=NOW)
    return made


@pytest.fixture
def auditing(personas, world):
    """A completed audit of both channels (scored 4, with a finding), and an audit in progress
    of the owner's channel that the partner's person conducts (an outside consultant: they see
    it until it is completed); a "not now" evaluation of TikTok."""
    day = NOW.date()
    completed = make_audit(
        personas.lead, [world.ours, world.theirs], day, "completed", 4, title="Spring"
    )
    finding = audit_services.finding_save(
        actor=personas.lead,
        audit=completed,
        channels=[world.theirs],
        severity="high",
        observed="Two-factor off",
        recommendation="Turn it on",
        status="open",
    )
    conducted = make_audit(
        personas.lead,
        [world.ours],
        day + dt.timedelta(days=1),
        auditor=personas.partner.person,
        title="Consultant's",
    )
    evaluation = audit_services.evaluation_record(
        actor=personas.lead,
        platform=Platform.objects.get(slug="tiktok"),
        decision="not_now",
        rationale="Our audience is elsewhere",
        evaluated_on=day,
        next_evaluation_on=day + dt.timedelta(days=90),
    )
    return type(
        "Auditing",
        (),
        {
            "completed": completed,
            "finding": finding,
            "conducted": conducted,
            "evaluation": evaluation,
        },
    )


@pytest.fixture
def planning(personas):
    """The primary objective (followers, 1,000 to 2,000 over the year) with a reading on NOW's
    eve, and a second one without reading."""
    year = NOW.date().replace(month=1, day=1)
    objective = make_objective(
        personas.lead, "Grow", baseline_on=year, deadline=year.replace(month=12, day=31)
    )
    reading = roadmap_services.reading_add(
        actor=personas.lead,
        objective=objective,
        measured_on=NOW.date() - dt.timedelta(days=1),
        value=Decimal("1100"),
    )
    second = make_objective(
        personas.lead, "Engage", baseline_on=year, deadline=year.replace(month=6, day=30)
    )
    return type("Planning", (), {"objective": objective, "reading": reading, "second": second})
