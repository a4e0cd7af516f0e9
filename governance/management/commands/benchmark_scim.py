"""Time what an identity provider does over SCIM at enterprise scale: provisioning users one by
one, listing them a page at a time, finding one by userName, and deactivating one (which starts
an off-boarding). Over HTTP through Django's test client, with a real token."""

from __future__ import annotations

import json
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core.benchmarks import summary, throwaway_database
from governance.provisioning.services import scim_token_create

SCIM = "application/scim+json"
USER = "urn:ietf:params:scim:schemas:core:2.0:User"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


def _user(n: int) -> dict:
    email = f"person{n}@example.org"
    return {
        "schemas": [USER],
        "userName": email,
        "externalId": f"ext-{n}",
        "name": {"givenName": "Person", "familyName": f"N{n}"},
        "emails": [{"value": email, "primary": True}],
        "active": True,
    }


class Command(BaseCommand):
    help = "SCIM at scale: provision users, list, filter, deactivate; median, p95, queries."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--users", type=int, default=1000)
        parser.add_argument("--repeat", type=int, default=25)

    def handle(self, *args, users: int, repeat: int, **options) -> None:
        with throwaway_database():
            token = scim_token_create(actor=None, name="Benchmark")
            client = Client(HTTP_AUTHORIZATION=f"Bearer {token.secret}")  # type: ignore[attr-defined]
            begin = time.perf_counter()
            ids = []
            for n in range(users):
                answer = client.post("/scim/v2/Users", json.dumps(_user(n)), content_type=SCIM)
                assert answer.status_code == 201, answer.content
                ids.append(answer.json()["id"])
            elapsed = time.perf_counter() - begin
            self.stdout.write(
                f"Provisioned {users} users over SCIM on {connection.vendor} in {elapsed:.1f}s "
                f"({users / elapsed:.0f} users/s)."
            )
            self.stdout.write(f"{'request':<40}{'median ms':>10}{'p95 ms':>10}{'queries':>9}")
            self._time(client, "GET /Users?count=100", repeat, "get", "/scim/v2/Users?count=100")
            self._time(
                client,
                "GET /Users?filter=userName eq",
                repeat,
                "get",
                '/scim/v2/Users?filter=userName eq "person500@example.org"',
            )
            off = {
                "schemas": [PATCH],
                "Operations": [{"op": "replace", "path": "active", "value": False}],
            }
            paths = iter(f"/scim/v2/Users/{i}" for i in ids)
            self._time(
                client, "PATCH active false (off-boarding)", min(repeat, users), "patch", paths, off
            )

    def _time(self, client, label, repeat, method, url, body=None) -> None:
        timings, queries = [], 0
        for _ in range(repeat):
            target = next(url) if not isinstance(url, str) else url
            extra = {"data": json.dumps(body), "content_type": SCIM} if body else {}
            with CaptureQueriesContext(connection) as captured:
                begin = time.perf_counter()
                answer = getattr(client, method)(target, **extra)
                timings.append((time.perf_counter() - begin) * 1000)
            assert answer.status_code == 200, (label, answer.status_code, answer.content[:300])
            queries = len(captured)
        median, p95 = summary(timings)
        self.stdout.write(f"{label:<40}{median:>10.1f}{p95:>10.1f}{queries:>9}")
