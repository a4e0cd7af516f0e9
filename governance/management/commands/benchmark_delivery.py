"""Send 1,000 digests through a local SMTP server with 2 real Celery workers: digests per second,
and the share of each digest's time spent in the database versus rendering and SMTP.

Everything happens in a throwaway database: each recipient is owed a few urgent rows (written
directly, as the sweep would have), the sweep enqueues one digest per recipient on the broker and
the workers send them to an SMTP server running in this process. The wall time runs from the sweep
to the moment the outbox owes nothing. The split comes from the workers themselves: send_digest
logs, at DEBUG, the time of each digest spent in rendering and SMTP and the time spent around it
(claim, reads, recording), which the workers write to a file of their own.

Needs PostgreSQL (DATABASE_URL: the workers share the database) and Redis (the broker, by default
REDIS_URL; its Celery queue is purged).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import redis
from aiosmtpd.controller import Controller
from celery import current_app as app  # the project's, loaded by config/__init__.py
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from core.benchmarks import summary, throwaway_database
from governance.models import Reminder, ReminderStage
from governance.reminders.engine import sweep

LINE = re.compile(r"digest to user \d+: (\d+) rows, database ([\d.]+) ms, mail ([\d.]+) ms")
DOMAIN = "bench.gouvernail.test"
# A worker is Celery's own command line, run after one handler sends the delivery logger's DEBUG
# lines to the file named first (`--loglevel DEBUG` would make every logger talk).
WORKER = """
import logging, sys
handler = logging.FileHandler(sys.argv.pop(1))
handler.setFormatter(logging.Formatter("%(message)s"))
logger = logging.getLogger("governance.reminders.delivery")
logger.addHandler(handler)
logger.setLevel(logging.DEBUG)
logger.propagate = False
from celery.__main__ import main
main()
"""


class _Accept:
    """The SMTP server's handler: accepts and counts every message."""

    def __init__(self) -> None:
        self.messages = 0

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages += 1
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def _smtp_server() -> Iterator[tuple[Controller, _Accept]]:
    handler = _Accept()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    try:
        yield controller, handler
    finally:
        controller.stop()


def _database_url() -> str:
    """The throwaway database as the workers must reach it."""
    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db["PASSWORD"] else ""
    return (
        f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )


