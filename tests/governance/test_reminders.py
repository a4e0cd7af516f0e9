"""The reminder engine: ladder, idempotent sweep, claims, retries, escalation, my tasks."""

import datetime as dt
import smtplib
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse

from governance import services
from governance.models import Reminder
from governance.reminders import delivery, engine
from governance.reminders.ladder import stages
from tests.factories import ChannelFactory, GrantFactory, PersonFactory
from tests.support.clock import on
from tests.support.mail import FlakyBackend

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
DAY = dt.date(2026, 11, 23)
MINUTE = dt.timedelta(minutes=1)


@pytest.fixture(autouse=True)
def _on_day():
    """These tests are written for DAY: services that read the clock see it too."""
    with on(DAY):
        yield


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=PARIS)


def test_ladder():
    due = dt.date(2026, 12, 10)

    def owed(today):
        return [
            (s.value, p)
            for s, p in stages(due_on=due, today=today, before=(7, 1), every=3, escalate_after=7)
        ]

    assert owed(dt.date(2026, 11, 20)) == [("assigned", "0")]
    assert owed(dt.date(2026, 12, 3)) == [("before", "7d")]
    assert owed(dt.date(2026, 12, 9)) == [("before", "1d")]
    assert owed(due) == [("due", "0")]
    assert owed(dt.date(2026, 12, 11)) == [("overdue", "0")]
    assert owed(dt.date(2026, 12, 13)) == [("overdue", "0")]
    assert owed(dt.date(2026, 12, 14)) == [("overdue", "1")]
    assert owed(dt.date(2026, 12, 17)) == [("overdue", "2"), ("escalation", "1")]


@pytest.fixture
def offboarding_task(personas):
    """An off-boarding task assigned to the owner, due on DAY + 5."""
    leaver = PersonFactory()
    GrantFactory(channel=ChannelFactory(business_owner=personas.owner.person), person=leaver)
    offboarding = services.offboarding_start(
        actor=personas.lead, person=leaver, last_day=DAY + dt.timedelta(days=5)
    )
    return offboarding.tasks.get()


def _sweep(now, capture):
    with capture(execute=True):
        return engine.sweep(now=now)


def test_two_sweeps_write_no_duplicates_and_send_once(
    personas, offboarding_task, django_capture_on_commit_callbacks
):
    _sweep(at(DAY), django_capture_on_commit_callbacks)
    rows = Reminder.objects.count()
    _sweep(at(DAY), django_capture_on_commit_callbacks)
    assert Reminder.objects.count() == rows
    owner_mail = [m for m in mail.outbox if m.to == [personas.owner.email]]
    assert len(owner_mail) == 1
    body = owner_mail[0].body
    assert offboarding_task.channel.name in body
    assert reverse("governance:task_confirm", args=[offboarding_task.pk]) in body
    assert owner_mail[0].alternatives[0][1] == "text/html"


def test_the_ladder_sends_again_at_each_step(
    personas, offboarding_task, django_capture_on_commit_callbacks
):
    for day in (
        DAY,
        DAY + dt.timedelta(days=1),
        DAY + dt.timedelta(days=4),
        DAY + dt.timedelta(days=5),
    ):
        _sweep(at(day), django_capture_on_commit_callbacks)
    stages_sent = sorted(
        Reminder.objects.filter(recipient=personas.owner, sent_at__isnull=False).values_list(
            "stage", flat=True
        )
    )
    # Day 0: 7 days before is the first notice; day 4: 1 day before; day 5: due.
    assert stages_sent == ["before", "before", "due"]
    assert len([m for m in mail.outbox if m.to == [personas.owner.email]]) == 3


def test_routine_kinds_wait_for_the_digest_hour(
    personas, django_capture_on_commit_callbacks, settings
):
    settings.REMINDER_DIGEST_HOUR = 8
    channel = ChannelFactory(business_owner=personas.owner.person)
    GrantFactory(channel=channel)
    review = services.review_create(
        actor=personas.lead, name="Q", due_on=DAY + dt.timedelta(days=10)
    )
    services.review_open(actor=personas.lead, review=review)
    _sweep(at(DAY, 10), django_capture_on_commit_callbacks)
    assert not mail.outbox, "review items are routine: not at 10:00"
    _sweep(at(DAY + dt.timedelta(days=1), 8), django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[personas.owner.email]]


def test_french_recipients_get_french_digests(
    personas, offboarding_task, django_capture_on_commit_callbacks
):
    from governance.models import ReminderPreference

    ReminderPreference.objects.create(user=personas.owner, language="fr")
    _sweep(at(DAY), django_capture_on_commit_callbacks)
    message = next(m for m in mail.outbox if m.to == [personas.owner.email])
    assert "Bonjour" in message.body


