"""The reminder outbox through outages, with real processes: workers killed at random moments,
PostgreSQL and Redis restarted while digests are being sent, and a large off-boarding (issue 15).

Each test has its own Redis (tests/support/servers.py) and its own mail server
(tests/support/smtp.py); the workers and beat are `celery -A config worker|beat` subprocesses
with short timeouts, so that a stale claim is released and a lost digest enqueued again within
the test. Nothing waits a fixed time: a test waits until the outbox owes nothing and the mail
server has what it should, then stops the processes and reads what was sent.

"One message per recipient" is the rule; a sender killed after the mail server accepted its
digest but before it recorded it makes the only allowed exception: the same rows sent again, with
the same Message-ID (governance/reminders/delivery.py).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import psycopg
import pytest
import redis
from django.conf import settings
from django.db import connection
from django.utils import timezone

from accounts import roles
from config.celery import app
from governance import services
from governance.models import Reminder, ReminderPreference
from governance.reminders import delivery, engine
from governance.tasks import send_reminder_digest
from tests.factories import ChannelFactory, GrantFactory, PersonFactory, TeamFactory, UserFactory
from tests.services import require_postgresql
from tests.support.servers import _die_with_parent, postgresql_bin
from tests.support.waiting import wait_until
from tests.support.workers import Workers, celery_broker

pytestmark = [
    pytest.mark.worker,
    pytest.mark.real_clock,  # the workers and beat read the real clock
    pytest.mark.django_db(transaction=True),
]

SWEEP_SECONDS = 3
CLAIM_TIMEOUT = 20  # a killed worker's claim is released by the first sweep after this
RECORD_SECONDS = 8  # shorter than the claim timeout (config/settings/base.py)
# After an outage, what it interrupted is sent by the sweeps that follow (every SWEEP_SECONDS)
# within this time: less than Celery's first database retry (30 s and more), the delivery
# back-off (a minute) and the claim timeout of the PostgreSQL test (twice this).
RECOVERY_SECONDS = 30
DIGEST = send_reminder_digest.name


# Processes


class Processes:
    """The workers and beat of one test, each a subprocess of the test run, logging to tmp_path.

    Each is stopped through its own process, even when the test fails; each also dies with the
    test run.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.env: dict[str, str] = {}
        self.started: list[subprocess.Popen] = []
        self.workers: dict[str, subprocess.Popen] = {}
        self.beat_process: subprocess.Popen | None = None
        self._count = 0

    def _start(self, arguments: list[str], log: str) -> subprocess.Popen:
        assert self.env, "set the processes' environment first"
        with (self.folder / log).open("a") as output:
            process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "config", *arguments],
                cwd=settings.BASE_DIR,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=subprocess.STDOUT,
                preexec_fn=_die_with_parent(signal.SIGKILL),
            )
        self.started.append(process)
        return process

    def worker(self) -> str:
        """Start a new worker (solo pool: one task at a time); returns its name."""
        name = f"w{self._count}@outage"
        self._count += 1
        self.workers[name] = self._start(
            [
                "worker",
                "--pool",
                "solo",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                "-n",
                name,
                "--loglevel",
                "INFO",
            ],
            f"{name}.log",
        )
        return name

    def beat(self) -> None:
        """Beat, sweeping every SWEEP_SECONDS; its schedule file in the test's folder."""
        self.beat_process = self._start(
            [
                "beat",
                "-s",
                str(self.folder / "beat-schedule"),
                "--pidfile",
                str(self.folder / "beat.pid"),
                "--loglevel",
                "INFO",
            ],
            "beat.log",
        )

    def kill(self, name: str) -> None:
        """kill -9 of this worker (its own pid)."""
        process = self.workers.pop(name)
        process.send_signal(signal.SIGKILL)
        process.wait(10)

    def alive(self) -> list[str]:
        for name, process in self.workers.items():
            assert process.poll() is None, f"worker {name} exited:\n{self.log(name)}"
        return list(self.workers)

    def log(self, name: str) -> str:
        path = self.folder / f"{name}.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def logs(self) -> str:
        return "\n".join(
            f"--- {path.name}\n{path.read_text(errors='replace')[-2500:]}"
            for path in sorted(self.folder.glob("*.log"))
        )

    def stop(self) -> None:
        """Warm shutdown of every process still running (the task in hand is finished first)."""
        for process in self.started:
            if process.poll() is None:
                process.terminate()
        for process in self.started:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
        self.workers.clear()


