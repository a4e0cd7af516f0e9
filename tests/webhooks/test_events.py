"""The services raise their webhook events in their own transaction, with ids, names and dates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from governance import services
from governance.reminders import engine
from tests.factories import ChannelFactory, GrantFactory, PersonFactory, role
from tests.webhooks.conftest import make_endpoint
from webhooks.events import webhook_event_types
from webhooks.models import WebhookDelivery
from webhooks.services import webhook_event

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def listening(personas):
    # Nothing answers there: these tests read the outbox rows, not what is sent.
    return make_endpoint(personas.admin, "http://127.0.0.1:9/hooks")


def _types() -> list[str]:
    return list(WebhookDelivery.objects.order_by("pk").values_list("event_type", flat=True))


def _data(event_type: str) -> dict:
    return WebhookDelivery.objects.filter(event_type=event_type).latest("pk").payload["data"]


def test_grants_created_changed_and_revoked(personas, listening):
    grant = services.grant_create(
        actor=personas.lead,
        channel=ChannelFactory(),
        person=PersonFactory(),
        role=role("facebook", "admin"),
        justification="Runs the page",
    )
    new = services.grant_change_role(
        actor=personas.lead, grant=grant, role=role("facebook", "publish"), justification="Less"
    )
    services.grant_revoke(actor=personas.lead, grant=new)
    services.grant_confirm_revocation(actor=personas.lead, grant=new, evidence="Removed in Meta")
    assert _types() == ["grant.created", "grant.changed", "grant.revoked"]
    changed = _data("grant.changed")
    assert changed["replaces_grant_id"] == grant.pk and changed["grant_id"] == new.pk
    revoked = _data("grant.revoked")
    assert revoked["status"] == "revocation_pending" and revoked["actor"] == personas.lead.email
    assert set(revoked) == set(webhook_event_types["grant.revoked"].data)


def test_expired_grants_are_revoked_by_the_sweep(personas, listening):
    grant = GrantFactory(expires_on=TODAY + dt.timedelta(days=1))
    engine.sweep(now=timezone.now() + dt.timedelta(days=3))
    revoked = _data("grant.revoked")
    assert (revoked["grant_id"], revoked["status"], revoked["reason"]) == (
        grant.pk,
        "revocation_pending",
        "expiry",
    )
    assert revoked["actor"] == "system"


def test_requests_decided(personas, listening):
    channel = ChannelFactory(business_owner=personas.owner.person)
    ask = {"channel": channel, "role": role("facebook", "publish"), "reason": "Posts"}
    first = services.request_create(actor=personas.member, person=PersonFactory(), **ask)
    second = services.request_create(actor=personas.member, person=PersonFactory(), **ask)
    services.request_approve(actor=personas.owner, request=first)
    services.request_refuse(actor=personas.owner, request=second, comment="No need")
    decided = WebhookDelivery.objects.filter(event_type="access_request.decided").order_by("pk")
    assert [(d.payload["data"]["request_id"], d.payload["data"]["status"]) for d in decided] == [
        (first.pk, "approved"),
        (second.pk, "refused"),
    ]


def test_offboarding_started_and_completed_and_tasks_overdue(personas, listening):
    leaver = PersonFactory()
    GrantFactory(channel=ChannelFactory(business_owner=personas.owner.person), person=leaver)
    last_day = TODAY + dt.timedelta(days=3)
    offboarding = services.offboarding_start(actor=personas.lead, person=leaver, last_day=last_day)
    started = _data("offboarding.started")
    assert started["offboarding_id"] == offboarding.pk and started["last_day"] == str(last_day)
    # The sweep after the last day tells each open task overdue, once however often it runs.
    later = timezone.now() + dt.timedelta(days=5)
    engine.sweep(now=later)
    engine.sweep(now=later + dt.timedelta(hours=1))
    [overdue] = WebhookDelivery.objects.filter(event_type="task.overdue")
    task = offboarding.tasks.get()
    assert overdue.payload["data"]["task_id"] == task.pk
    services.offboarding_task_confirm(actor=personas.owner, task=task, evidence="Removed")
    assert _data("offboarding.completed")["offboarding_id"] == offboarding.pk
    assert "grant.revoked" in _types()


def test_reviews_opened_and_closed_and_policies_published(personas, listening):
    GrantFactory()
    review = services.review_create(
        actor=personas.lead, name="Q4", due_on=TODAY + dt.timedelta(days=14)
    )
    services.review_open(actor=personas.lead, review=review)
    services.review_close(actor=personas.lead, review=review)
    assert _data("review.opened") == {
        "review_id": review.pk,
        "name": "Q4",
        "due_on": str(review.due_on),
        "items": 1,
    }
    assert _data("review.closed")["review_id"] == review.pk
    policy = services.policy_create(
        actor=personas.lead, title="Social media policy", kind="social_media_policy", body="Be kind"
    )
    services.policy_version_publish(actor=personas.lead, version=policy.versions.get())
    published = _data("policy_version.published")
    assert published["policy_id"] == policy.pk and published["policy"] == "Social media policy"


def test_only_active_subscribed_endpoints_get_an_event(personas, listening):
    other = make_endpoint(
        personas.admin, "http://127.0.0.1:9/other", event_types=["review.opened"], name="GRC"
    )
    now = timezone.now()
    assert webhook_event(event_type="grant.created", data={"grant_id": 1}, now=now) == 1
    listening.active = False
    listening.save()
    assert webhook_event(event_type="review.opened", data={}, now=now) == 1
    assert WebhookDelivery.objects.latest("pk").endpoint == other
    with pytest.raises(KeyError, match="webhook event types"):
        webhook_event(event_type="grant.eaten", data={}, now=now)
