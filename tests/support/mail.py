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


class ConnectionCuttingBackend(LocmemBackend):
    """Delivers to mail.outbox, then has PostgreSQL end the sender's database session, as a
    database restart does between the mail server's acceptance and the sender's next statement."""

    cut = 0

    def send_messages(self, messages):
        import psycopg
        from django.db import connection

        sent = super().send_messages(messages)
        pid = connection.connection.info.backend_pid
        db = connection.settings_dict
        with psycopg.connect(
            host=db["HOST"] or "127.0.0.1",
            port=db["PORT"] or 5432,
            user=db["USER"],
            password=db["PASSWORD"] or None,
            dbname=db["NAME"],
            autocommit=True,
        ) as other:
            other.execute("SELECT pg_terminate_backend(%s)", [pid])
        ConnectionCuttingBackend.cut += 1
        return sent