@pytest.fixture
def processes(tmp_path):
    running = Processes(tmp_path)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def broker(redis_server):
    """The test process enqueues in this test's own Redis."""
    with celery_broker(app, redis_server.url()) as url:
        yield url


@pytest.fixture
def durable_broker(durable_redis_server):
    with celery_broker(app, durable_redis_server.url()) as url:
        yield url


def _test_database_url() -> str:
    db = connection.settings_dict
    return (
        f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}"
        f":{db['PORT'] or 5432}/{db['NAME']}"
    )


def _env(*, broker: str, smtp, database: str | None = None) -> dict[str, str]:
    return {
        **os.environ,
        # The test settings, with tasks sent to the broker rather than run inline.
        "DJANGO_SETTINGS_MODULE": "tests.support.worker_settings",
        "DATABASE_URL": database or _test_database_url(),
        "REDIS_URL": broker,
        "CELERY_BROKER_URL": broker,
        "REMINDER_SWEEP_SECONDS": str(SWEEP_SECONDS),
        "REMINDER_CLAIM_TIMEOUT": str(CLAIM_TIMEOUT),
        "REMINDER_RECORD_SECONDS": str(RECORD_SECONDS),
        **smtp.django_env(),
    }


# Data


def _owners(count: int, *, prefix: str = "owner", french=lambda i: False) -> list:
    """`count` users who own channels (a Person each); those `french(i)` read French."""
    team = TeamFactory(name="Owners")
    owners = []
    for i in range(count):
        user = UserFactory(email=f"{prefix}{i:03d}@example.org")
        PersonFactory(user=user, email=user.email, team=team)
        if french(i):
            ReminderPreference.objects.create(user=user, language="fr")
        owners.append(user)
    return owners


def _leaver_holding(owners: list, *, per_owner: int = 1):
    """A person holding `per_owner` grants on channels of each owner (no backup owner)."""
    team = TeamFactory(name="Marketing")
    leaver = PersonFactory(team=team)
    for owner in owners:
        for _ in range(per_owner):
            channel = ChannelFactory(business_owner=owner.person, backup_owner=None, team=team)
            GrantFactory(channel=channel, person=leaver)
    return leaver


def _offboard(leaver) -> None:
    """Each task's assignee is told at once: their digests are enqueued when this commits."""
    services.offboarding_start(
        actor=None, person=leaver, last_day=timezone.localdate() + dt.timedelta(days=20)
    )


def _owed() -> int:
    """Rows the outbox still owes (not sent, not failed; claimed or not)."""
    return Reminder.objects.filter(sent_at__isnull=True, failed_at__isnull=True).count()


def _received_by_all(smtp_server, recipients: list[str]) -> bool:
    return set(recipients) <= set(smtp_server.by_recipient())


def _report(smtp_server, processes, recipients) -> str:
    got = smtp_server.by_recipient()
    missing = sorted(set(recipients) - set(got))
    return (
        f"{smtp_server.count()} messages, {len(missing)} recipients without one "
        f"({missing[:5]}), {_owed()} rows owed\n{processes.logs()}"
    )


def _ids_per_recipient(smtp_server) -> dict[str, Counter]:
    return {
        recipient: Counter(m.message_id for m in messages)
        for recipient, messages in smtp_server.by_recipient().items()
    }


# a. Workers killed at random moments


