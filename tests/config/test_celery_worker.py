"""A task runs in a real Celery worker against Redis and changes the database."""

import datetime as dt

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils import timezone

from accounts.choices import PersonStatus
from accounts.models import ObjectChange, Person
from accounts.tasks import people_mark_leavers_left
from config.celery import app
from tests.factories import PersonFactory
from tests.services import redis_url
from tests.support.waiting import wait_until
from tests.support.workers import celery_broker

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker():
    with (
        celery_broker(app, redis_url()),
        start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10),
    ):
        yield


def test_leaver_is_marked_left_by_a_real_worker(worker):
    leaver = PersonFactory(
        status=PersonStatus.LEAVING, end_date=timezone.localdate() - dt.timedelta(days=2)
    )
    people_mark_leavers_left.delay()
    wait_until(
        lambda: Person.objects.get(pk=leaver.pk).status == PersonStatus.LEFT, what="the leaver left"
    )
    assert ObjectChange.objects.for_object(leaver).get().actor_label == "system"
