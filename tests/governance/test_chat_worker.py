"""Chat notifications through a real Celery worker, this test's own Redis and a real local HTTP
receiver reached through Apprise's `json://127.0.0.1:<port>/…` target (the loopback address
allowed by an admin through the service): a French person's digest arrives in French, a team's
urgent notice arrives once, a rolled-back change sends nothing, and a receiver that is down gets
each message once it is back (the tasks' own retries after the back-off)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from celery.contrib.testing.worker import start_worker
from django.db import transaction
from django.utils import timezone

from accounts.models import Person
from config.celery import app
from governance import services
from governance.chat.tasks import send_team_notices
from governance.models import Reminder, TeamNotice
from governance.reminders.engine import sweep
from governance.tasks import send_reminder_digest
from tests.factories import ChannelFactory, GrantFactory, PersonFactory, TeamFactory
from tests.support.waiting import wait_until
from tests.support.webhook_receiver import WebhookReceiver
from tests.support.workers import Workers, celery_broker

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

IN_PROCESS = "chat@test"
DIGEST, TEAM = send_reminder_digest.name, send_team_notices.name


@pytest.fixture
def broker(redis_server):
    with celery_broker(app, redis_server.url()) as url:
        yield url


@pytest.fixture
def receiver():
    running = WebhookReceiver().start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def chats(personas, receiver):
    """The owner's own reminders in chat, in French; the member's team has a chat (in French),
    the member's own reminders go by e-mail. An admin allows the loopback address."""
    base = f"json://127.0.0.1:{receiver.port}"
    services.chat_destination_set(
        actor=personas.admin,
        user=personas.owner,
        url=f"{base}/owner/s3cr3t",
        allow_private_network=True,
    )
    services.reminder_preference_set(
        actor=personas.owner, frequency="daily", language="fr", send_by="chat"
    )
    team = TeamFactory(name="Social")
    Person.objects.filter(user=personas.member).update(team=team)
    services.chat_destination_set(
        actor=personas.admin,
        team=team,
        url=f"{base}/team/s3cr3t",
        language="fr",
        allow_private_network=True,
    )
    return team


def offboard(personas) -> None:
    """A leaver holding access to one channel of the owner and one of the member."""
    leaver = PersonFactory()
    for owner in (personas.owner, personas.member):
        GrantFactory(channel=ChannelFactory(business_owner=owner.person), person=leaver)
    services.offboarding_start(
        actor=personas.lead, person=leaver, last_day=timezone.localdate() + dt.timedelta(days=5)
    )


def received(receiver: WebhookReceiver, path: str) -> list[dict]:
    return [json.loads(r.body) for r in receiver.received if r.path.startswith(f"/{path}/")]


def all_sent() -> bool:
    unsent = {"sent_at__isnull": True, "failed_at__isnull": True}
    return not Reminder.objects.filter(**unsent).exists() and not (
        TeamNotice.objects.filter(**unsent).exists()
    )


def refused_once(rows) -> bool:
    return rows.exists() and all(
        (r.state, r.attempts) == ("owed", 1) and r.last_error for r in rows
    )


def _states() -> list:
    rows = [*Reminder.objects.all(), *TeamNotice.objects.all()]
    return [(type(r).__name__, r.state, r.attempts, r.next_attempt_at, r.last_error) for r in rows]


def in_process_worker():
    return start_worker(
        app, pool="solo", perform_ping_check=False, shutdown_timeout=10, hostname=IN_PROCESS
    )


def test_a_real_worker_sends_the_french_digest_and_the_team_notice_once(
    broker, personas, receiver, chats
):
    with pytest.raises(RuntimeError), transaction.atomic():
        offboard(personas)
        raise RuntimeError("the change fails after its notices were written")
    assert not Reminder.objects.exists()
    offboard(personas)
    # A second sweep and the broker's redeliveries: each message is claimed once.
    sweep(now=timezone.now())
    send_team_notices.delay(chats.pk)
    worker = Workers.in_this_process(app, IN_PROCESS)
    with in_process_worker():
        wait_until(
            # Digests: two on commit, two by the sweep; notices: on commit, sweep, by hand.
            lambda: all_sent() and worker.finished(DIGEST, 4) and worker.finished(TEAM, 3),
            what="the digests and the team notice",
        )
    [digest] = received(receiver, "owner")
    assert digest["title"] == "Gouvernail\u00a0: 1 tâche à faire"
    assert "Révoquer l'accès" in digest["message"]
    [notice] = received(receiver, "team")
    assert "Révoquer l'accès" in notice["message"] and str(personas.member) in notice["message"]
    assert len(receiver.received) == 2  # nothing of the rolled-back change


def test_a_receiver_that_is_down_gets_each_message_once_it_is_back(
    broker, personas, receiver, chats
):
    receiver.stop()
    offboard(personas)
    worker = Workers.in_this_process(app, IN_PROCESS)
    with in_process_worker():
        # Refused once each (an attempt is counted when claimed: wait for its outcome); the
        # tasks retry after the back-off (a minute), nothing sent.
        wait_until(
            lambda: (
                refused_once(Reminder.objects.filter(recipient=personas.owner))
                and refused_once(TeamNotice.objects.all())
            ),
            what="the first attempts",
        )
        receiver.start()
        wait_until(
            # The owner's digest and the team's notices, each tried twice; the member's e-mail.
            lambda: all_sent() and worker.finished(DIGEST, 3) and worker.finished(TEAM, 2),
            timeout=150,
            what=lambda: (
                f"the retries: {_states()} {worker._started(DIGEST)} {worker._started(TEAM)}"
            ),
        )
    assert len(received(receiver, "owner")) == 1 and len(received(receiver, "team")) == 1
    notice = TeamNotice.objects.get()
    assert notice.attempts == 2 and notice.last_error == ""
