"""The history endpoint (/api/v1/history/): the rows the pages show each persona, its filters,
its refusals as problem documents, newest first by cursor."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from accounts.scopes import SCOPES
from accounts.selectors import HistoryShown, history_shown
from channels_registry.services import channel_update
from governance.access.selectors import requests_visible_to
from governance.models import AccessRequest
from tests.api.conftest import NOW, Api

pytestmark = pytest.mark.django_db

# Admins, leads and auditors read everything, its history too ("who held admin on that date").
SEES_EVERYTHING = ("admin", "lead", "auditor", "lead_auditor")
CHANNELS = {"object_type": "channels_registry.channel"}


@pytest.fixture
def changes(personas, world):
    """Three changes to the owner's channel on three days (the lead, the owner, the lead), one
    to the hidden channel; the world's access request wrote a row about the request."""
    for day, (who, purpose) in enumerate(
        [("lead", "Care"), ("owner", "News"), ("lead", "Jobs")], start=1
    ):
        with time_machine.travel(NOW + dt.timedelta(days=day), tick=False):
            channel_update(actor=getattr(personas, who), channel=world.ours, purpose=purpose)
    with time_machine.travel(NOW + dt.timedelta(days=4), tick=False):
        channel_update(actor=personas.lead, channel=world.theirs, purpose="Secret")


def _rows(api: Api, **params) -> list[dict]:
    answer = api.get("history/", **params)
    assert answer.status_code == 200, answer.content
    return answer.json()["results"]


def _about(rows: list[dict]) -> list[tuple[str, str]]:
    return [(row["object_type"], row["object_repr"]) for row in rows]


@pytest.mark.parametrize(
    "persona", ["admin", "lead", "auditor", "lead_auditor", "owner", "member", "partner"]
)
def test_each_persona_reads_the_history_the_pages_show_them(
    api_as, personas, world, changes, persona
):
    rows = _rows(api_as(persona, ["history:read"]))
    channel_rows = [r for r in rows if r["object_type"] == "channels_registry.channel"]
    ours = [r for r in channel_rows if r["object_id"] == str(world.ours.pk)]
    theirs = [r for r in channel_rows if r["object_id"] == str(world.theirs.pk)]
    if persona in SEES_EVERYTHING:  # every row, the request's too
        assert len(ours) == 3 and len(theirs) == 1
        assert any(r["object_type"] == "governance.accessrequest" for r in rows)
    elif persona in ("owner", "member"):  # the channel they own or hold access to
        assert (len(ours), len(rows)) == (3, 3)
    else:  # the partner sees neither channel
        assert rows == []


def test_a_row_about_a_channel_you_cannot_see_answers_404(api_as, world, changes):
    lead_rows = _rows(api_as("lead", ["read"]), object_type="channels_registry.channel")
    hidden = next(r for r in lead_rows if r["object_id"] == str(world.theirs.pk))
    ours = next(r for r in lead_rows if r["object_id"] == str(world.ours.pk))
    owner = api_as("owner", ["read"])
    assert owner.get(f"history/{ours['id']}/").json()["object_repr"] == str(world.ours)
    missing = owner.get(f"history/{hidden['id']}/")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"


def test_newest_first_by_cursor(api_as, world, changes):
    api = api_as("lead", ["read"])
    first = api.get("history/", page_size=2, **CHANNELS).json()
    second = api.get(first["next"]).json()
    stamps = [row["changed_at"] for row in first["results"] + second["results"]]
    assert stamps == sorted(stamps, reverse=True) and len(stamps) == 4
    assert second["next"] is None


def test_filter_by_object(api_as, world, changes):
    api = api_as("owner", ["read"])
    rows = _rows(api, object_type="channels_registry.channel", object_id=str(world.ours.pk))
    assert [r["changes"]["purpose"][1] for r in rows] == ["Jobs", "News", "Care"]
    assert _rows(api, object_type="Channels_Registry.Channel", object_id="999999") == []
    # A type alone: every row of that model the user sees.
    lead_rows = _rows(api_as("admin", ["read"]), object_type="governance.accessrequest")
    assert _about(lead_rows) == [("governance.accessrequest", str(world.request))]