def test_workers_killed_at_random_moments_lose_nothing_and_send_nothing_different(
    broker, smtp_server, processes
):
    require_postgresql()
    seed = int(os.environ.get("OUTAGE_SEED") or random.SystemRandom().randrange(2**32))
    rng = random.Random(seed)
    print(f"OUTAGE_SEED={seed}")
    owners = _owners(300)
    recipients = [owner.email for owner in owners]
    _offboard(_leaver_holding(owners))  # 300 digests wait in this test's Redis
    assert _owed() == 300

    processes.env = _env(broker=broker, smtp=smtp_server)
    processes.beat()  # releases stale claims and enqueues what is owed, every few seconds
    worker = processes.worker()
    kills = []
    # One kill in each quarter of the send, at a message chosen at random.
    for low in (20, 80, 140, 200):
        target = rng.randrange(low, low + 50)
        if rng.random() < 0.5:
            # In the middle of a send: the server has the message, the worker awaits its "250".
            smtp_server.hold(after=target)
            smtp_server.wait_held()
            moment = "mid-send"
        else:
            # Wherever the worker is once that message has arrived: claiming, rendering,
            # sending, recording, between two tasks, or sweeping.
            wait_until(
                lambda target=target: smtp_server.count() >= target,
                timeout=120,
                interval=rng.uniform(0.001, 0.1),
                what=lambda: _report(smtp_server, processes, recipients),
            )
            moment = "anywhere"
        processes.kill(worker)
        kills.append((smtp_server.count(), moment))
        smtp_server.release()
        worker = processes.worker()

    wait_until(
        lambda: _received_by_all(smtp_server, recipients) and _owed() == 0,
        timeout=150,
        interval=0.2,
        what=lambda: _report(smtp_server, processes, recipients),
    )
    processes.stop()  # nothing can be sent any more: count
    ids = _ids_per_recipient(smtp_server)
    different = {r: c for r, c in ids.items() if len(c) > 1}
    resends = sum(sum(c.values()) - 1 for c in ids.values())
    print(f"OUTAGE_SEED={seed} kills={kills} same-id resends={resends}")
    assert set(ids) == set(recipients)
    assert not different, f"recipients sent different messages (seed {seed}): {different}"
    # A killed worker had one digest in hand at most: at most one resend for each kill.
    assert resends <= len(kills) == 4, f"{resends} resends for {kills} (seed {seed})"
    assert not Reminder.objects.filter(sent_at__isnull=True).exists()


# b. PostgreSQL restarted during a send


def _copy_database(postgres_server) -> str:
    """The test database (committed, transaction=True) copied into the private PostgreSQL."""
    name = "gouvernail"
    with psycopg.connect(postgres_server.url(), autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    db = connection.settings_dict
    bin_dir = postgresql_bin()
    dump = subprocess.Popen(
        [
            str(bin_dir / "pg_dump"),
            "--no-owner",
            "--no-privileges",
            "--host",
            db["HOST"] or "127.0.0.1",
            "--port",
            str(db["PORT"] or 5432),
            "--username",
            db["USER"] or "postgres",
            db["NAME"],
        ],
        stdout=subprocess.PIPE,
        env={**os.environ, "PGPASSWORD": db["PASSWORD"] or ""},
    )
    load = subprocess.run(
        [
            str(bin_dir / "psql"),
            "--quiet",
            "--set",
            "ON_ERROR_STOP=1",
            "--output",
            os.devnull,
            postgres_server.url(name),
        ],
        stdin=dump.stdout,
        capture_output=True,
        text=True,
    )
    dump.stdout.close()
    assert dump.wait(60) == 0 and load.returncode == 0, load.stderr[-2000:]
    return postgres_server.url(name)


def _private_owed(url: str, recipients: set[int] | None = None) -> int | None:
    """Rows the private database's outbox still owes (to `recipients`, when given); None while
    it does not answer."""
    try:
        with psycopg.connect(url, connect_timeout=2) as db:
            return db.execute(
                "SELECT count(*) FROM governance_reminder "
                "WHERE sent_at IS NULL AND failed_at IS NULL "
                "AND (%(all)s OR recipient_id = ANY(%(recipients)s))",
                {"all": recipients is None, "recipients": sorted(recipients or ())},
            ).fetchone()[0]
    except psycopg.OperationalError:
        return None


def _routine_items(owners: list, extra: int) -> list:
    """Review items (routine reminders) for `owners` and `extra` reviewers of their own,
    written by a sweep before the digest hour, so that any sweep now finds them due."""
    team = TeamFactory(name="Reviewed")
    reviewed = PersonFactory(team=team)
    reviewers = owners + _owners(extra, prefix="reviewer")
    for reviewer in reviewers:
        channel = ChannelFactory(business_owner=reviewer.person, backup_owner=None, team=team)
        GrantFactory(channel=channel, person=reviewed)
    lead = UserFactory(email="lead@example.org", roles=[roles.GOVERNANCE_LEAD])
    today = timezone.localdate()
    review = services.review_create(
        actor=lead, name="Quarterly", scope_team=team, due_on=today + dt.timedelta(days=30)
    )
    services.review_open(actor=lead, review=review)
    # Two hours before the end of the latest digest window: not due then, due at every sweep
    # from now on (delivery.routine_cutoff).
    before = delivery.routine_cutoff(timezone.now()) - dt.timedelta(hours=2)
    assert engine.sweep(now=before)["digests"] == 0
    written = Reminder.objects.filter(kind="review_item")
    assert written.count() == len(reviewers) and not written.filter(urgent=True).exists()
    return reviewers


class LateAfterRecovery(AssertionError):
    """Digests the outage interrupted were still owed well after the sweeps that followed it."""


# Where the worker is when PostgreSQL goes away (issue 15: a database error before the mail
# leaves is retried; once it has left, the outcome is recorded through the outage).
MOMENTS = {
    "while-sending": "the mail server has the digest, the worker awaits its answer",
    "after-claim": "the worker has claimed a recipient's rows and reads who they are and owe",
    "while-rendering": "the worker has claimed the rows and reads the recipient's language",
}
# The worker's queries that a test blocks with a table lock to stop it at a chosen step. Between
# the claim and the sending, every read of the users (the recipient, then the roles behind their
# whole My tasks count, governance/reminders/mine.py) is one such step, and it comes before the
# reads of the recipient's preferences; the users are read nowhere else. (Which table a session
# waits for is asked of pg_locks: a long query's text is cut in pg_stat_activity.)
LANGUAGE_LOOKUP = (
    '%FROM "governance_reminderpreference" WHERE "governance_reminderpreference"."user_id" = %'
)


def _waiting_on_lock(url: str, query: str) -> int:
    """Sessions of the private server waiting for a lock, running a query LIKE `query`."""
    with psycopg.connect(url, autocommit=True) as db:
        return db.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            "AND query LIKE %s",
            (query,),
        ).fetchone()[0]


