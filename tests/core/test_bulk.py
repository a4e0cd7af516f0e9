"""core.bulk: many rows inserted or updated in one statement, on PostgreSQL and on SQLite."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.choices import ChangeAction
from accounts.history import HISTORY_FIELDS
from accounts.models import ObjectChange, Person, Team
from core.bulk import insert_rows, insert_rows_returning, update_rows
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

AT = dt.datetime(2026, 3, 12, 9, 30, tzinfo=dt.UTC)


def test_insert_rows_writes_json_documents_and_times_in_one_statement():
    person = PersonFactory()
    content_type = ContentType.objects.get_for_model(Person)
    rows = [
        (AT, None, "system", ChangeAction.UPDATE, content_type.pk, str(person.pk), "P", doc, "m")
        for doc in ({"title": [None, "Ms « Dupont »"]}, {"n": [1, 2], "at": AT}, {})
    ]
    with CaptureQueriesContext(connection) as captured:
        insert_rows(ObjectChange, HISTORY_FIELDS, rows)
    assert len(captured) == 1
    written = list(ObjectChange.objects.order_by("pk").values_list("changed_at", "changes"))
    assert written == [
        (AT, {"title": [None, "Ms « Dupont »"]}),
        (AT, {"n": [1, 2], "at": "2026-03-12T09:30:00Z"}),  # DjangoJSONEncoder
        (AT, {}),
    ]


def test_insert_rows_returning_gives_the_new_keys_in_order():
    lead = PersonFactory()
    fields = ("name", "description", "lead_id", "created_at", "updated_at")
    rows = [(f"Bulk team {n}", "", lead.pk if n else None, AT, AT) for n in range(3)]
    with CaptureQueriesContext(connection) as captured:
        ids = insert_rows_returning(Team, fields, rows)
    assert len(captured) == 1
    assert [Team.objects.get(pk=pk).name for pk in ids] == [
        "Bulk team 0",
        "Bulk team 1",
        "Bulk team 2",
    ]
    assert Team.objects.get(pk=ids[0]).lead is None
    assert insert_rows_returning(Team, fields, []) == []


def test_update_rows_sets_each_row_to_its_own_values_and_null():
    people = [PersonFactory(job_title="Before") for _ in range(3)]
    first, second, untouched = people
    with CaptureQueriesContext(connection) as captured:
        update_rows(
            Person,
            ["job_title", "end_date"],
            [(first.pk, "Editor", dt.date(2026, 4, 1)), (second.pk, "", None)],
        )
    assert len(captured) == 1
    assert list(
        Person.objects.filter(pk__in=[p.pk for p in people])
        .order_by("pk")
        .values_list("job_title", "end_date")
    ) == [("Editor", dt.date(2026, 4, 1)), ("", None), ("Before", untouched.end_date)]
