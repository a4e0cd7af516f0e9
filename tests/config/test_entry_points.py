"""Gunicorn, an ASGI server and the Celery worker run production unless told otherwise.

Each starts here in a clean environment (no DJANGO_SETTINGS_MODULE), as a deployment that follows
the README does; manage.py alone defaults to the local settings.
"""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from tests.support.production import PRODUCTION_ENV
from tests.support.servers import free_port
from tests.support.waiting import wait_until

BIN = Path(sys.executable).parent


def _run(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        args,
        cwd=settings.BASE_DIR,
        env={**PRODUCTION_ENV, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _get(port: int, path: str, host: str = "127.0.0.1") -> tuple[int, dict, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": host})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        connection.close()


@pytest.fixture
def gunicorn(tmp_path):
    """gunicorn config.wsgi:application on a free port, as the README starts it."""
    port = free_port()
    log_path = tmp_path / "gunicorn.log"
    env = {**PRODUCTION_ENV, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [str(BIN / "gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{port}"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:

        def answers() -> bool:
            if process.poll() is not None:
                pytest.fail(f"gunicorn stopped:\n{log_path.read_text()}")
            try:
                _get(port, "/healthz")
            except OSError:
                return False
            return True

        wait_until(answers, timeout=60, what=lambda: f"gunicorn to answer:\n{log_path.read_text()}")
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_gunicorn_without_a_settings_module_serves_production(gunicorn, tmp_path):
    status, _, body = _get(gunicorn, "/healthz")
    assert status == 200, (tmp_path / "gunicorn.log").read_text()
    assert json.loads(body)["status"] == "ok"

    # DEBUG off: a refused host gets the plain 400, not Django's technical page.
    status, _, body = _get(gunicorn, "/", host="intruder.example")
    assert status == 400
    assert "DisallowedHost" not in body and "Traceback" not in body

    # Production's HTTPS redirect, where the local settings would show a debug 404.
    status, headers, body = _get(gunicorn, "/no-such-page/")
    assert status == 301, body[:500]
    assert headers["Location"] == "https://127.0.0.1/no-such-page/"


def test_the_asgi_application_defaults_to_production():
    result = _run(
        sys.executable,
        "-c",
        "import config.asgi; from django.conf import settings; "
        "print(settings.SETTINGS_MODULE, settings.DEBUG)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["config.settings.production", "False"]


def _worker_settings(**env: str) -> dict[str, str]:
    # `celery report` loads the app exactly as `celery -A config worker` does, then prints the
    # Django settings it got.
    result = _run(sys.executable, "-m", "celery", "-A", "config", "report", **env)
    assert result.returncode == 0, result.stderr
    lines = (line.partition(": ") for line in result.stdout.splitlines())
    return {name: value for name, sep, value in lines if sep}


def test_the_celery_worker_defaults_to_production():
    report = _worker_settings()
    assert report["SETTINGS_MODULE"] == "'config.settings.production'"
    assert report["DEBUG"] == "False"


def test_a_settings_module_given_is_obeyed_by_the_worker():
    report = _worker_settings(DJANGO_SETTINGS_MODULE="config.settings.local")
    assert report["SETTINGS_MODULE"] == "'config.settings.local'"


def test_manage_py_defaults_to_the_local_settings(tmp_path):
    result = _run(
        sys.executable,
        "manage.py",
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.SETTINGS_MODULE)",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "config.settings.local"