def _waiting_for(url: str, table: str) -> int:
    """Sessions of the private server waiting for a lock on `table`."""
    with psycopg.connect(url, autocommit=True) as db:
        return db.execute(
            "SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = %s::regclass",
            (table,),
        ).fetchone()[0]


def _active_queries(url: str) -> list[tuple]:
    """What the private server's other sessions are doing: (waiting for, query)."""
    with psycopg.connect(url, autocommit=True) as db:
        return db.execute(
            "SELECT wait_event_type, left(query, 300) FROM pg_stat_activity "
            "WHERE state <> 'idle' AND pid <> pg_backend_pid()"
        ).fetchall()


def _lock(url: str, table: str) -> psycopg.Connection:
    """A transaction holding `table` (nobody reads it) until it ends."""
    locker = psycopg.connect(url)
    locker.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
    return locker


def _private_owed_rows(url: str) -> list[tuple]:
    with psycopg.connect(url) as db:
        return db.execute(
            "SELECT recipient_id, claimed_at IS NOT NULL, attempts, next_attempt_at, last_error "
            "FROM governance_reminder WHERE sent_at IS NULL AND failed_at IS NULL"
        ).fetchall()


def _claimed(url: str) -> set[int]:
    """The recipients whose rows the worker holds: the digest the outage interrupts."""
    with psycopg.connect(url, autocommit=True) as db:
        rows = db.execute(
            "SELECT DISTINCT recipient_id FROM governance_reminder "
            "WHERE claimed_at IS NOT NULL AND sent_at IS NULL AND failed_at IS NULL"
        ).fetchall()
    return {recipient for (recipient,) in rows}


def _stop_the_database_at(moment: str, postgres_server, smtp_server, database: str) -> set[int]:
    """Restart PostgreSQL while the (one) worker is at `moment` of a digest; returns whose
    digest it was."""
    if moment == "while-sending":
        smtp_server.hold(after=smtp_server.count())
        smtp_server.wait_held()
        quits = smtp_server.quits()
        interrupted = _claimed(database)
        postgres_server.stop()
        smtp_server.release()
        # The worker has its "250": it is recording the digest, with no database to take it.
        wait_until(lambda: smtp_server.quits() > quits, what="the worker to end its session")
        postgres_server.start()
        return interrupted
    locker = _lock(database, "accounts_user")
    try:
        wait_until(
            lambda: _waiting_for(database, "accounts_user"),
            what=lambda: (
                "the worker to read the users, having claimed a recipient's rows; "
                f"it runs {_active_queries(database)}"
            ),
        )
        if moment == "while-rendering":
            second = _lock(database, "governance_reminderpreference")
            locker.rollback()
            locker.close()
            locker = second
            wait_until(
                lambda: _waiting_on_lock(database, LANGUAGE_LOOKUP),
                what=lambda: (
                    "the worker to read the recipient's language; "
                    f"it runs {_active_queries(database)}"
                ),
            )
        interrupted = _claimed(database)
        postgres_server.restart()  # fast shutdown: every session ends, the locks with them
    finally:
        locker.close()
    return interrupted


