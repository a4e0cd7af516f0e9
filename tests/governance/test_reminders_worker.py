"""Reliability of the reminder engine with a real Redis and real workers.

Each test runs its own Redis (tests/support/servers.py), so a test may restart it. Time is injected
into the sweep; nothing waits for a clock: a test counts the digests sent only once the outbox owes
nothing and every worker has finished every digest it was given, so a duplicate cannot come late.
"""

import datetime as dt
import os
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail
from django.db import connection
from django.utils import timezone

from config.celery import app
from governance import services
from governance.models import Reminder
from governance.reminders import delivery, engine
from governance.tasks import send_reminder_digest
from tests.factories import ChannelFactory, GrantFactory, PersonFactory
from tests.services import require_postgresql
from tests.support.waiting import wait_until
from tests.support.workers import Workers, celery_broker

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

DIGEST = send_reminder_digest.name
IN_PROCESS = "inprocess@test"


@pytest.fixture
def broker(redis_server):
    """The app sends its tasks to this test's own Redis."""
    with celery_broker(app, redis_server.url()) as url:
        yield url


@pytest.fixture
def owed(personas):
    """Two owners each with an off-boarding task: two digests owed."""
    for owner in (personas.owner, personas.member):
        leaver = PersonFactory()
        GrantFactory(channel=ChannelFactory(business_owner=owner.person), person=leaver)
        services.offboarding_start(
            actor=personas.lead, person=leaver, last_day=timezone.localdate() + dt.timedelta(days=5)
        )
    mail.outbox.clear()  # the off-boarding notices are not reminders
    return [personas.owner.email, personas.member.email]


def _digests() -> list[str]:
    """Recipients of reminder digests (the off-boarding notices also go through the worker)."""
    return [m.to[0] for m in mail.outbox if m.subject.startswith("Gouvernail:")]


def _all_sent() -> bool:
    """The outbox owes nothing: no row unsent, none claimed and left unsent."""
    return not Reminder.objects.filter(sent_at__isnull=True, failed_at__isnull=True).exists()


def _in_process_worker():
    return start_worker(
        app, pool="solo", perform_ping_check=False, shutdown_timeout=10, hostname=IN_PROCESS
    )


def _sweep() -> int:
    """One sweep; the number of digests it enqueued."""
    return engine.sweep()["digests"]


def test_sweeps_and_a_real_worker_send_each_digest_once(broker, owed):
    # Two sweeps before any worker runs: two digests per recipient wait in the queue, and the
    # claim must make the second one send nothing.
    enqueued = _sweep() + _sweep()
    assert enqueued == 2 * len(owed)
    worker = Workers.in_this_process(app, IN_PROCESS)
    with _in_process_worker():
        wait_until(lambda: _all_sent() and worker.finished(DIGEST, enqueued), what="the digests")
    assert sorted(_digests()) == sorted(owed)


def test_two_workers_at_once_send_each_reminder_once(broker, owed, personas):
    require_postgresql()
    engine.sweep()
    app.control.purge()  # no worker here: two senders race for the same rows instead
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(
            pool.map(
                lambda _: delivery.send_digest(recipient_id=personas.owner.pk, now=timezone.now()),
                range(2),
            )
        )
    assert (
        sorted(results)[0] == 0
        and sum(results) == Reminder.objects.filter(recipient=personas.owner).count()
    )
    assert _digests() == [personas.owner.email]


def _worker(env: dict, name: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool",
            "solo",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "-n",
            name,
            "--loglevel",
            "WARNING",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(Path(env["MAIL_FOLDER"]) / f"{name}.log").open("w"),
    )


def _worker_env(tmp_path: Path, broker: str, delay: str) -> dict:
    db = connection.settings_dict
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}"
            f":{db['PORT'] or 5432}/{db['NAME']}"
        ),
        # The worker consumes from this test's own Redis, not the machine's.
        "REDIS_URL": broker,
        "CELERY_BROKER_URL": broker,
        "TEST_EMAIL_BACKEND": "tests.support.mail.FolderBackend",
        "MAIL_FOLDER": str(tmp_path),
        "MAIL_DELAY": delay,
    }


def _stop(*workers: subprocess.Popen) -> None:
    for worker in workers:
        if worker.poll() is None:
            worker.terminate()
    for worker in workers:
        try:
            worker.wait(20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(10)


def _sent_to(folder: Path) -> list[str]:
    lines = [p.read_text(encoding="utf-8").splitlines() for p in folder.glob("*.eml")]
    return sorted(
        lines[0]
        for lines in lines
        if any("Here is what Gouvernail needs" in line for line in lines)
    )


def test_a_worker_killed_while_sending_loses_nothing_and_repeats_nothing(
    broker, owed, tmp_path, settings
):
    require_postgresql()
    app.control.purge()  # drop the off-boarding notices: only digests are in play
    slow = _worker(_worker_env(tmp_path, broker, delay="30"), "slow@test")
    try:
        engine.sweep()
        # Wait until the worker has claimed rows, then kill it in the middle of sending.
        wait_until(
            lambda: Reminder.objects.filter(claimed_at__isnull=False).exists(), what="a claim"
        )
        slow.send_signal(signal.SIGKILL)
        slow.wait(10)
    finally:
        _stop(slow)
    assert _sent_to(tmp_path) == []
    app.control.purge()
    healthy = _worker(_worker_env(tmp_path, broker, delay="0"), "healthy@test")
    try:
        # The next sweep, past the claim timeout, releases the dead worker's claim.
        later = timezone.now() + dt.timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT + 1)
        enqueued = engine.sweep(now=later)["digests"]
        worker = Workers(app, "healthy@test")
        wait_until(
            lambda: _all_sent() and worker.finished(DIGEST, enqueued),
            timeout=60,
            what="the digests",
        )
    finally:
        _stop(healthy)
    assert _sent_to(tmp_path) == sorted(owed)


def test_redis_restarted_between_sweep_and_send_loses_nothing(broker, owed, redis_server):
    app.control.purge()  # only digests are in play
    assert _sweep() == len(owed)  # digests enqueued in Redis…
    redis_server.restart()  # …and lost with it (this Redis keeps nothing on disk)
    assert redis.Redis.from_url(broker).dbsize() == 0
    assert Reminder.objects.filter(sent_at__isnull=True).count() >= len(owed)
    enqueued = _sweep()  # the outbox still owes them: the next sweep enqueues again
    assert enqueued == len(owed)
    worker = Workers.in_this_process(app, IN_PROCESS)
    with _in_process_worker():
        wait_until(lambda: _all_sent() and worker.finished(DIGEST, enqueued), what="the digests")
    assert sorted(_digests()) == sorted(owed)


def test_two_real_workers_consuming_at_once_send_each_digest_once(broker, owed, tmp_path):
    require_postgresql()
    app.control.purge()  # only digests are in play
    # Two digests per recipient wait in the queue before two workers start taking them.
    enqueued = _sweep() + _sweep()
    assert enqueued == 2 * len(owed)
    names = ["w0@test", "w1@test"]
    workers = [_worker(_worker_env(tmp_path, broker, delay="0.5"), name) for name in names]
    try:
        both = Workers(app, *names)
        wait_until(
            lambda: _all_sent() and both.finished(DIGEST, enqueued),
            timeout=60,
            what="the digests",
        )
    finally:
        _stop(*workers)
    assert _sent_to(tmp_path) == sorted(owed)
