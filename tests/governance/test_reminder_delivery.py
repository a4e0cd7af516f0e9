"""Delivering digests: one Message-ID per set of rows, the outcome recorded through a database
hiccup, bounded retries that end in a visible failure, the digest hour caught up after an outage,
off-boarding notices through the outbox, and every line in the recipient's language."""

import datetime as dt
import smtplib
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from governance import services
from governance.models import Reminder, ReminderPreference
from governance.reminders import delivery, engine
from governance.reminders.registry import DueItem, reminder_kinds
from tests.factories import ChannelFactory, GrantFactory, PersonFactory
from tests.services import require_postgresql
from tests.support.clock import on
from tests.support.mail import ConnectionCuttingBackend, FlakyBackend

PARIS = ZoneInfo("Europe/Paris")
DAY = dt.date(2026, 11, 23)  # a Monday
MINUTE = dt.timedelta(minutes=1)


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def _on_day():
    with on(DAY):
        yield


def _leaver_of(owner, grants: int = 1, *, capture=None, last_day=DAY + dt.timedelta(days=5)):
    """An off-boarding whose tasks fall to `owner`; its notice's digest is sent if `capture`."""
    leaver = PersonFactory()
    for _ in range(grants):
        GrantFactory(channel=ChannelFactory(business_owner=owner.person), person=leaver)
    if capture is None:
        return services.offboarding_start(actor=None, person=leaver, last_day=last_day)
    with capture(execute=True):
        return services.offboarding_start(actor=None, person=leaver, last_day=last_day)


def _digests_to(user) -> list:
    return [m for m in mail.outbox if m.to == [user.email]]


@pytest.mark.django_db
def test_a_resend_of_the_same_rows_carries_the_same_message_id(
    personas, django_capture_on_commit_callbacks, settings
):
    _leaver_of(personas.owner)  # its notice is not sent: the rows wait in the outbox
    owner = personas.owner.pk
    assert delivery.send_digest(recipient_id=owner, now=at(DAY)) == 1
    first = mail.outbox[-1].extra_headers["Message-ID"]
    # The sender died after the mail server accepted it: the rows were never marked sent.
    Reminder.objects.filter(recipient=owner).update(
        sent_at=None, claimed_at=at(DAY), claim_token="x"
    )
    settings.REMINDER_CLAIM_TIMEOUT = 600
    with django_capture_on_commit_callbacks(execute=True):
        assert engine.sweep(now=at(DAY) + 11 * MINUTE)["released"] == 1
    assert [m.extra_headers["Message-ID"] for m in _digests_to(personas.owner)] == [first, first]
    # Other rows make another message.
    _leaver_of(personas.owner)
    assert delivery.send_digest(recipient_id=owner, now=at(DAY, 11)) == 1
    assert mail.outbox[-1].extra_headers["Message-ID"] != first
    assert (first.startswith("<reminders.") and first.endswith("@testserver>")) or "@" in first


@pytest.mark.django_db(transaction=True)
def test_a_sent_digest_is_recorded_through_a_lost_database_connection(personas, settings):
    require_postgresql()
    settings.EMAIL_BACKEND = "tests.support.mail.ConnectionCuttingBackend"
    ConnectionCuttingBackend.cut = 0
    # The off-boarding's notice is sent on commit (by the eager task), and the database ends
    # the sender's session right after the mail server accepts it.
    _leaver_of(personas.owner, grants=2)
    assert ConnectionCuttingBackend.cut == 1
    rows = Reminder.objects.filter(recipient=personas.owner)
    assert rows.count() == 2 and all(r.sent_at is not None for r in rows)
    assert len(_digests_to(personas.owner)) == 1
    # Nothing is owed: no later send repeats it.
    assert delivery.send_digest(recipient_id=personas.owner.pk, now=at(DAY, 12)) == 0