@pytest.mark.parametrize("moment", list(MOMENTS))
def test_postgresql_restarted_during_a_send_loses_nothing_and_repeats_nothing(
    moment, broker, smtp_server, processes, postgres_server
):
    require_postgresql()
    owners = _owners(300)
    reviewers = _routine_items(owners[:60], extra=30)  # 60 owners also review; 30 only review
    _offboard(_leaver_holding(owners))  # 300 digests enqueued; the 30 reviewers' by a sweep
    recipients = sorted({u.email for u in owners + reviewers})
    assert len(recipients) == 330
    database = _copy_database(postgres_server)

    # No process dies here: no claim may wait for the claim timeout, so it is long.
    processes.env = {
        **_env(broker=broker, smtp=smtp_server, database=database),
        "REMINDER_CLAIM_TIMEOUT": str(RECOVERY_SECONDS * 2),
    }
    processes.worker()
    # The outage comes nine tenths into the 300 digests the off-boarding enqueued (the others
    # wait for a sweep), so that little is queued behind what it interrupts.
    wait_until(
        lambda: smtp_server.count() >= len(owners) * 9 // 10,
        timeout=150,
        what=lambda: _report(smtp_server, processes, recipients),
    )
    before = smtp_server.count()
    interrupted = _stop_the_database_at(moment, postgres_server, smtp_server, database)
    recovered = time.monotonic()
    assert len(interrupted) == 1, interrupted  # one worker, one digest at a time
    cut_short = [u.email for u in owners + reviewers if u.pk in interrupted]
    # Beat from now on (it would sweep into the locks above): the first sweep after recovery
    # enqueues what is owed, the interrupted digest and the 30 reviewers' routine ones among it.
    processes.beat()
    try:
        wait_until(
            lambda: (
                _received_by_all(smtp_server, cut_short)
                and _private_owed(database, interrupted) == 0
            ),
            timeout=RECOVERY_SECONDS,
            interval=0.2,
        )
    except AssertionError:
        raise LateAfterRecovery(
            f"PostgreSQL restarted {MOMENTS[moment]} (after {before} messages); "
            f"{RECOVERY_SECONDS}s after it came back, still owed (recipient, claimed, attempts, "
            f"next attempt, last error): {_private_owed_rows(database)[:5]}"
        ) from None
    caught_up = time.monotonic() - recovered
    # The rest, queued behind it or swept after it, at one worker's pace.
    wait_until(
        lambda: _received_by_all(smtp_server, recipients) and _private_owed(database) == 0,
        timeout=RECOVERY_SECONDS * 4,
        interval=0.2,
        what=lambda: _report(smtp_server, processes, recipients),
    )
    print(
        f"{moment}: restarted after {before} messages, the interrupted digest sent {caught_up:.1f}s after"
    )
    processes.stop()
    print(f"{moment}: restarted after {before} messages, all sent {caught_up:.1f}s after")
    ids = _ids_per_recipient(smtp_server)
    twice = {r: c for r, c in ids.items() if sum(c.values()) > 1}
    assert set(ids) == set(recipients)
    assert not twice, f"recipients sent two messages: {twice}"
    with psycopg.connect(database) as db:
        unsent, total, urgent = db.execute(
            "SELECT count(*) FILTER (WHERE sent_at IS NULL), count(*), count(*) FILTER "
            "(WHERE urgent) FROM governance_reminder"
        ).fetchone()
    assert (unsent, total, urgent) == (0, 390, 300)
    # Routine and urgent rows to the same person went in one digest.
    both = [m for m in smtp_server.received() if m.to in {u.email for u in owners[:60]}]
    assert len(both) == 60
    assert all("Quarterly: 1 item to decide" in m.text and "Revoke access" in m.text for m in both)


