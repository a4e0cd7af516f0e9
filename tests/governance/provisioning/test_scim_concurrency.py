"""Two SCIM calls at once on the same resource (governance/provisioning/kinds.py): Entra ID and
Okta send member PATCHes in parallel, and each must build on the other's result. Real requests to
the live server, from two threads, held at the same moment by a lock the test takes on the group,
then let go together."""

from __future__ import annotations

import json
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, transaction

from governance.provisioning.models import ScimGroup
from tests.governance.provisioning.scim_support import (
    PATCH_SCHEMA,
    SCIM,
    ScimClient,
    group_body,
    make_token,
    user_body,
)
from tests.services import require_postgresql
from tests.support.waiting import wait_until


def _patch(url: str, secret: str, operations: list) -> int:
    body = json.dumps({"schemas": [PATCH_SCHEMA], "Operations": operations}).encode()
    headers = {"Authorization": f"Bearer {secret}", "Content-Type": SCIM}
    request = urllib.request.Request(url, data=body, headers=headers, method="PATCH")
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status


@pytest.fixture(autouse=True)
def _postgresql():
    # Row locks held across connections, and pg_locks to see the calls wait: PostgreSQL only.
    require_postgresql()


def _waiting_for_a_lock() -> int:
    """How many database sessions wait for a lock now (the two calls, once they are held)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(DISTINCT pid) FROM pg_locks WHERE NOT granted")
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_two_member_patches_at_once_both_land(live_server):
    token = make_token("Entra ID")
    scim = ScimClient(token.secret)
    ann, bob = (scim.post("Users", user_body(e)).json()["id"] for e in ("ann@x.org", "bob@x.org"))
    group = scim.post("Groups", group_body("gv-social")).json()["id"]
    url = f"{live_server.url}/scim/v2/Groups/{group}"
    adds = [[{"op": "add", "path": "members", "value": [{"value": m}]}] for m in (ann, bob)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        with transaction.atomic():  # holds the group: both calls reach it, then wait
            ScimGroup.objects.select_for_update().get(scim_id=group)
            calls = [pool.submit(_patch, url, token.secret, add) for add in adds]
            wait_until(lambda: _waiting_for_a_lock() >= 2, what="both calls waiting for the lock")
        assert [call.result() for call in calls] == [200, 200]
    members = scim.get(f"Groups/{group}").json()["members"]
    assert sorted(m["value"] for m in members) == sorted([ann, bob])


@pytest.mark.django_db(transaction=True)
def test_if_match_is_checked_against_the_version_being_replaced(live_server):
    """Two writes naming the same version: the first wins, the second is refused (412)."""
    token = make_token("Okta")
    scim = ScimClient(token.secret)
    ann = scim.post("Users", user_body("ann@x.org")).json()["id"]
    created = scim.post("Groups", group_body("gv-social"))
    group, version = created.json()["id"], created["ETag"]
    url = f"{live_server.url}/scim/v2/Groups/{group}"

    def rename(name: str) -> int:
        body = json.dumps(
            {
                "schemas": [PATCH_SCHEMA],
                "Operations": [{"op": "replace", "path": "displayName", "value": name}],
            }
        ).encode()
        headers = {"Authorization": f"Bearer {token.secret}", "Content-Type": SCIM}
        headers["If-Match"] = version
        request = urllib.request.Request(url, data=body, headers=headers, method="PATCH")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    with ThreadPoolExecutor(max_workers=2) as pool:
        with transaction.atomic():
            ScimGroup.objects.select_for_update().get(scim_id=group)
            calls = [pool.submit(rename, name) for name in ("gv-a", "gv-b")]
            wait_until(lambda: _waiting_for_a_lock() >= 2, what="both calls waiting for the lock")
        assert sorted(call.result() for call in calls) == [200, 412]
    assert ann  # a user exists, so the group's representation is the only thing that moved
