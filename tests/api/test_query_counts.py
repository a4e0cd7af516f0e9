"""Every list endpoint runs the same number of queries whatever the data: pinned exactly in
tests/query_counts.json (tests/support/queries.py), at two sizes under one name. Grants are
measured at 60 and at 6,000 rows."""

from __future__ import annotations

import time

import pytest
from django.utils import timezone

from accounts.models import Person
from audits.services import evaluation_record, finding_save
from channels_registry.models import Channel, Platform
from channels_registry.services import channel_update
from governance.models import AccessGrant
from governance.services import (
    offboarding_start,
    policy_acknowledge,
    policy_create,
    policy_version_publish,
    review_create,
    review_open,
)
from roadmap.services import objective_close, reading_add
from tests.api.conftest import NOW, Api, make_token
from tests.factories import ChannelFactory, GrantFactory, PersonFactory, role
from tests.support.builders import make_audit, make_objective
from tests.support.queries import pinned_queries

pytestmark = pytest.mark.django_db
DAY = NOW.date()
LATER = DAY + timezone.timedelta(days=30)

LISTS = ("platforms", "channels", "people", "teams", "partners", "grants", "requests", "my-tasks")
LISTS += ("offboardings", "offboarding-tasks", "reviews", "review-items")
LISTS += ("policies", "acknowledgements", "audits", "platform-evaluations", "objectives")
LISTS += ("kpi-readings", "history")


def _more(personas, world) -> None:
    for index in range(3):
        channel = ChannelFactory(business_owner=personas.owner.person)
        channel_update(actor=personas.lead, channel=channel, purpose="More")
        GrantFactory(channel=channel, person=personas.member.person)
        leaver = PersonFactory()
        GrantFactory(channel=channel, person=leaver)
        offboarding_start(actor=personas.lead, person=leaver, last_day=NOW.date(), now=NOW)
        review = review_create(actor=personas.lead, name="More", due_on=LATER, now=NOW)
        review_open(actor=personas.lead, review=review, now=NOW)
        more = policy_create(
            actor=personas.lead,
            title="More",
            kind="brand_voice",
            body="-",
            owner=personas.owner.person,  # as the first: who answers for it must not change
            effective_on=DAY,
        )
        policy_version_publish(actor=personas.lead, version=more.versions.get(), now=NOW)
        policy_acknowledge(actor=personas.member, policy=more, now=NOW)
        _more_audits_and_objectives(personas, channel, index)


def _more_audits_and_objectives(personas, channel, index: int) -> None:
    """A scored audit with a finding, an evaluation, a closed objective with a reading."""
    audit = make_audit(personas.lead, [channel], DAY, "completed", 3, auditor=personas.owner.person)
    finding_save(
        actor=personas.lead, audit=audit, channels=[channel], observed="More", severity="low"
    )
    platform = Platform.objects.order_by("pk")[index]
    evaluation_record(
        actor=personas.lead, platform=platform, decision="adopt", rationale="More", evaluated_on=DAY
    )
    year = DAY.replace(month=1, day=1)
    objective = make_objective(
        personas.lead, "More", baseline_on=year, deadline=year.replace(month=12, day=31)
    )
    reading_add(actor=personas.lead, objective=objective, measured_on=year, value=1500)
    objective_close(actor=personas.lead, objective=objective, status="achieved")


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("persona", ["lead", "owner"])
def test_list_endpoints_run_constant_queries(
    personas, world, leaving, reviewing, policy, auditing, planning, name, persona
):
    channel_update(actor=personas.lead, channel=world.ours, purpose="Pinned")  # some history
    api = Api(make_token(getattr(personas, persona), ["read"]).secret)
    api.get(f"{name}/")  # the token's first use is noted once (a conditional UPDATE)
    for size in ("small", "larger"):
        if size == "larger":
            _more(personas, world)
        with pinned_queries(f"api/{name}-{persona}"):
            assert api.get(f"{name}/").status_code == 200


def _grants(count: int) -> None:
    """`count` grants on count/person_count channels, in bulk (the factories would take long)."""
    person_count = min(count, 100)
    people = Person.objects.bulk_create(
        Person(first_name="P", last_name=str(i), email=f"bulk{count}-{i}@example.org")
        for i in range(person_count)
    )
    template = ChannelFactory()
    channels = Channel.objects.bulk_create(
        Channel(
            platform=template.platform,
            name=f"Bulk {count}-{i}",
            handle=f"bulk{count}-{i}",
            status="active",
            team=template.team,
            business_owner=template.business_owner,
        )
        for i in range(count // person_count)
    )
    publish = role(level="publish")
    AccessGrant.objects.bulk_create(
        AccessGrant(
            channel=channel,
            person=person,
            role=publish,
            justification="Bulk",
            granted_at=timezone.now(),
        )
        for channel in channels
        for person in people
    )


def test_six_thousand_grants_page_in_constant_queries(personas):
    api = Api(make_token(personas.lead, ["read"]).secret)
    api.get("grants/")
    timings = {}
    for total in (60, 6_000):
        AccessGrant.objects.all().delete()
        _grants(total)
        assert AccessGrant.objects.count() == total
        with pinned_queries("api/grants-6000"):
            started = time.perf_counter()
            first = api.get("grants/", page_size=200)
            timings[total] = time.perf_counter() - started
        assert first.status_code == 200 and len(first.json()["results"]) == min(200, total)
        if total > 200:
            # The last page costs as much as the first: the cursor is a WHERE, not an OFFSET.
            page, pages = first.json(), 1
            while page["next"]:
                with pinned_queries("api/grants-6000-next"):
                    page = api.get(page["next"]).json()
                pages += 1
            assert pages == 30
    print(f"grants/ first page of 200: {timings}")