def _worker_env(server: Controller, broker: str) -> dict[str, str]:
    """A worker's environment: the throwaway database, the broker, and `server` for mail."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.local"),
        "DATABASE_URL": _database_url(),
        "REDIS_URL": broker,
        "CELERY_BROKER_URL": broker,
        "DJANGO_DEBUG": "false",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "DJANGO_EMAIL_HOST": server.hostname,
        "DJANGO_EMAIL_PORT": str(server.port),
        "DJANGO_EMAIL_USE_TLS": "false",
        "DJANGO_EMAIL_HOST_USER": "",
        "DJANGO_EMAIL_HOST_PASSWORD": "",
    }


def _start_worker(n: int, folder: Path, env: dict[str, str]) -> subprocess.Popen:
    """Worker `n`: its delivery lines go to delivery-n.log, its errors to worker-n.err."""
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            WORKER,
            str(folder / f"delivery-{n}.log"),
            "-A",
            "config",
            "worker",
            "--pool",
            "solo",
            "-n",
            f"bench{n}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel",
            "WARNING",
        ],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(folder / f"worker-{n}.err").open("w"),
    )


def _stop(processes: list[subprocess.Popen]) -> None:
    """A warm shutdown of each worker still running, killed when it takes over 30 seconds."""
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)  # warm shutdown
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class Command(BaseCommand):
    help = (
        "Send 1,000 digests through a local SMTP server with 2 Celery workers; report digests per "
        "second and the share of time spent in the database versus rendering and SMTP."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--digests", type=int, default=1000)
        parser.add_argument("--rows", type=int, default=3, help="Reminder rows per digest.")
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument("--repeat", type=int, default=3)
        parser.add_argument(
            "--broker",
            default="",
            help="Redis URL of the broker (its Celery queue is purged); REDIS_URL by default.",
        )

    def handle(
        self, *args, digests: int, rows: int, workers: int, repeat: int, broker: str, **options
    ) -> None:
        if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
            self.stdout.write(
                "Delivery benchmark skipped: the workers share its database, set DATABASE_URL "
                "to a PostgreSQL server."
            )
            return
        broker = broker or settings.REDIS_URL
        if not broker.startswith("redis"):
            self.stdout.write(
                "Delivery benchmark skipped: the workers need a broker, set REDIS_URL (or --broker) "
                "to a Redis server."
            )
            return
        try:
            redis.Redis.from_url(broker, socket_timeout=5).ping()
        except redis.RedisError as error:
            raise CommandError(f"The broker at {broker} does not answer: {error}") from error
        # The SMTP server shares this process's console: its per-command log lines stay quiet.
        logging.getLogger("mail.log").setLevel(logging.WARNING)
        app.conf.broker_url = broker
        app.conf.task_always_eager = False
        app.control.purge()
        with throwaway_database(), tempfile.TemporaryDirectory(prefix="bench-delivery-") as folder:
            self._owe(digests, rows, now=timezone.now())
            with (
                _smtp_server() as (server, accepted),
                self._workers(workers, Path(folder), server, broker) as processes,
            ):
                walls = []
                for run in range(repeat):
                    if run:  # the same rows owed again
                        Reminder.objects.update(
                            sent_at=None, claimed_at=None, claim_token="", attempts=0
                        )
                    walls.append(self._run(digests, processes, Path(folder)))
                timings = self._log_lines(Path(folder), expected=digests * repeat)
                if accepted.messages != digests * repeat:
                    raise CommandError(
                        f"The SMTP server accepted {accepted.messages} messages, "
                        f"expected {digests * repeat}."
                    )
            wall = statistics.median(walls)
            median, p95 = summary([db_ms + mail_ms for db_ms, mail_ms in timings])
            database = sum(db_ms for db_ms, _ in timings)
            mail = sum(mail_ms for _, mail_ms in timings)
            runs = f"median of {repeat} runs, " if repeat > 1 else ""
            self.stdout.write(
                f"Delivery of {digests} digests ({rows} rows each) with {workers} workers on "
                f"{connection.vendor}: {digests / wall:.1f} digests/s ({runs}wall {wall:.1f} s); "
                f"per digest median {median:.1f} ms, p95 {p95:.1f} ms; "
                f"database {100 * database / (database + mail):.0f} %, "
                f"mail (render + SMTP) {100 * mail / (database + mail):.0f} %"
            )

    def _owe(self, digests: int, rows: int, *, now: dt.datetime) -> None:
        """`digests` recipients, each owed `rows` urgent off-boarding tasks."""
        User = get_user_model()
        User.objects.bulk_create(
            [
                User(email=f"recipient{n}@{DOMAIN}", full_name=f"Recipient {n}", password="!")
                for n in range(digests)
            ],
            batch_size=2000,
        )
        today = timezone.localdate(now)
        owed = []
        for n, user_id in enumerate(
            User.objects.filter(email__endswith=f"@{DOMAIN}").values_list("pk", flat=True)
        ):
            for k in range(rows):
                item = n * rows + k + 1
                owed.append(
                    Reminder(
                        kind="offboarding_task",
                        item_id=item,
                        recipient_id=user_id,
                        stage=ReminderStage.DUE,
                        period=today.isoformat(),
                        dedup_key=f"bench:{item}:{user_id}",
                        title=f"Revoke access: Channel {k} (Leaver {n})",
                        params={
                            "kind": "revoke",
                            "channel": f"Channel {k}",
                            "subject": f"Leaver {n}",
                        },
                        url=f"/governance/tasks/{item}/confirm/",
                        due_on=today,
                        urgent=True,
                        created_at=now,
                    )
                )
        Reminder.objects.bulk_create(owed, batch_size=5000)

    @contextmanager
    def _workers(
        self, count: int, folder: Path, server: Controller, broker: str
    ) -> Iterator[list[subprocess.Popen]]:
        """`count` solo Celery workers on the throwaway database, sending to `server`; stopped
        (these processes only) when the block ends."""
        env = _worker_env(server, broker)
        processes = []
        try:
            for n in range(1, count + 1):
                processes.append(_start_worker(n, folder, env))
            self._wait_for_answers(processes, folder)
            yield processes
        finally:
            _stop(processes)
            app.control.purge()

    def _wait_for_answers(self, processes: list[subprocess.Popen], folder: Path) -> None:
        """Until every worker answers a ping (at most two minutes)."""
        names = [f"bench{n}@{socket.gethostname()}" for n in range(1, len(processes) + 1)]
        deadline = time.monotonic() + 120
        while True:
            self._check_alive(processes, folder)
            replies = app.control.ping(destination=names, timeout=0.5)
            if {name for reply in replies for name in reply} >= set(names):
                return
            if time.monotonic() > deadline:
                raise CommandError("The workers did not answer within two minutes.")

    def _check_alive(self, processes: list[subprocess.Popen], folder: Path) -> None:
        for n, process in enumerate(processes, start=1):
            if process.poll() is not None:
                tail = (folder / f"worker-{n}.err").read_text()[-2000:]
                raise CommandError(f"Worker {n} exited ({process.returncode}):\n{tail}")

    def _run(self, digests: int, processes: list[subprocess.Popen], folder: Path) -> float:
        """Sweep, then wait until no row is owed; the seconds that took."""
        unsent = Reminder.objects.filter(sent_at__isnull=True, failed_at__isnull=True)
        deadline = time.monotonic() + max(120, digests * 0.2)
        begin = time.perf_counter()
        enqueued = sweep(now=timezone.now())["digests"]
        if enqueued != digests:
            raise CommandError(f"The sweep enqueued {enqueued} digests, expected {digests}.")
        while unsent.exists():
            self._check_alive(processes, folder)
            if time.monotonic() > deadline:
                raise CommandError(f"{unsent.count()} rows still unsent at the deadline.")
            time.sleep(0.01)
        wall = time.perf_counter() - begin
        failed = Reminder.objects.filter(failed_at__isnull=False).count()
        if failed:
            raise CommandError(f"{failed} rows failed.")
        return wall

    def _log_lines(self, folder: Path, *, expected: int) -> list[tuple[float, float]]:
        """Each digest's database and mail milliseconds from the workers' lines, once there are
        `expected` of them (each is written just after its rows are recorded as sent)."""
        deadline = time.monotonic() + 30
        while True:
            found = []
            for path in sorted(folder.glob("delivery-*.log")):
                for match in LINE.finditer(path.read_text()):
                    found.append((float(match[2]), float(match[3])))
            if len(found) >= expected:
                return found
            if time.monotonic() > deadline:
                raise CommandError(
                    f"{len(found)} timing lines from the workers, expected {expected}."
                )
            time.sleep(0.05)
