"""A team's chat (its members' urgent notices, one message per event, from their own outbox),
removing a saved chat URL, and the admin of chat destinations, against a real local receiver
(Apprise's `json://` target posting to a threaded HTTP server on a free port)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.encryption import decrypt
from accounts.models import ObjectChange, Person
from governance import services
from governance.chat import team as team_chat
from governance.models import ChatDestination, Reminder, ReminderPreference, TeamNotice
from governance.reminders.engine import sweep
from tests.factories import ChannelFactory, GrantFactory, PersonFactory, TeamFactory
from tests.support.clock import at, on
from tests.support.queries import pinned_queries
from tests.support.webhook_receiver import WebhookReceiver

DAY = dt.date(2026, 11, 23)
TOKEN = "t3amT0kenXYZ"
SLACK = "slack://T1JJ3T3L2/A1BRTD4JD/TIiajkdnlazkcOXrIdevi7FQ/#general"


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


def url_of(receiver: WebhookReceiver, path: str = "team") -> str:
    return f"json://127.0.0.1:{receiver.port}/{path}/{TOKEN}"


def team_of(*users, receiver=None, language: str = "fr", path: str = "team"):
    """A team of these users; with a receiver, its chat there (an admin allows the loopback)."""
    team = TeamFactory()
    Person.objects.filter(user__in=users).update(team=team)
    if receiver is not None:
        services.chat_destination_set(
            actor=None,
            team=team,
            url=url_of(receiver, path),
            language=language,
            allow_private_network=True,
        )
    return team


def offboard_for(owner, *, grants: int = 1, now=None):
    leaver = PersonFactory()
    for _ in range(grants):
        GrantFactory(channel=ChannelFactory(business_owner=owner.person), person=leaver)
    return services.offboarding_start(
        actor=None, person=leaver, last_day=DAY + dt.timedelta(5), now=now
    )


def messages_of(receiver: WebhookReceiver) -> list[dict]:
    return [json.loads(r.body) for r in receiver.received]


@pytest.mark.django_db
def test_a_members_urgent_notice_reaches_the_team_chat_once_in_its_language(
    personas, receiver, django_capture_on_commit_callbacks
):
    team_of(personas.owner, receiver=receiver, language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        offboard_for(personas.owner)
    [message] = messages_of(receiver)
    assert receiver.received[0].path == f"/team/{TOKEN}"
    assert message["title"].startswith("Gouvernail") and "Team" in message["title"]
    assert "Révoquer l'accès" in message["message"] and str(personas.owner) in message["message"]
    # The member's own digest is not replaced: it goes by e-mail, as they chose.
    assert [m for m in mail.outbox if m.to == [personas.owner.email]]
    notice = TeamNotice.objects.get()
    assert notice.sent_at is not None and notice.attempts == 1
    # The next sweep writes the same rows again: nothing new for the team.
    with django_capture_on_commit_callbacks(execute=True):
        sweep(now=timezone.now())
    assert len(receiver.received) == 1 and TeamNotice.objects.count() == 1


@pytest.mark.django_db
def test_one_event_told_to_two_members_is_one_team_message(personas, receiver):
    team = team_of(personas.owner, personas.member, receiver=receiver)
    now = timezone.now()
    for user in (personas.owner, personas.member):
        Reminder.objects.create(
            kind="offboarding_task",
            item_id=42,
            recipient=user,
            stage="escalation",
            period="2026-11-23",
            dedup_key=f"offboarding_task:42:{user.pk}:escalation:2026-11-23",
            title="Revoke",
            url="/access/",
            urgent=True,
            created_at=now,
        )
    assert team_chat.team_notices_write(now=now) == {team.pk}
    assert team_chat.team_notices_write(now=now) == {team.pk}  # written again: ignored
    assert TeamNotice.objects.count() == 1
    assert team_chat.team_notices_send(team_id=team.pk, now=now) == 1
    assert len(receiver.received) == 1


@pytest.mark.django_db
def test_a_member_whose_own_chat_is_the_team_chat_is_not_told_there_twice(
    personas, receiver, django_capture_on_commit_callbacks
):
    team_of(personas.owner, personas.member, receiver=receiver)
    # The owner's own reminders go to the very same URL; the member's go by e-mail.
    services.chat_destination_set(
        actor=None, user=personas.owner, url=url_of(receiver), allow_private_network=True
    )
    services.reminder_preference_set(
        actor=personas.owner, frequency="daily", language="en", send_by="chat"
    )
    with django_capture_on_commit_callbacks(execute=True):
        offboard_for(personas.owner)
        offboard_for(personas.member)
    titles = [m["title"] for m in messages_of(receiver)]
    # The owner's digest (once), and the team notice about the member only.
    assert len(titles) == 2 and "Gouvernail: 1 thing to do" in titles
    [notice] = TeamNotice.objects.select_related("reminder")
    assert notice.reminder.recipient == personas.member


@pytest.mark.django_db
def test_a_team_chat_that_is_down_gets_the_notice_once_it_is_back_and_failures_are_bounded(
    personas, receiver, settings
):
    settings.REMINDER_MAX_ATTEMPTS = 3
    team = team_of(personas.owner, receiver=receiver)
    offboard_for(personas.owner, now=at(DAY))  # no on_commit callbacks: the notice waits
    receiver.stop()
    with pytest.raises(team_chat.TemporaryDeliveryError) as failure:
        team_chat.team_notices_send(team_id=team.pk, now=at(DAY))
    assert failure.value.retry_in == 60
    notice = TeamNotice.objects.get()
    assert notice.attempts == 1 and "JSON did not accept" in notice.last_error
    assert TOKEN not in notice.last_error
    receiver.start()
    assert team_chat.team_notices_send(team_id=team.pk, now=at(DAY) + dt.timedelta(seconds=30)) == 0
    assert team_chat.team_notices_send(team_id=team.pk, now=at(DAY, 11)) == 1
    assert len(receiver.received) == 1
    # Bounded: a receiver that refuses every time fails the notice for an admin to see.
    receiver.status = 500
    offboard_for(personas.owner, now=at(DAY, 12))
    when = at(DAY, 12)
    for _ in range(3):
        with pytest.raises(team_chat.TemporaryDeliveryError) as failure:
            team_chat.team_notices_send(team_id=team.pk, now=when)
        when += dt.timedelta(seconds=failure.value.retry_in)
    failed = TeamNotice.objects.get(failed_at__isnull=False)
    assert "500" in failed.last_error
    receiver.status = 204
    assert (
        services.team_notices_retry(
            actor=personas.admin, notices=TeamNotice.objects.all(), now=when
        )
        == 1
    )
    assert team_chat.team_notices_send(team_id=team.pk, now=when) == 1
    assert ObjectChange.objects.for_object(failed).filter(actor=personas.admin).exists()


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_tells_the_team_nothing(personas, receiver):
    team_of(personas.owner, receiver=receiver)
    with pytest.raises(RuntimeError), transaction.atomic():
        offboard_for(personas.owner)
        raise RuntimeError("the change fails after the notice was written")
    assert not TeamNotice.objects.exists() and not receiver.received
    offboard_for(personas.owner)  # committed: the team is told (eager tasks in tests)
    assert len(receiver.received) == 1


@pytest.mark.django_db
def test_removing_a_chat_url_keeps_the_row_and_hint_and_forgets_the_secret(
    personas, receiver, django_capture_on_commit_callbacks
):
    services.chat_destination_set(
        actor=None, user=personas.owner, url=url_of(receiver), allow_private_network=True
    )
    services.reminder_preference_set(actor=personas.owner, frequency="daily", send_by="chat")
    client = _client(personas.owner)
    response = client.post(reverse("governance:chat_remove"))
    assert response.status_code == 302
    destination = ChatDestination.objects.get(user=personas.owner)
    assert (destination.url, destination.active) == ("", False) and destination.hint
    assert ReminderPreference.objects.get(user=personas.owner).send_by == "email"
    entry = ObjectChange.objects.for_object(destination).latest("pk")
    assert entry.message == "Chat URL removed" and entry.changes == {"active": [True, False]}
    # Nothing to remove any more; the reminders go by e-mail.
    assert services.chat_destination_remove(actor=personas.owner, user=personas.owner) is None
    with django_capture_on_commit_callbacks(execute=True):
        offboard_for(personas.owner)
    assert not receiver.received
    assert [m for m in mail.outbox if m.to == [personas.owner.email]]
    page = client.get(reverse("governance:reminder_preferences")).content.decode()
    assert "Remove my chat URL" not in page
    # Chat again needs a new URL.
    with pytest.raises(ValidationError):
        services.reminder_preference_set(actor=personas.owner, frequency="daily", send_by="chat")


def _client(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_a_lead_sets_and_removes_a_teams_chat_on_its_page(personas):
    team = team_of(personas.owner)
    client = _client(personas.lead)
    url = reverse("governance:team", kwargs={"pk": team.pk})
    refused = client.post(url, {"url": "json://127.0.0.1:9/hook", "language": "fr"})
    assert refused.status_code == 200 and "127.0.0.1" in refused.content.decode()
    assert not ChatDestination.objects.exists()
    assert client.post(url, {"url": SLACK, "language": "fr"}).status_code == 302
    destination = ChatDestination.objects.get(team=team)
    assert decrypt(destination.url) == SLACK and destination.language == "fr"
    page = client.get(url).content.decode()
    assert destination.hint in page and "TIiajkdnlazkcOXrIdevi7FQ" not in page
    with pinned_queries("chat/team-page"):
        assert client.get(url).status_code == 200
    remove = reverse("governance:team_chat_remove", kwargs={"pk": team.pk})
    assert client.post(remove).status_code == 302
    destination.refresh_from_db()
    assert destination.url == "" and not destination.active
    # An auditor sees the page, without the form; a team member does not see it.
    assert "Save the team chat" not in _client(personas.auditor).get(url).content.decode()
    assert _client(personas.member).get(url).status_code == 404


@pytest.mark.django_db
def test_the_admin_sets_a_destination_through_the_service_and_never_shows_its_url(
    personas, receiver
):
    team = team_of(personas.owner)
    client = _client(personas.admin)
    add = reverse("admin:governance_chatdestination_add")
    data = {
        "team": team.pk,
        "new_url": url_of(receiver),
        "language": "en",
        "active": "on",
        "allow_private_network": "on",
    }
    response = client.post(add, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    destination = ChatDestination.objects.get(team=team)
    assert decrypt(destination.url) == url_of(receiver) and destination.allow_private_network
    entry = ObjectChange.objects.for_object(destination).get()
    assert entry.actor == personas.admin and TOKEN not in json.dumps(entry.changes, default=str)
    change = reverse("admin:governance_chatdestination_change", args=[destination.pk])
    page = client.get(change).content.decode()
    assert destination.hint in page and TOKEN not in page
    # Saving it again, whose it is read-only, keeps the URL and changes what was changed.
    saved = client.post(change, {"new_url": "", "language": "fr", "active": "on"})
    assert saved.status_code == 302, saved.content.decode()[:3000]
    destination.refresh_from_db()
    assert destination.language == "fr" and decrypt(destination.url) == url_of(receiver)
    # Without the permission, a private address is refused on the form.
    no_private = {k: v for k, v in data.items() if k != "allow_private_network"}
    refused = client.post(add, {**no_private, "team": TeamFactory().pk})
    assert refused.status_code == 200 and "private, loopback" in refused.content.decode()


@pytest.mark.django_db
def test_the_admin_form_names_the_fields_when_neither_or_both_owners_are_chosen(personas):
    team = team_of(personas.owner)
    client = _client(personas.admin)
    add = reverse("admin:governance_chatdestination_add")
    for owners in ({}, {"team": team.pk, "user": personas.owner.pk}):
        response = client.post(add, {"language": "en", "active": "on", **owners})
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors
        assert set(errors) == {"user", "team"}, errors
    assert not ChatDestination.objects.exists()
