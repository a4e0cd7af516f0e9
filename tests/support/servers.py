"""Private Redis and PostgreSQL servers for fault tests, as pytest fixtures.

A fault test stops, restarts or crashes only a server it started: each runs on a free port from a
temporary directory, as a child process of the test run, and is stopped through that process.
The machine's own servers are never touched. A fixture stops its server even when the test fails,
and a server started here also dies if the test run itself is killed.
"""

from __future__ import annotations

import ctypes
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import redis

from tests.services import require, require_tool
from tests.support.waiting import wait_until

PR_SET_PDEATHSIG = 1
_LIBC = ctypes.CDLL("libc.so.6", use_errno=True) if sys.platform == "linux" else None


def free_port() -> int:
    """A TCP port nothing listens on now (the kernel's choice)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _die_with_parent(sig: int):
    """In the child: receive `sig` when the test run's process dies, whatever killed it.

    (Linux tells the child when the thread that started it ends: start servers from the test's
    own thread, as fixtures do.)
    """

    def arm() -> None:
        if _LIBC is not None:
            _LIBC.prctl(PR_SET_PDEATHSIG, sig)

    return arm


class _Server:
    """A server process this test run owns: start, stop (its own pid only), restart."""

    stop_signal = signal.SIGTERM
    user: str | None = None

    def __init__(self, directory: Path, port: int | None = None):
        self.directory = directory
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None

    def __str__(self) -> str:
        return f"{type(self).__name__} on port {self.port}"

    def command(self) -> list[str]:
        raise NotImplementedError

    def answers(self) -> bool:
        raise NotImplementedError

    def start(self) -> None:
        log = (self.directory / "server.log").open("a")
        self.process = subprocess.Popen(
            self.command(),
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            user=self.user,
            preexec_fn=_die_with_parent(self.stop_signal),
        )
        log.close()
        wait_until(self._up, timeout=30, what=lambda: f"{self} to answer:\n{self.log()}")

    def _up(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"{self} exited with {self.process.returncode}:\n{self.log()}")
        return self.answers()

    def log(self) -> str:
        path = self.directory / "server.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def stop(self) -> None:
        """Stop this server (its own process, nothing else) and wait until it has exited."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(self.stop_signal)
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)

    def restart(self) -> None:
        """Stop and start again on the same port: clients keep the same URL."""
        self.stop()
        self.start()


class RedisServer(_Server):
    """Redis keeping nothing on disk: a restart loses every key, as a crash of a cache would.

    With `keep_data` (DurableRedisServer), it writes every key to an append-only file and a
    restart keeps them, as a broker configured for durability does; `restart_empty` loses them.
    """

    keep_data = False

    def command(self) -> list[str]:
        return [
            require_tool("redis-server"),
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "yes" if self.keep_data else "no",
            "--daemonize",
            "no",
            "--dir",
            str(self.directory),
        ]

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def restart_empty(self) -> None:
        """Stop, delete what it kept on disk, and start again on the same port with no key."""
        self.stop()
        shutil.rmtree(self.directory / "appendonlydir", ignore_errors=True)
        (self.directory / "dump.rdb").unlink(missing_ok=True)
        self.start()

    def answers(self) -> bool:
        try:
            return bool(redis.Redis.from_url(self.url(), socket_connect_timeout=1).ping())
        except redis.RedisError:
            return False


class DurableRedisServer(RedisServer):
    """Redis keeping its keys on disk (append-only file): a restart keeps the queues."""

    keep_data = True


def postgresql_bin() -> Path:
    """The newest installed PostgreSQL's binaries (Debian keeps them off the PATH)."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    if not found and shutil.which("initdb"):
        found = [shutil.which("initdb")]
    require(bool(found), "PostgreSQL's initdb is not installed")
    return Path(found[-1]).parent


class PostgresServer(_Server):
    """A PostgreSQL cluster of its own (trust authentication, 127.0.0.1 only).

    PostgreSQL refuses to run as root: when the tests run as root, the cluster runs as `postgres`.
    """

    stop_signal = signal.SIGINT  # "fast" shutdown: sessions are ended, data is kept

    def __init__(self, directory: Path, port: int | None = None):
        super().__init__(directory, port)
        self.bin = postgresql_bin()
        self.data = directory / "data"
        if os.geteuid() == 0:
            self.user = "postgres"
            account = pwd.getpwnam(self.user)
            os.chown(directory, account.pw_uid, account.pw_gid)
        subprocess.run(
            [
                str(self.bin / "initdb"),
                "--pgdata",
                str(self.data),
                "--username",
                "postgres",
                "--auth",
                "trust",
                "--encoding",
                "UTF8",
                "--locale",
                "C",
                "--no-sync",
                "--no-instructions",
            ],
            check=True,
            capture_output=True,
            user=self.user,
        )

    def command(self) -> list[str]:
        return [
            str(self.bin / "postgres"),
            "-D",
            str(self.data),
            "-p",
            str(self.port),
            "-c",
            "listen_addresses=127.0.0.1",
            "-c",
            f"unix_socket_directories={self.directory}",
            # A test server: the OS still keeps every write; only a machine crash would lose one.
            "-c",
            "fsync=off",
        ]

    def url(self, dbname: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{dbname}"

    def answers(self) -> bool:
        try:
            with psycopg.connect(self.url(), connect_timeout=1):
                return True
        except psycopg.OperationalError:
            return False


def _owned(server_class: type[_Server]) -> Iterator[_Server]:
    directory = Path(tempfile.mkdtemp(prefix=f"gouvernail-{server_class.__name__.lower()}-"))
    server = None
    try:
        server = server_class(directory)
        server.start()
        yield server
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def redis_server() -> Iterator[RedisServer]:
    """A Redis of this test's own, on a free port, stopped after the test."""
    yield from _owned(RedisServer)


@pytest.fixture
def durable_redis_server() -> Iterator[DurableRedisServer]:
    """A Redis of this test's own that keeps its keys across a restart, stopped after the test."""
    yield from _owned(DurableRedisServer)


@pytest.fixture
def postgres_server() -> Iterator[PostgresServer]:
    """A PostgreSQL of this test's own, on a free port, stopped and deleted after the test."""
    yield from _owned(PostgresServer)
