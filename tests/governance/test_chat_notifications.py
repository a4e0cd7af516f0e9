"""Chat notifications through Apprise, against a real local receiver (Apprise's `json://` target
posting to a threaded HTTP server on a free port): digests in the recipient's language from the
same outbox rows as e-mail, retried once the receiver is back, nothing for a rolled-back change,
the URL encrypted and absent from logs and history, private addresses refused."""

from __future__ import annotations

import datetime as dt
import json
import logging
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from accounts.encryption import decrypt, encrypted_fields
from accounts.models import ObjectChange
from governance import services
from governance.chat.services import chat_destination_set
from governance.chat.targets import RefusedChatURL, parse, redact
from governance.models import ChatDestination, Reminder, ReminderPreference
from governance.reminders import delivery
from governance.reminders.notify import notification_channels
from tests.factories import ChannelFactory, GrantFactory, PersonFactory
from tests.support.clock import on
from tests.support.webhook_receiver import WebhookReceiver

PARIS = ZoneInfo("Europe/Paris")
DAY = dt.date(2026, 11, 23)
TOKEN = "s3cr3tT0kenXYZ"


def at(hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime(DAY.year, DAY.month, DAY.day, hour, minute, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def _on_day():
    with on(DAY):
        yield


@pytest.fixture
def receiver():
    running = WebhookReceiver().start()
    try:
        yield running
    finally:
        running.stop()


def chat_url(receiver: WebhookReceiver) -> str:
    return f"json://127.0.0.1:{receiver.port}/chat/{TOKEN}"


def by_chat(user, receiver, *, language: str = "fr") -> ChatDestination:
    """The user's chat destination on the local receiver: an admin allows the loopback address,
    then the user chooses chat in their preferences (the stored URL is kept)."""
    chat_destination_set(actor=None, user=user, url=chat_url(receiver), allow_private_network=True)
    services.reminder_preference_set(
        actor=user, frequency="daily", language=language, send_by="chat"
    )
    return ChatDestination.objects.get(user=user)


def leaver_of(owner, grants: int = 1):
    leaver = PersonFactory()
    for _ in range(grants):
        GrantFactory(channel=ChannelFactory(business_owner=owner.person), person=leaver)
    return leaver


def messages_of(receiver: WebhookReceiver) -> list[dict]:
    return [json.loads(r.body) for r in receiver.received]


def test_the_slot_holds_email_and_chat():
    assert notification_channels.keys() == ["email", "chat"]
    assert "governance.ChatDestination.url" in encrypted_fields


@pytest.mark.django_db
def test_an_urgent_notice_arrives_in_french_in_chat_and_not_by_mail(
    personas, receiver, django_capture_on_commit_callbacks
):
    by_chat(personas.owner, receiver)
    leaver = leaver_of(personas.owner, grants=2)
    with django_capture_on_commit_callbacks(execute=True):
        services.offboarding_start(
            actor=personas.lead, person=leaver, last_day=DAY + dt.timedelta(5)
        )
    [message] = messages_of(receiver)
    assert receiver.received[0].path == f"/chat/{TOKEN}"
    assert message["title"] == "Gouvernail\u00a0: 2 tâches à faire"
    assert "Révoquer l'accès" in message["message"] and "échéance" in message["message"]
    assert not [m for m in mail.outbox if personas.owner.email in m.to]
    rows = Reminder.objects.filter(recipient=personas.owner)
    assert rows.count() == 2 and all(r.sent_at and r.attempts == 1 for r in rows)


@pytest.mark.django_db
def test_a_receiver_that_is_down_gets_the_digest_once_it_is_back(personas, receiver, settings):
    by_chat(personas.owner, receiver, language="en")
    services.offboarding_start(
        actor=personas.lead, person=leaver_of(personas.owner), last_day=DAY + dt.timedelta(5)
    )  # no on_commit callbacks run here: the rows wait in the outbox
    receiver.stop()
    with pytest.raises(delivery.TemporaryDeliveryError) as failure:
        delivery.send_digest(recipient_id=personas.owner.pk, now=at())
    assert failure.value.retry_in == 60
    row = Reminder.objects.get(recipient=personas.owner)
    assert row.attempts == 1 and row.sent_at is None and "JSON did not accept" in row.last_error
    assert TOKEN not in row.last_error
    receiver.start()
    # Waiting out its back-off: nothing is sent before the next attempt's time.
    assert (
        delivery.send_digest(
            recipient_id=personas.owner.pk, now=at(10, 0) + dt.timedelta(seconds=30)
        )
        == 0
    )
    assert delivery.send_digest(recipient_id=personas.owner.pk, now=at(10, 2)) == 1
    assert len(receiver.received) == 1
    assert messages_of(receiver)[0]["title"] == "Gouvernail: 1 thing to do"
    row.refresh_from_db()
    assert row.sent_at is not None and row.attempts == 2 and row.last_error == ""
    assert delivery.send_digest(recipient_id=personas.owner.pk, now=at(11)) == 0


@pytest.mark.django_db
def test_retries_are_bounded_then_failed_for_an_admin(personas, receiver, settings):
    settings.REMINDER_MAX_ATTEMPTS = 2
    by_chat(personas.owner, receiver)
    receiver.status = 500
    services.offboarding_start(
        actor=personas.lead, person=leaver_of(personas.owner), last_day=DAY + dt.timedelta(5)
    )
    when = at()
    for _ in range(2):
        with pytest.raises(delivery.TemporaryDeliveryError) as failure:
            delivery.send_digest(recipient_id=personas.owner.pk, now=when)
        when += dt.timedelta(seconds=failure.value.retry_in)
    row = Reminder.objects.get(recipient=personas.owner)
    assert row.failed_at is not None and "500" in row.last_error and TOKEN not in row.last_error
    receiver.status = 204
    assert (
        services.reminders_retry(actor=personas.admin, reminders=Reminder.objects.all(), now=when)
        == 1
    )
    assert delivery.send_digest(recipient_id=personas.owner.pk, now=when) == 1
    assert len(receiver.received) == 3


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_sends_nothing(personas, receiver):
    by_chat(personas.owner, receiver)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.offboarding_start(
            actor=personas.lead, person=leaver_of(personas.owner), last_day=DAY + dt.timedelta(5)
        )
        raise RuntimeError("the change fails after the notice was written")
    assert not Reminder.objects.exists()
    # Proof that the receiver would have been reached: a committed change is.
    services.offboarding_start(
        actor=personas.lead, person=leaver_of(personas.owner), last_day=DAY + dt.timedelta(5)
    )
    assert len(receiver.received) == 1


@pytest.mark.django_db
def test_the_url_is_encrypted_and_in_no_log_and_no_history(
    personas, receiver, caplog, django_capture_on_commit_callbacks
):
    caplog.set_level(logging.DEBUG)
    destination = by_chat(personas.owner, receiver)
    assert destination.url.startswith("fernet:") and TOKEN not in destination.url
    assert decrypt(destination.url) == chat_url(receiver)
    assert TOKEN not in destination.hint and destination.service == "JSON"
    with django_capture_on_commit_callbacks(execute=True):
        services.offboarding_start(
            actor=personas.lead, person=leaver_of(personas.owner), last_day=DAY + dt.timedelta(5)
        )
    receiver.stop()  # a failure too: Apprise's warnings are redacted
    services.offboarding_start(
        actor=personas.lead, person=leaver_of(personas.owner), last_day=DAY + dt.timedelta(5)
    )
    with pytest.raises(delivery.TemporaryDeliveryError):
        delivery.send_digest(recipient_id=personas.owner.pk, now=at(11))
    assert len(receiver.received) == 1
    assert caplog.records  # the suite's own DEBUG lines are there…
    assert TOKEN not in caplog.text  # …Apprise's and urllib3's URLs are not
    history = ObjectChange.objects.all()
    assert history.exists() and not [
        h for h in history if TOKEN in json.dumps(h.changes, default=str)
    ]
    # The preferences page shows the hint, never the URL.
    from django.test import Client

    client = Client()
    client.force_login(personas.owner)
    page = client.get(reverse("governance:reminder_preferences")).content.decode()
    assert destination.hint in page and TOKEN not in page


@pytest.mark.django_db
def test_private_addresses_and_other_services_are_refused(personas, receiver):
    for url in (
        chat_url(receiver),
        "mmost://10.0.0.8/3ccdd113474722377935511fc85d3dd4",
        "jsons://localhost/hook",
    ):
        with pytest.raises(ValidationError) as refused:
            services.reminder_preference_set(
                actor=personas.owner, frequency="daily", send_by="chat", chat_url=url
            )
        assert (
            "private, loopback" in str(refused.value) and "chat_url" in refused.value.message_dict
        )
    for url in ("mailto://a:b@gmail.com", "not a url"):
        with pytest.raises(ValidationError):
            services.reminder_preference_set(
                actor=personas.owner, frequency="daily", send_by="chat", chat_url=url
            )
    with pytest.raises(ValidationError):  # chat without any URL
        services.reminder_preference_set(actor=personas.owner, frequency="daily", send_by="chat")
    assert not ChatDestination.objects.exists()
    # Services whose host Apprise fixes need no resolution.
    slack = "slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/#general"
    assert parse(slack).service == "Slack" and "TIiajk" not in parse(slack).hint
    with pytest.raises(RefusedChatURL):
        parse("mailto://a:b@gmail.com")
    assert redact("failed for 127.0.0.1/chat/abcdEFGH", "json://127.0.0.1/chat/abcdEFGH") == (
        "failed for 127.0.0.1/…/…"
    )


@pytest.mark.django_db
def test_a_destination_refused_at_send_time_fails_for_good(personas, receiver):
    destination = by_chat(personas.owner, receiver)
    # An admin withdraws the private-address permission after the URL was saved.
    ChatDestination.objects.filter(pk=destination.pk).update(allow_private_network=False)
    services.offboarding_start(
        actor=personas.lead, person=leaver_of(personas.owner), last_day=DAY + dt.timedelta(5)
    )
    assert delivery.send_digest(recipient_id=personas.owner.pk, now=at()) == 0
    row = Reminder.objects.get(recipient=personas.owner)
    assert row.failed_at is not None and "127.0.0.1" in row.last_error
    assert not receiver.received


@pytest.mark.django_db
def test_without_an_active_destination_the_digest_goes_by_mail(personas, receiver):
    destination = by_chat(personas.owner, receiver)
    ChatDestination.objects.filter(pk=destination.pk).update(active=False)
    services.offboarding_start(
        actor=personas.lead, person=leaver_of(personas.owner), last_day=DAY + dt.timedelta(5)
    )
    assert delivery.send_digest(recipient_id=personas.owner.pk, now=at()) == 1
    assert [m for m in mail.outbox if m.to == [personas.owner.email]]
    assert not receiver.received
    assert ReminderPreference.objects.get(user=personas.owner).send_by == "chat"
