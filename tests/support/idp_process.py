"""A test identity provider's process: started on a free loopback port, stopped with its group.

The OpenID provider and the SAML identity provider the SSO tests sign in through are real
servers, each a child process of the test run in a session (process group) of its own. Stopping
one signals that group only, so whatever it started goes too, and nothing else; a provider also
dies if the test run is killed (tests/support/servers.py's parent-death signal).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from tests.support.servers import _die_with_parent, free_port
from tests.support.waiting import wait_until

ROOT = Path(__file__).resolve().parents[2]


def _own_group_dying_with_parent() -> None:
    os.setsid()
    _die_with_parent(signal.SIGTERM)()


class ProviderProcess:
    """`python -m <module>` on 127.0.0.1 and a free port, with the environment it is given.

    `ready_path` is a URL path that answers 200 once the provider serves; `start` waits for it.
    """

    module = ""
    ready_path = "/"

    def __init__(self, env: dict[str, str]):
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.directory = Path(tempfile.mkdtemp(prefix=f"gouvernail-{type(self).__name__}-"))
        self.env = env
        self.process: subprocess.Popen | None = None

    def __str__(self) -> str:
        return f"{type(self).__name__} at {self.base_url}"

    def start(self) -> None:
        env = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "IDP_PORT": str(self.port),
            "IDP_BASE_URL": self.base_url,
            "IDP_DIRECTORY": str(self.directory),
            **self.env,
        }
        env.pop("DJANGO_SETTINGS_MODULE", None)  # the provider names its own, or none
        with (self.directory / "server.log").open("ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", self.module],
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=_own_group_dying_with_parent,
            )
        wait_until(self._up, timeout=30, what=lambda: f"{self} to answer:\n{self.log()}")

    def _up(self) -> bool:
        assert self.process is not None
        if self.process.poll() is not None:
            raise AssertionError(f"{self} exited with {self.process.returncode}:\n{self.log()}")
        try:
            with urllib.request.urlopen(self.base_url + self.ready_path, timeout=2) as answer:
                return answer.status == 200
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False

    def log(self) -> str:
        path = self.directory / "server.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def stop(self) -> None:
        """Signal this provider's process group (its own, nothing else) and wait for its end."""
        # The group's id is the provider's pid (it leads a session of its own). Until that pid
        # is reaped (returncode still None, even if it has exited) no other group can have it.
        if self.process is not None and self.process.returncode is None:
            self._signal_group(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self._signal_group(signal.SIGKILL)
                self.process.wait(10)
        shutil.rmtree(self.directory, ignore_errors=True)

    def _signal_group(self, sig: int) -> None:
        assert self.process is not None
        with contextlib.suppress(ProcessLookupError):  # the whole group has already gone
            os.killpg(self.process.pid, sig)

    def call(self, path: str, payload: dict, token: str) -> dict:
        """POST `payload` as JSON to one of the provider's harness endpoints; its JSON answer."""
        request = urllib.request.Request(
            self.base_url + path,
            data=json.dumps(payload).encode(),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as answer:
                return json.loads(answer.read() or b"{}")
        except urllib.error.HTTPError as error:
            detail = error.read().decode(errors="replace")
            raise AssertionError(f"{self} refused {path}: {error.code} {detail}") from error
