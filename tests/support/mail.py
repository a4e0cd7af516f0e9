"""E-mail backends for tests: one that fails on demand, one that writes each message to a folder."""

from __future__ import annotations

import os
import smtplib
import time
import uuid
from pathlib import Path

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class FlakyBackend(LocmemBackend):
    """Fails the next `failures` sends with `error`, then delivers to mail.outbox."""

    failures = 0
    error: Exception = smtplib.SMTPServerDisconnected("connection lost")

    def send_messages(self, messages):
        if FlakyBackend.failures > 0:
            FlakyBackend.failures -= 1
            raise FlakyBackend.error
        return super().send_messages(messages)


class FolderBackend(LocmemBackend):
    """Writes each message's recipient and subject to MAIL_FOLDER; sleeps first if asked to,
    so a test can kill the worker in the middle of sending."""

    def send_messages(self, messages):
        time.sleep(float(os.environ.get("MAIL_DELAY", "0")))
        folder = Path(os.environ["MAIL_FOLDER"])
        for message in messages:
            (folder / f"{uuid.uuid4().hex}.eml").write_text(
                f"{message.to[0]}\n{message.body}", encoding="utf-8"
            )
        return len(messages)
