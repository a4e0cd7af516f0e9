"""A real SMTP server for tests (aiosmtpd), as the pytest fixture `smtp_server`.

It listens on a free port of 127.0.0.1 and accepts every message, recording its recipients,
Message-ID, subject and plain-text body, safely for the test's thread to read while workers in
other processes send. A message is recorded as soon as its data has arrived, before the server
answers "250": a sender killed while it waits for that answer has delivered the message without
knowing it, as happens with a real mail server.

To kill a sender (or stop its database) in the middle of a send, a test holds the server's
answers: `hold(after=n)` makes the server keep every message from the (n+1)-th on waiting for
its answer until `release()`; `wait_held()` returns once one waits; `quits()` counts the senders
that had their answers and said goodbye. A slow server is `delay`: each answer waits that many
seconds more (the server's latency, not the test's waiting).
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import logging
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from aiosmtpd.controller import Controller

from tests.support.servers import free_port
from tests.support.waiting import wait_until


@dataclass(frozen=True)
class Received:
    """One accepted message."""

    recipients: tuple[str, ...]
    message_id: str
    subject: str
    text: str
    at: float  # time.monotonic() when its data arrived

    @property
    def to(self) -> str:
        return self.recipients[0]


def _text(message: email.message.EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    return part.get_content() if part is not None else ""


class SMTPServer:
    """aiosmtpd's Controller on a free port, with a handler that records what it accepts."""

    def __init__(self, port: int | None = None):
        self.host = "127.0.0.1"
        self.port = port or free_port()
        self.delay = 0.0
        self._lock = threading.Lock()
        self._received: list[Received] = []
        self._hold_after: int | None = None
        self._held = 0  # messages the current hold has kept waiting
        self._release = threading.Event()  # the current hold's; a new one for each hold
        self._quits = 0  # sessions the sender ended, having had its answers
        self._controller = Controller(self, hostname=self.host, port=self.port)

    def __str__(self) -> str:
        return f"SMTP server on port {self.port}"

    # The handler (runs in the controller's thread, on its event loop).

    async def handle_DATA(self, server, session, envelope) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        received = Received(
            recipients=tuple(envelope.rcpt_tos),
            message_id=str(parsed.get("Message-ID", "")),
            subject=str(parsed.get("Subject", "")),
            text=_text(parsed),
            at=time.monotonic(),
        )
        with self._lock:
            self._received.append(received)
            release = None
            if self._hold_after is not None and len(self._received) > self._hold_after:
                self._held += 1
                release = self._release
        loop = asyncio.get_running_loop()
        if release is not None:
            # The answer waits for the test's release (in a thread: the loop serves others).
            await loop.run_in_executor(None, release.wait)
        if self.delay:
            answer = loop.create_future()
            loop.call_later(self.delay, answer.set_result, None)
            await answer
        return "250 Message accepted for delivery"

    async def handle_QUIT(self, server, session, envelope) -> str:
        with self._lock:
            self._quits += 1
        return "221 Bye"

    # The test's side.

    def start(self) -> None:
        self._controller.start()

    def stop(self) -> None:
        self.release()
        self._controller.stop()

    def hold(self, *, after: int) -> None:
        """Keep every message after the first `after` ones waiting for its answer."""
        with self._lock:
            self._release.set()  # a hold still in force ends
            self._release = threading.Event()
            self._held = 0
            self._hold_after = after

    def release(self) -> None:
        """Answer the held messages, and hold no more."""
        with self._lock:
            self._hold_after = None
            self._release.set()

    def held(self) -> int:
        """How many messages the current hold (the latest) has kept waiting."""
        with self._lock:
            return self._held

    def wait_held(self, timeout: float = 60) -> None:
        wait_until(lambda: self.held() > 0, timeout=timeout, what=f"a message held by {self}")

    def quits(self) -> int:
        """How many senders have said QUIT: each had the answer to its message and is done."""
        with self._lock:
            return self._quits

    def received(self) -> list[Received]:
        with self._lock:
            return list(self._received)

    def count(self) -> int:
        with self._lock:
            return len(self._received)

    def by_recipient(self) -> dict[str, list[Received]]:
        found: dict[str, list[Received]] = {}
        for message in self.received():
            for recipient in message.recipients:
                found.setdefault(recipient, []).append(message)
        return found

    def django_env(self) -> dict[str, str]:
        """Environment that makes a Gouvernail process (test settings) send here."""
        backend = "django.core.mail.backends.smtp.EmailBackend"
        return {
            "TEST_EMAIL_BACKEND": backend,
            "DJANGO_EMAIL_BACKEND": backend,
            "DJANGO_EMAIL_HOST": self.host,
            "DJANGO_EMAIL_PORT": str(self.port),
            "DJANGO_EMAIL_USE_TLS": "0",
        }


@pytest.fixture
def smtp_server() -> Iterator[SMTPServer]:
    """A mail server of this test's own, on a free port, stopped after the test."""
    server = SMTPServer()
    log = logging.getLogger("mail.log")  # aiosmtpd's, one line per SMTP command
    level = log.level
    log.setLevel(logging.WARNING)
    server.start()
    try:
        yield server
    finally:
        server.stop()
        log.setLevel(level)
