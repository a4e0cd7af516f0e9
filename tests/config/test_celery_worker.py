"""A task runs in a real Celery worker against Redis and changes the database."""

import datetime as dt
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.utils import timezone

from accounts.choices import PersonStatus
from accounts.models import ObjectChange, Person
from accounts.tasks import people_mark_leavers_left
from config.celery import app
from tests.factories import PersonFactory
from tests.services import redis_url

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker():
    url = redis_url()
    previous = (app.conf.broker_url, app.conf.task_always_eager)
    app.conf.broker_url = url
    app.conf.task_always_eager = False
    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield
    app.conf.broker_url, app.conf.task_always_eager = previous


def test_leaver_is_marked_left_by_a_real_worker(worker):
    leaver = PersonFactory(
        status=PersonStatus.LEAVING, end_date=timezone.localdate() - dt.timedelta(days=2)
    )
    people_mark_leavers_left.delay()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if Person.objects.get(pk=leaver.pk).status == PersonStatus.LEFT:
            break
        time.sleep(0.2)
    assert Person.objects.get(pk=leaver.pk).status == PersonStatus.LEFT
    assert ObjectChange.objects.for_object(leaver).get().actor_label == "system"