@pytest.mark.django_db
def test_retries_are_bounded_then_visible_and_sent_again_by_hand(
    personas, settings, client, django_capture_on_commit_callbacks
):
    settings.REMINDER_MAX_ATTEMPTS = 3
    settings.EMAIL_BACKEND = "tests.support.mail.FlakyBackend"
    FlakyBackend.failures, FlakyBackend.error = 99, smtplib.SMTPServerDisconnected("gone")
    _leaver_of(personas.owner)
    owner, when = personas.owner.pk, at(DAY)
    waits = []
    for _ in range(3):
        with pytest.raises(delivery.TemporaryDeliveryError) as failure:
            delivery.send_digest(recipient_id=owner, now=when)
        waits.append(failure.value.retry_in)
        when += dt.timedelta(seconds=failure.value.retry_in)
    assert waits == [60, 240, 960]
    row = Reminder.objects.get(recipient=owner)
    assert row.failed_at is not None and row.attempts == 3 and "gone" in row.last_error
    # Failed for good: no sweep or send tries it again.
    with django_capture_on_commit_callbacks(execute=True):
        assert engine.sweep(now=when + dt.timedelta(hours=1))["digests"] == 0
    assert delivery.send_digest(recipient_id=owner, now=when + dt.timedelta(hours=2)) == 0

    # The admin sees it on the dashboard and in the outbox's filter…
    client.force_login(personas.admin)
    home = client.get(reverse("home")).content.decode()
    assert 'id="reminders-failed"' in home
    failed = reverse("admin:governance_reminder_changelist") + "?state=failed"
    assert failed.replace("&", "&amp;") in home
    page = client.get(failed)
    assert page.status_code == 200 and "gone" in page.content.decode()
    # …and sends it again once the mail server is back.
    FlakyBackend.failures = 0
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            reverse("admin:governance_reminder_changelist"),
            {"action": "retry_selected", "_selected_action": [row.pk]},
        )
    assert answer.status_code == 302
    row.refresh_from_db()
    assert row.sent_at is not None and row.failed_at is None and row.attempts == 1
    assert len(_digests_to(personas.owner)) == 1
    assert 'id="reminders-failed"' not in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_a_member_sees_no_delivery_panel(personas, client):
    Reminder.objects.create(
        kind="offboarding_task",
        item_id=1,
        recipient=personas.member,
        stage="due",
        period="0",
        dedup_key="x",
        title="x",
        url="/",
        failed_at=at(DAY),
    )
    for user in (personas.member, personas.lead, personas.auditor):
        client.force_login(user)
        assert 'id="reminders-failed"' not in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_a_routine_digest_missed_at_the_digest_hour_goes_at_the_next_sweep(
    personas, settings, django_capture_on_commit_callbacks
):
    settings.REMINDER_DIGEST_HOUR = 8
    channel = ChannelFactory(business_owner=personas.owner.person)
    GrantFactory(channel=channel)
    review = services.review_create(actor=personas.lead, name="Q", due_on=DAY + dt.timedelta(30))
    services.review_open(actor=personas.lead, review=review)
    with django_capture_on_commit_callbacks(execute=True):
        engine.sweep(now=at(DAY, 7))  # written, not due before the digest hour
    assert not mail.outbox
    with django_capture_on_commit_callbacks(execute=False):
        engine.sweep(now=at(DAY, 8))  # the broker was down: the digests never left
    assert not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        engine.sweep(now=at(DAY, 9))  # back: the next sweep sends what was due at 8
    assert len(_digests_to(personas.owner)) == 1
    # A routine item that appears after the digest hour waits for the next day's.
    GrantFactory(channel=channel)
    second = services.review_create(actor=personas.lead, name="R", due_on=DAY + dt.timedelta(30))
    services.review_open(actor=personas.lead, review=second)
    for hour in (10, 23):
        with django_capture_on_commit_callbacks(execute=True):
            engine.sweep(now=at(DAY, hour))
    assert len(_digests_to(personas.owner)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        engine.sweep(now=at(DAY + dt.timedelta(days=1), 8))
    assert len(_digests_to(personas.owner)) == 2


@pytest.mark.django_db
def test_an_offboarding_tells_each_assignee_once_in_their_language(
    personas, django_capture_on_commit_callbacks
):
    ReminderPreference.objects.create(user=personas.member, language="fr")
    leaver = PersonFactory()
    for owner in (personas.owner, personas.member):
        for _ in range(3):
            GrantFactory(channel=ChannelFactory(business_owner=owner.person), person=leaver)
    with django_capture_on_commit_callbacks(execute=True):
        services.offboarding_start(
            actor=personas.lead, person=leaver, last_day=DAY + dt.timedelta(days=20)
        )
    english, french = _digests_to(personas.owner), _digests_to(personas.member)
    assert len(english) == 1 and len(french) == 1
    assert "Revoke access" in english[0].body and "Hello" in english[0].body
    assert "Révoquer l'accès" in french[0].body and "Bonjour" in french[0].body
    assert "Revoke" not in french[0].body
    # The next sweeps, that day and the next, tell nobody again about the same tasks.
    for now in (at(DAY, 11), at(DAY + dt.timedelta(days=1), 8)):
        with django_capture_on_commit_callbacks(execute=True):
            engine.sweep(now=now)
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_a_french_digest_has_every_line_in_french(
    personas, settings, django_capture_on_commit_callbacks
):
    settings.REMINDER_DIGEST_HOUR = 8
    ReminderPreference.objects.create(user=personas.owner, language="fr")
    channel = ChannelFactory(business_owner=personas.owner.person)
    _leaver_of(personas.owner)
    GrantFactory(channel=channel, expires_on=DAY + dt.timedelta(days=3))
    GrantFactory(channel=channel)
    review = services.review_create(actor=personas.lead, name="Q", due_on=DAY + dt.timedelta(5))
    services.review_open(actor=personas.lead, review=review)
    services.request_create(
        actor=personas.member,
        channel=channel,
        person=personas.member.person,
        role=channel.platform.roles.first(),
        reason="Campagne",
    )
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        engine.sweep(now=at(DAY, 8))  # the sweep runs in English
    rows = list(Reminder.objects.filter(recipient=personas.owner))
    kinds = {row.kind for row in rows}
    assert {"offboarding_task", "expiring_grant", "review_item", "access_request"} <= kinds
    body = _digests_to(personas.owner)[-1].body
    for row in rows:
        kind = reminder_kinds.get(row.kind)
        if kind.group is None:
            items = None
        else:  # one line for the campaign's items of a stage, as My tasks shows them
            items = [
                DueItem(r.item_id, r.recipient_id, r.params, r.url, r.due_on, kind.describe)
                for r in rows
                if r.kind == row.kind and r.stage == row.stage
            ]
        with translation.override("fr"):
            french = kind.describe(row.params) if items is None else kind.group(items)[0].title
        with translation.override("en"):
            english = kind.describe(row.params) if items is None else kind.group(items)[0].title
        assert french != english, row.kind
        assert french in body and english not in body, row.kind