def test_a_claimed_row_is_not_sent_twice_and_a_stale_claim_is_released(
    personas, offboarding_task, django_capture_on_commit_callbacks, settings
):
    with django_capture_on_commit_callbacks(execute=False):
        engine.sweep(now=at(DAY))
    rows = Reminder.objects.filter(recipient=personas.owner)
    # Another worker claimed them and died before sending.
    rows.update(claimed_at=at(DAY), claim_token="dead-worker", attempts=1)
    assert delivery.send_digest(recipient_id=personas.owner.pk, now=at(DAY)) == 0
    assert not mail.outbox
    settings.REMINDER_CLAIM_TIMEOUT = 600
    later = at(DAY) + dt.timedelta(minutes=11)
    result = _sweep(later, django_capture_on_commit_callbacks)
    assert result["released"] == rows.count()
    assert all(r.sent_at is not None and r.attempts == 2 for r in rows.all())
    assert len(mail.outbox) == 1


def test_temporary_failures_retry_then_one_email(
    personas, offboarding_task, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.support.mail.FlakyBackend"
    FlakyBackend.failures, FlakyBackend.error = 2, smtplib.SMTPServerDisconnected("gone")
    with django_capture_on_commit_callbacks(execute=False):
        engine.sweep(now=at(DAY))
    rows = Reminder.objects.filter(recipient=personas.owner)
    with pytest.raises(delivery.TemporaryDeliveryError) as first:
        delivery.send_digest(recipient_id=personas.owner.pk, now=at(DAY))
    assert first.value.retry_in == 60
    # Backing off: a send within the minute claims nothing; after it, the next attempt fails.
    assert delivery.send_digest(recipient_id=personas.owner.pk, now=at(DAY) + MINUTE / 2) == 0
    with pytest.raises(delivery.TemporaryDeliveryError) as second:
        delivery.send_digest(recipient_id=personas.owner.pk, now=at(DAY) + MINUTE)
    assert second.value.retry_in == 4 * 60
    assert all(
        r.attempts == 2 and "gone" in r.last_error and r.sent_at is None and r.claimed_at is None
        for r in rows
    )
    assert (
        delivery.send_digest(recipient_id=personas.owner.pk, now=at(DAY) + 5 * MINUTE)
        == rows.count()
    )
    assert all(r.attempts == 3 and r.sent_at is not None for r in rows.all())
    assert len(mail.outbox) == 1


def test_a_permanent_failure_stops_and_is_visible(
    personas, offboarding_task, settings, django_capture_on_commit_callbacks, client
):
    settings.EMAIL_BACKEND = "tests.support.mail.FlakyBackend"
    FlakyBackend.failures, FlakyBackend.error = (
        1,
        smtplib.SMTPRecipientsRefused({"owner@example.org": (550, b"no such user")}),
    )
    with django_capture_on_commit_callbacks(execute=False):
        engine.sweep(now=at(DAY))
    assert delivery.send_digest(recipient_id=personas.owner.pk, now=at(DAY)) == 0
    rows = Reminder.objects.filter(recipient=personas.owner)
    assert all(r.failed_at is not None and "SMTPRecipientsRefused" in r.last_error for r in rows)
    assert delivery.send_digest(recipient_id=personas.owner.pk, now=at(DAY)) == 0
    client.force_login(personas.admin)
    page = client.get(reverse("admin:governance_reminder_changelist"), {"state": "failed"})
    assert "SMTPRecipientsRefused" in page.content.decode()


def test_escalation_reaches_the_manager_and_the_leads_once(
    personas, django_capture_on_commit_callbacks, settings
):
    settings.REMINDER_ESCALATE_AFTER_DAYS = 7
    manager = personas.member.person
    owner_person = personas.owner.person
    owner_person.manager = manager
    owner_person.save()
    leaver = PersonFactory()
    GrantFactory(channel=ChannelFactory(business_owner=owner_person), person=leaver)
    services.offboarding_start(actor=personas.lead, person=leaver, last_day=DAY)
    late = DAY + dt.timedelta(days=8)
    _sweep(at(late), django_capture_on_commit_callbacks)
    _sweep(at(late + dt.timedelta(days=1)), django_capture_on_commit_callbacks)
    escalations = Reminder.objects.filter(stage="escalation")
    leads = [personas.lead.email, personas.lead_auditor.email]
    assert sorted(escalations.values_list("recipient__email", flat=True)) == sorted(
        [personas.member.email, *leads]
    )
    assert all(r.sent_at for r in escalations)


def test_a_rolled_back_transaction_enqueues_nothing(
    personas, offboarding_task, django_capture_on_commit_callbacks
):
    before = Reminder.objects.count()  # the off-boarding's notice rows
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        engine.sweep(now=at(DAY))
        raise RuntimeError("boom")
    assert callbacks == []
    assert Reminder.objects.count() == before


def test_my_tasks_page_lists_what_the_digest_lists(client, personas, offboarding_task):
    client.force_login(personas.owner)
    page = client.get(reverse("governance:my_tasks"))
    assert page.status_code == 200
    assert offboarding_task.channel.name in page.content.decode()
    assert page.context["total"] == 1
    home = client.get(reverse("home"))
    assert 'My tasks <span class="badge text-bg-light">1</span>' in home.content.decode()


def test_send_reminders_command_runs_without_a_broker(
    personas, offboarding_task, django_capture_on_commit_callbacks
):
    from django.core.management import call_command

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--routine")
    assert Reminder.objects.filter(sent_at__isnull=False).exists()


def test_an_expired_grant_becomes_a_revocation_task(personas, django_capture_on_commit_callbacks):
    from governance.models import Task

    grant = GrantFactory(
        channel=ChannelFactory(business_owner=personas.owner.person),
        expires_on=DAY - dt.timedelta(days=1),
    )
    result = _sweep(at(DAY), django_capture_on_commit_callbacks)
    assert result["expired"] == 1
    grant.refresh_from_db()
    assert grant.status == "revocation_pending" and grant.revocation_reason == "expiry"
    task = Task.objects.get(grant=grant)
    assert task.assignee == personas.owner and task.subject == grant.person
    assert _sweep(at(DAY), django_capture_on_commit_callbacks)["expired"] == 0
    services.offboarding_task_confirm(actor=personas.owner, task=task, evidence="Removed from Meta")
    grant.refresh_from_db()
    assert grant.status == "revoked" and grant.revocation_reason == "expiry"


def test_a_user_chooses_a_weekly_french_digest(client, personas):
    from governance.models import ReminderPreference

    client.force_login(personas.owner)
    url = reverse("governance:reminder_preferences")
    assert client.get(url).status_code == 200
    assert client.post(url, {"frequency": "weekly", "language": "fr"}).status_code == 302
    preference = ReminderPreference.objects.get(user=personas.owner)
    assert (preference.frequency, preference.language) == ("weekly", "fr")
    client.logout()
    assert client.get(url).status_code == 302


def test_routine_rows_are_due_from_the_digest_hour_on(settings):
    settings.REMINDER_DIGEST_HOUR = 8
    monday, tuesday = dt.date(2026, 11, 23), dt.date(2026, 11, 24)
    # Daily: the end of the latest digest hour that has begun.
    assert delivery.routine_cutoff(at(tuesday, 8)) == at(tuesday, 9)
    assert delivery.routine_cutoff(at(tuesday, 15)) == at(tuesday, 9)
    assert delivery.routine_cutoff(at(tuesday, 7)) == at(monday, 9)
    # Weekly: Monday's.
    assert delivery.routine_cutoff(at(monday, 8), "weekly") == at(monday, 9)
    assert delivery.routine_cutoff(at(tuesday, 8), "weekly") == at(monday, 9)
    assert delivery.routine_cutoff(at(monday, 7), "weekly") == at(dt.date(2026, 11, 16), 9)


def test_expiring_access_and_waiting_requests_reach_the_owner(
    personas, django_capture_on_commit_callbacks
):
    channel = ChannelFactory(business_owner=personas.owner.person)
    grant = GrantFactory(channel=channel, expires_on=DAY + dt.timedelta(days=3))
    request = services.request_create(
        actor=personas.member,
        channel=channel,
        person=personas.member.person,
        role=grant.role,
        reason="Campaign",
    )
    _sweep(at(DAY, 8), django_capture_on_commit_callbacks)
    owed = {
        (r.kind, r.item_id, r.stage, r.period)
        for r in Reminder.objects.filter(recipient=personas.owner)
    }
    assert ("expiring_grant", grant.pk, "before", "3d") in owed
    assert any(kind == "access_request" and item == request.pk for kind, item, _, _ in owed)
    body = next(m for m in mail.outbox if m.to == [personas.owner.email]).body
    assert grant.person.full_name in body and f"/channels/{channel.pk}/access/" in body
    assert not Reminder.objects.filter(recipient=personas.member, kind="access_request").exists()


def test_a_digest_tells_of_a_campaigns_items_in_one_line_as_my_tasks_does(
    personas, django_capture_on_commit_callbacks, settings
):
    settings.REMINDER_DIGEST_HOUR = 8
    channel = ChannelFactory(business_owner=personas.owner.person)
    for _ in range(3):
        GrantFactory(channel=channel)
    review = services.review_create(
        actor=personas.lead, name="Quarterly review", due_on=DAY + dt.timedelta(days=10)
    )
    services.review_open(actor=personas.lead, review=review)
    _sweep(at(DAY + dt.timedelta(days=1), 8), django_capture_on_commit_callbacks)
    message = next(m for m in mail.outbox if m.to == [personas.owner.email])
    url = f"{reverse('governance:my_review_items')}?review={review.pk}"
    assert message.body.count(url) == 1
    assert "Quarterly review: 3 items to decide" in message.body
    assert message.subject == "Gouvernail: 3 things to do"
    html = message.alternatives[0][0]
    assert html.count(url.replace("?", "?").replace("&", "&amp;")) == 1


def test_a_digests_count_is_grouped_in_its_language(personas):
    from django.utils import translation

    from governance.reminders.notify import Digest

    digest = Digest(personas.owner, [], "en", personas.owner.email, "<id@test>", total=12345)
    with translation.override("en"):
        assert delivery.digest_title(digest, []) == "Gouvernail: 12,345 things to do"
    with translation.override("fr"):
        assert delivery.digest_title(digest, []) == "Gouvernail\xa0: 12\xa0345 tâches à faire"