def test_filter_by_actor_and_action(api_as, personas, changes):
    api = api_as("owner", ["read"])
    by_owner = _rows(api, actor=personas.owner.pk)
    assert [r["changes"]["purpose"][1] for r in by_owner] == ["News"]
    assert by_owner[0]["actor"] == personas.owner.pk
    assert by_owner[0]["actor_label"] == "owner@example.org"
    assert len(_rows(api, actor=personas.lead.pk)) == 2
    assert len(_rows(api, action="update")) == 3
    assert _rows(api, action="delete") == []


def test_filter_by_dates_and_datetimes(api_as, changes):
    api = api_as("lead", ["read"])
    day = NOW.date()

    def purposes(**params) -> list[str]:
        return [r["changes"]["purpose"][1] for r in _rows(api, **CHANNELS, **params)]

    # `after` from (inclusive), `before` until (exclusive); a date is its midnight, site time.
    assert purposes(after=str(day + dt.timedelta(days=2))) == ["Secret", "Jobs", "News"]
    assert purposes(before=str(day + dt.timedelta(days=2))) == ["Care"]
    assert purposes(
        after=str(day + dt.timedelta(days=2)), before=str(day + dt.timedelta(days=4))
    ) == ["Jobs", "News"]
    moment = (NOW + dt.timedelta(days=2)).isoformat()  # 2026-03-04T09:00:00+00:00
    assert purposes(after=moment) == ["Secret", "Jobs", "News"]
    assert purposes(before=moment) == ["Care"]
    assert purposes(after=moment.replace("+00:00", "Z"), action="update")[-1] == "News"
    # An offset Python reads but PostgreSQL would not: compared in UTC.
    assert purposes(before="2026-03-03T11:00:00-21:43") == ["Care"]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"after": "yesterday"}, "after"),
        ({"before": "2026-02-30"}, "before"),
        ({"before": "9999-12-31T23:00:00-21:43"}, "before"),  # past the last moment in UTC
        ({"after": "2026-03-05", "before": "2026-03-01"}, "before"),
        ({"object_type": "channels.nothing"}, "object_type"),
        ({"object_type": "nonsense"}, "object_type"),
        ({"object_id": "3"}, "object_id"),
        ({"object_type": "channels_registry.\x00"}, "object_type"),
        ({"object_type": "channels_registry.channel", "object_id": "\x00"}, "object_id"),
        ({"actor": "someone"}, "actor"),
        ({"action": "erase"}, "action"),
    ],
)
def test_a_bad_filter_answers_a_400_problem(api_as, changes, params, field):
    answer = api_as("lead", ["read"]).get("history/", **params)
    assert answer.status_code == 400
    assert answer["Content-Type"] == "application/problem+json"
    problem = answer.json()
    assert problem["type"] == "urn:gouvernail:problem:validation"
    assert [error["pointer"] for error in problem["errors"]] == [f"#/{field}"]
    assert problem["detail"]


def test_the_history_scope(api_as, changes):
    assert api_as("lead", ["history:read"]).get("history/").status_code == 200
    assert "history:write" not in SCOPES  # the API only reads it
    refused = api_as("lead", ["channels:read"]).get("history/")
    assert refused.status_code == 403
    # Read only: no write, whatever the scope.
    assert api_as("admin", ["write"]).post("history/", {}).status_code == 405


def test_an_app_shows_another_models_history_through_the_slot(api_as, world, changes):
    """A model registered in `history_shown` with its page's selector: its rows reach whoever
    sees the object there, and no one else (here the access requests, as the request pages
    would show them: the lead's request on the owner's channel)."""
    kind = {"object_type": "governance.accessrequest"}
    owner, outsider = api_as("owner", ["read"]), api_as("outsider", ["read"])
    assert _rows(owner, **kind) == []  # no page shows a request's history today
    with history_shown.registered(HistoryShown(AccessRequest, requests_visible_to)):
        assert _about(_rows(owner, **kind)) == [("governance.accessrequest", str(world.request))]
        assert _rows(outsider, **kind) == []
