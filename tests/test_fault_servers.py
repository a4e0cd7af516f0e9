"""The servers fault tests start for themselves (tests/support/servers.py) are theirs alone:
a free port, a restart that keeps the address, a stop that ends only that process, and no server
left running when the test run itself is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import psycopg
import redis
from django.conf import settings

from tests.support.servers import RedisServer
from tests.support.waiting import wait_until


def test_a_private_redis_restarts_empty_on_the_same_address(redis_server):
    client = redis.Redis.from_url(redis_server.url(), socket_connect_timeout=1)
    client.set("owed", "1")
    redis_server.restart()
    assert client.get("owed") is None  # nothing kept on disk: a restart loses every key
    assert client.ping()
    pid = redis_server.process.pid
    redis_server.stop()
    assert redis_server.process.poll() is not None
    assert not redis_server.answers()
    assert not os.path.exists(f"/proc/{pid}") or _state(pid) == "Z"


def test_a_private_postgresql_keeps_its_data_across_a_restart(postgres_server):
    with psycopg.connect(postgres_server.url(), autocommit=True) as db:
        db.execute("CREATE TABLE kept (n int)")
        db.execute("INSERT INTO kept VALUES (1)")
    postgres_server.restart()
    with psycopg.connect(postgres_server.url()) as db:
        assert db.execute("SELECT n FROM kept").fetchall() == [(1,)]
    postgres_server.stop()
    assert not postgres_server.answers()


def _state(pid: int) -> str:
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().rsplit(")", 1)[1].split()[0]


def test_a_server_dies_with_the_test_run_that_started_it(tmp_path):
    # A test run killed outright runs no fixture teardown: its servers must not outlive it.
    run = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from tests.support.servers import RedisServer; "
            f"server = RedisServer(Path({str(tmp_path)!r})); server.start(); "
            "print(server.port, server.process.pid, flush=True); sys.stdin.read()",
        ],
        cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        port, pid = map(int, run.stdout.readline().split())
        server = RedisServer(tmp_path, port)
        assert server.answers()
        run.send_signal(signal.SIGKILL)
        run.wait(10)
        wait_until(
            lambda: (
                not server.answers() and (not os.path.exists(f"/proc/{pid}") or _state(pid) == "Z")
            ),
            what=f"redis-server {pid} to exit with the run that started it",
        )
    finally:
        if run.poll() is None:
            run.kill()
            run.wait(10)
