"""History: who changed what and when, and nobody can rewrite it."""

import datetime as dt
import importlib
import uuid

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from accounts import services
from accounts.choices import ChangeAction, PersonStatus
from accounts.models import ObjectChange
from accounts.models.history import HistoryIsImmutable
from tests.factories import PersonFactory, TeamFactory
from tests.services import require_postgresql

pytestmark = pytest.mark.django_db


def test_person_change_records_who_what_and_when(personas):
    person = PersonFactory(job_title="Editor")
    services.person_update(actor=personas.lead, person=person, job_title="Social media manager")
    entry = ObjectChange.objects.for_object(person).get()
    assert entry.actor == personas.lead
    assert entry.actor_label == "lead@example.org"
    assert entry.action == ChangeAction.UPDATE
    assert entry.changes == {"job_title": ["Editor", "Social media manager"]}


def test_unchanged_save_records_nothing(personas):
    person = PersonFactory()
    services.person_update(actor=personas.lead, person=person, first_name=person.first_name)
    assert not ObjectChange.objects.for_object(person).exists()


def test_person_created_in_the_admin_is_recorded(client, personas):
    client.force_login(personas.admin)
    team = TeamFactory(name="Communication")
    response = client.post(
        reverse("admin:accounts_person_add"),
        {
            "first_name": "Inès",
            "last_name": "Moreau",
            "email": "ines@example.org",
            "kind": "employee",
            "team": team.pk,
            "status": "active",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = ObjectChange.objects.get(object_repr="Inès Moreau")
    assert entry.action == ChangeAction.CREATE
    assert entry.actor == personas.admin
    assert entry.changes["team"] == [None, "Communication"]


def test_person_edited_in_the_admin_is_recorded_and_shown(client, personas):
    client.force_login(personas.admin)
    person = PersonFactory(first_name="Jules", last_name="Petit")
    url = reverse("admin:accounts_person_change", args=[person.pk])
    response = client.post(
        url,
        {
            "first_name": "Jules",
            "last_name": "Petit",
            "email": person.email,
            "kind": "employee",
            "team": person.team_id,
            "status": "leaving",
            "end_date": "2026-12-31",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = ObjectChange.objects.for_object(person).get()
    assert entry.changes == {"status": ["active", "leaving"], "end_date": [None, "2026-12-31"]}
    page = client.get(url)
    assert "active → leaving" in page.content.decode()


def test_user_change_is_recorded(personas):
    services.user_update(
        actor=personas.admin, user=personas.member, full_name="Maya M.", is_active=False
    )
    entry = ObjectChange.objects.for_object(personas.member).get()
    assert entry.changes["is_active"] == [True, False]
    assert entry.changes["full_name"][1] == "Maya M."


def test_role_change_is_recorded(personas):
    services.user_update(actor=personas.admin, user=personas.member, groups=["auditor"])
    entry = ObjectChange.objects.for_object(personas.member).get()
    assert entry.changes == {"groups": [["team member"], ["auditor"]]}


def test_scheduled_task_records_the_system_as_actor():
    today = dt.date(2026, 11, 23)
    leaver = PersonFactory(status=PersonStatus.LEAVING, end_date=today - dt.timedelta(days=1))
    staying = PersonFactory(status=PersonStatus.LEAVING, end_date=today + dt.timedelta(days=3))
    assert services.people_mark_leavers_left(today=today) == 1
    leaver.refresh_from_db()
    staying.refresh_from_db()
    assert leaver.status == PersonStatus.LEFT
    assert staying.status == PersonStatus.LEAVING
    entry = ObjectChange.objects.for_object(leaver).get()
    assert entry.actor is None
    assert entry.actor_label == "system"


def test_orm_refuses_to_update_or_delete_history(personas):
    person = PersonFactory()
    services.person_update(actor=personas.lead, person=person, job_title="x")
    entry = ObjectChange.objects.for_object(person).get()
    with pytest.raises(HistoryIsImmutable):
        ObjectChange.objects.filter(pk=entry.pk).update(message="rewritten")
    with pytest.raises(HistoryIsImmutable):
        ObjectChange.objects.filter(pk=entry.pk).delete()
    entry.message = "rewritten"
    with pytest.raises(HistoryIsImmutable):
        entry.save()
    with pytest.raises(HistoryIsImmutable):
        entry.delete()


def test_postgresql_trigger_refuses_update_and_delete(personas):
    require_postgresql()
    person = PersonFactory()
    services.person_update(actor=personas.lead, person=person, job_title="x")
    entry = ObjectChange.objects.for_object(person).get()
    # Bypass the ORM's guards: the database itself must refuse.
    for sql in (
        "UPDATE accounts_objectchange SET message = 'rewritten' WHERE id = %s",
        "DELETE FROM accounts_objectchange WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="history rows are immutable"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [entry.pk])
    assert ObjectChange.objects.filter(pk=entry.pk, message="").exists()
    # Django's own queryset delete goes through SQL DELETE too.
    with pytest.raises(DatabaseError), transaction.atomic():
        super(type(ObjectChange.objects.all()), ObjectChange.objects.filter(pk=entry.pk)).delete()


@pytest.mark.parametrize(
    "sql", ["TRUNCATE accounts_objectchange", "TRUNCATE accounts_user CASCADE"]
)
def test_postgresql_trigger_refuses_truncate(personas, sql):
    require_postgresql()
    person = PersonFactory()
    services.person_update(actor=personas.lead, person=person, job_title="x")
    with (
        pytest.raises(DatabaseError, match=r"history rows are immutable \(TRUNCATE refused"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        # As an application session: the test settings allow the flush (see the next test).
        cursor.execute("SET LOCAL gouvernail.allow_history_truncate = 'off'")
        # The test's own inserts leave deferred foreign-key checks that TRUNCATE would trip on.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(sql)
    assert ObjectChange.objects.for_object(person).exists()


@pytest.mark.django_db(transaction=True)
def test_the_test_suite_alone_may_empty_the_history_between_tests(personas):
    """config/settings/test.py allows TRUNCATE for the flush after each transactional test."""
    require_postgresql()
    services.person_update(actor=personas.lead, person=PersonFactory(), job_title="x")
    call_command("flush", interactive=False, verbosity=0)
    assert not ObjectChange.objects.exists()


def test_the_truncate_switch_does_nothing_outside_a_test_database():
    """A real deployment's sessions cannot turn the refusal off (migrations 0004 and 0005)."""
    require_postgresql()
    import psycopg

    refuse = importlib.import_module("accounts.migrations.0004_history_refuses_truncate")
    switch = importlib.import_module(
        "accounts.migrations.0005_history_truncate_switch_only_in_test_databases"
    )
    name = f"gouvernail_switch_{uuid.uuid4().hex[:8]}"
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**{**params, "dbname": "postgres"}, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        with psycopg.connect(**{**params, "dbname": name}, autocommit=True) as deployment:
            deployment.execute("CREATE TABLE accounts_objectchange (id integer)")
            deployment.execute(refuse.CREATE)
            deployment.execute(switch.REPLACE.replace("%%", "%"))
            deployment.execute("SET gouvernail.allow_history_truncate = 'on'")
            with pytest.raises(psycopg.Error, match="history rows are immutable"):
                deployment.execute("TRUNCATE accounts_objectchange")
    finally:
        with psycopg.connect(**{**params, "dbname": "postgres"}, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')


def test_history_admin_is_read_only(client, personas):
    client.force_login(personas.admin)
    person = PersonFactory()
    services.person_update(actor=personas.lead, person=person, job_title="x")
    entry = ObjectChange.objects.for_object(person).get()
    assert client.get(reverse("admin:accounts_objectchange_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_objectchange_add")).status_code == 403
    assert (
        client.post(
            reverse("admin:accounts_objectchange_delete", args=[entry.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    response = client.post(
        reverse("admin:accounts_objectchange_change", args=[entry.pk]), {"message": "x"}
    )
    assert response.status_code in (200, 403)
    assert ObjectChange.objects.get(pk=entry.pk).message == ""
