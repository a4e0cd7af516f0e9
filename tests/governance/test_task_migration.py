"""Tasks handed out before they said their origin (governance 0008) learn it from their record."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from governance.models import AccessReview, Offboarding, ReviewItem, Task
from tests.factories import ChannelFactory, GrantFactory, PersonFactory, UserFactory

BEFORE = [("governance", "0007_reminder_lines_and_back_off")]
DAY = dt.date(2026, 3, 2)
NOW = dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_each_task_takes_the_origin_of_the_record_that_handed_it_out():
    lead = UserFactory()
    channel = ChannelFactory()
    leaver, reviewed, holder = PersonFactory(), PersonFactory(), PersonFactory()
    grants = [GrantFactory(person=p, channel=channel) for p in (leaver, reviewed, holder)]
    offboarding = Offboarding.objects.create(person=leaver, last_day=DAY, initiated_by=lead)
    review = AccessReview.objects.create(name="Q1", due_on=DAY, created_by=lead)
    item = ReviewItem.objects.create(
        review=review,
        grant=grants[1],
        person=reviewed,
        channel=channel,
        role=grants[1].role,
        role_name=grants[1].role.name,
        privilege_level=grants[1].role.privilege_level,
        granted_at=NOW,
    )
    try:
        old = _migrate(BEFORE).get_model("governance", "OffboardingTask")
        for grant, origin in (
            (grants[0], {"offboarding_id": offboarding.pk}),
            (grants[1], {"review_item_id": item.pk}),
            (grants[2], {}),
        ):
            old.objects.create(
                kind="revoke", channel_id=channel.pk, grant_id=grant.pk, due_on=DAY, **origin
            )
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    origins = dict(Task.objects.values_list("grant__person", "origin"))
    assert origins == {leaver.pk: "offboarding", reviewed.pk: "review", holder.pk: "expiry"}