# c. Redis restarted, with its data and without


def _queued_digests(url: str) -> int:
    """Digest tasks waiting in the broker's queue."""
    queue = redis.Redis.from_url(url).lrange("celery", 0, -1)
    return sum(1 for raw in queue if json.loads(raw)["headers"]["task"] == DIGEST)


def test_redis_restarted_with_and_without_its_data_loses_nothing_and_repeats_nothing(
    durable_broker, durable_redis_server, smtp_server, processes
):
    require_postgresql()
    owners = _owners(240)
    recipients = [owner.email for owner in owners]
    _offboard(_leaver_holding(owners))
    processes.env = _env(broker=durable_broker, smtp=smtp_server)
    processes.beat()
    processes.worker()

    def in_the_middle_of_a_send(after: int) -> None:
        """Once `after` messages have arrived, the worker is held awaiting the next's answer."""
        wait_until(
            lambda: smtp_server.count() >= after,
            timeout=90,
            what=lambda: _report(smtp_server, processes, recipients),
        )
        smtp_server.hold(after=smtp_server.count())
        smtp_server.wait_held()

    in_the_middle_of_a_send(len(recipients) // 4)
    queued = _queued_digests(durable_broker)
    durable_redis_server.restart()  # the queue is kept on disk
    assert _queued_digests(durable_broker) == queued > 0
    smtp_server.release()
    in_the_middle_of_a_send(smtp_server.count() + len(recipients) // 4)
    lost = _queued_digests(durable_broker)
    durable_redis_server.restart_empty()  # every queued digest is lost; the outbox owes them
    assert _queued_digests(durable_broker) == 0 < lost
    smtp_server.release()
    wait_until(
        lambda: _received_by_all(smtp_server, recipients) and _owed() == 0,
        timeout=120,
        interval=0.2,
        what=lambda: _report(smtp_server, processes, recipients),
    )
    processes.alive()
    processes.stop()
    print(f"Redis restarted with {queued} digests queued (kept), then {lost} (lost)")
    ids = _ids_per_recipient(smtp_server)
    twice = {r: c for r, c in ids.items() if sum(c.values()) > 1}
    assert set(ids) == set(recipients)
    assert not twice, f"recipients sent two messages: {twice}"
    assert not Reminder.objects.filter(sent_at__isnull=True).exists()


# d. A large off-boarding, each assignee told once, in their language


def test_an_offboarding_of_300_grants_tells_each_owner_once_in_their_language(
    broker, smtp_server, processes
):
    require_postgresql()
    owners = _owners(60, french=lambda i: i % 3 == 0)  # 20 read French
    french = {owner.email for i, owner in enumerate(owners) if i % 3 == 0}
    _offboard(_leaver_holding(owners, per_owner=5))  # 300 tasks, 5 to each owner
    recipients = [owner.email for owner in owners]
    processes.env = _env(broker=broker, smtp=smtp_server)
    worker = processes.worker()
    wait_until(
        lambda: _received_by_all(smtp_server, recipients) and _owed() == 0,
        timeout=90,
        what=lambda: _report(smtp_server, processes, recipients),
    )
    # A sweep afterwards owes nobody anything: it enqueues no digest, and sends nothing.
    result = engine.sweep(now=timezone.now())
    assert result["digests"] == 0 and result["candidates"] == 300, result
    idle = Workers(app, worker)
    wait_until(idle.idle, timeout=30, what="the worker to be idle")
    processes.stop()

    messages = smtp_server.received()
    assert sorted(m.to for m in messages) == sorted(recipients)  # one message each
    for message in messages:
        if message.to in french:
            assert message.subject == "Gouvernail\u00a0: 5 tâches à faire", message.subject
            assert message.text.startswith("Bonjour "), message.text
            assert message.text.count("Révoquer l'accès") == 5, message.text
            assert "Revoke access" not in message.text
        else:
            assert message.subject == "Gouvernail: 5 things to do", message.subject
            assert message.text.startswith("Hello "), message.text
            assert message.text.count("Revoke access") == 5, message.text
    assert Reminder.objects.count() == 300
    assert not Reminder.objects.filter(sent_at__isnull=True).exists()
