"""Reliability of the reminder engine with a real Redis and real workers.

Time is injected into the sweep; nothing waits for a clock.
"""

import datetime as dt
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.core import mail
from django.db import connection
from django.utils import timezone

from config.celery import app
from governance import services
from governance.models import Reminder
from governance.reminders import engine
from tests.factories import ChannelFactory, GrantFactory, PersonFactory
from tests.services import redis_url, require_postgresql

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def broker():
    url = redis_url()
    previous = (app.conf.broker_url, app.conf.task_always_eager)
    app.conf.broker_url = url
    app.conf.task_always_eager = False
    app.control.purge()
    yield url
    app.conf.broker_url, app.conf.task_always_eager = previous


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


def _wait(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return condition()


def _all_sent():
    return not Reminder.objects.filter(sent_at__isnull=True, failed_at__isnull=True).exists()


def test_sweeps_and_a_real_worker_send_each_digest_once(broker, owed):
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        engine.sweep()
        engine.sweep()  # a second sweep enqueues again; the claim makes the second digest empty
        assert _wait(_all_sent)
        time.sleep(1)
    assert sorted(_digests()) == sorted(owed)


def test_two_workers_at_once_send_each_reminder_once(broker, owed, personas):
    require_postgresql()
    engine.sweep()
    app.control.purge()  # no worker here: two senders race for the same rows instead
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(
            pool.map(
                lambda _: engine.send_digest(recipient_id=personas.owner.pk, routine=True), range(2)
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
            f"{name}@%h",
            "--loglevel",
            "WARNING",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(Path(env["MAIL_FOLDER"]) / f"{name}.log").open("w"),
    )


def _worker_env(tmp_path: Path, delay: str) -> dict:
    db = connection.settings_dict
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": (
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}"
            f":{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "REDIS_URL": redis_url(),
        "TEST_EMAIL_BACKEND": "tests.support.mail.FolderBackend",
        "MAIL_FOLDER": str(tmp_path),
        "MAIL_DELAY": delay,
    }


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
    slow = _worker(_worker_env(tmp_path, delay="30"), "slow")
    try:
        engine.sweep()
        # Wait until the worker has claimed rows, then kill it in the middle of sending.
        assert _wait(lambda: Reminder.objects.filter(claimed_at__isnull=False).exists())
        slow.send_signal(signal.SIGKILL)
        slow.wait(10)
    finally:
        if slow.poll() is None:
            slow.kill()
    assert _sent_to(tmp_path) == []
    app.control.purge()
    healthy = _worker(_worker_env(tmp_path, delay="0"), "healthy")
    try:
        # The next sweep, past the claim timeout, releases the dead worker's claim.
        later = timezone.now() + dt.timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT + 1)
        engine.sweep(now=later)
        assert _wait(_all_sent, seconds=60)
        time.sleep(1)
    finally:
        healthy.terminate()
        healthy.wait(20)
    assert _sent_to(tmp_path) == sorted(owed)


def _redis_restart(url: str) -> None:
    subprocess.run(["redis-cli", "-u", url, "shutdown", "nosave"], capture_output=True, timeout=20)
    subprocess.run(
        [
            "redis-server",
            "--daemonize",
            "yes",
            "--bind",
            "127.0.0.1",
            "-::1",
            "--port",
            "6379",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            "/tmp",
            "--logfile",
            "/tmp/redis-test-restart.log",
        ],
        capture_output=True,
        timeout=20,
    )
    assert _wait(
        lambda: (
            subprocess.run(["redis-cli", "-u", url, "ping"], capture_output=True).stdout.strip()
            == b"PONG"
        )
    )


def test_redis_restarted_between_sweep_and_send_loses_nothing(broker, owed):
    if not broker.startswith("redis://127.0.0.1:6379") or not os.path.exists(
        "/usr/bin/redis-server"
    ):
        pytest.skip("restarting Redis needs the local server on 127.0.0.1:6379")
    engine.sweep()  # digests enqueued in Redis…
    _redis_restart(broker)  # …and lost with it (Redis keeps nothing on disk here)
    assert Reminder.objects.filter(sent_at__isnull=True).exists()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        engine.sweep()  # the outbox still owes them: the next sweep enqueues again
        assert _wait(_all_sent)
        time.sleep(1)
    assert sorted(_digests()) == sorted(owed)


def test_two_real_workers_consuming_at_once_send_each_digest_once(broker, owed, tmp_path):
    require_postgresql()
    app.control.purge()  # only digests are in play
    workers = [_worker(_worker_env(tmp_path, delay="0.5"), f"w{n}") for n in range(2)]
    try:
        engine.sweep()
        engine.sweep()  # two digests per recipient in the queue, taken by two workers
        assert _wait(_all_sent, seconds=60)
        time.sleep(2)
    finally:
        for worker in workers:
            worker.terminate()
        for worker in workers:
            worker.wait(20)
    assert _sent_to(tmp_path) == sorted(owed)
