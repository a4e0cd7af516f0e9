"""Each endpoint answers as the pages do, per persona: what they see, what they may change."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import override_settings
from django.utils import timezone

from accounts.models import ObjectChange
from governance.models import AccessGrant, AccessRequest
from tests.factories import ChannelFactory, GrantFactory, role

pytestmark = pytest.mark.django_db


def ids(answer) -> set[int]:
    assert answer.status_code == 200, answer.content
    return {row["id"] for row in answer.json()["results"]}


def test_channels_are_those_the_user_sees(api_as, world):
    assert ids(api_as("lead").get("channels/")) == {world.ours.pk, world.theirs.pk}
    assert ids(api_as("auditor").get("channels/")) == {world.ours.pk, world.theirs.pk}
    assert ids(api_as("owner").get("channels/")) == {world.ours.pk}
    assert ids(api_as("member").get("channels/")) == {world.ours.pk}  # holds access to it
    assert ids(api_as("outsider").get("channels/")) == set()
    # A channel the user may not see is not found, as on the pages.
    assert api_as("owner").get(f"channels/{world.theirs.pk}/").status_code == 404


def test_channel_filters_match_the_list_page(api_as, world):
    lead = api_as("lead")
    assert ids(lead.get("channels/", q="hidden")) == {world.theirs.pk}
    assert ids(lead.get("channels/", owner=world.ours.business_owner_id)) == {world.ours.pk}
    assert ids(lead.get("channels/", risk="no_backup")) == {world.ours.pk}
    assert ids(lead.get("channels/", status="archived")) == set()
    bad = lead.get("channels/", status="nonsense")
    assert bad.status_code == 400
    assert bad["Content-Type"] == "application/problem+json"
    assert bad.json()["errors"][0]["pointer"] == "#/status"


def test_channel_update_goes_through_the_service_with_if_match(api_as, world):
    owner = api_as("owner")
    read = owner.get(f"channels/{world.ours.pk}/")
    etag = read["ETag"]
    changed = owner.patch(
        f"channels/{world.ours.pk}/", {"purpose": "Customer care"}, headers={"If-Match": etag}
    )
    assert changed.status_code == 200, changed.content
    assert changed["ETag"] != etag
    world.ours.refresh_from_db()
    assert world.ours.purpose == "Customer care"
    entry = ObjectChange.objects.for_object(world.ours).order_by("-pk").first()
    assert entry.changes == {"purpose": ["", "Customer care"]}
    # A second write with the old version is refused: a lost update.
    stale = owner.patch(f"channels/{world.ours.pk}/", {"purpose": "X"}, headers={"If-Match": etag})
    assert stale.status_code == 412
    assert stale.json()["type"] == "urn:gouvernail:problem:precondition_failed"


def test_channel_update_keeps_the_pages_rules_and_messages(api_as, world):
    assert api_as("auditor").patch(f"channels/{world.ours.pk}/", {"name": "x"}).status_code == 403
    assert api_as("member").patch(f"channels/{world.ours.pk}/", {"name": "x"}).status_code == 403
    assert api_as("owner", ["read"]).patch(f"channels/{world.ours.pk}/", {}).status_code == 403
    refused = api_as("owner").patch(
        f"channels/{world.ours.pk}/", {"business_owner": world.theirs.business_owner_id}
    )
    assert refused.status_code == 400
    assert refused.json()["detail"] == (
        "You must stay the business owner or the backup owner of a channel you manage."
    )


def test_platforms_with_their_roles(api_as, world):
    answer = api_as("member", ["channels:read"]).get("platforms/", page_size=200)
    facebook = next(p for p in answer.json()["results"] if p["slug"] == "facebook")
    assert facebook["channel_count"] == 1  # the one the member sees
    assert {r["privilege_level"] for r in facebook["roles"]} >= {"admin", "publish"}


def test_people_as_the_people_pages_show_them(api_as, personas, world):
    assert len(ids(api_as("auditor").get("people/"))) >= 5
    assert ids(api_as("member").get("people/")) == {personas.member.person.pk}
    other = personas.owner.person.pk
    assert api_as("member").get(f"people/{other}/").status_code == 404
    assert ids(api_as("lead").get("people/", q="owner@")) == {other}
    assert api_as("outsider").get("teams/").status_code == 200
    assert api_as("outsider").get("partners/").status_code == 200


def test_grants_visible_and_filtered(api_as, personas, world):
    assert ids(api_as("lead").get("grants/")) == {world.member_grant.pk, world.hidden_grant.pk}
    assert ids(api_as("member").get("grants/")) == {world.member_grant.pk}
    assert api_as("member").get(f"grants/{world.hidden_grant.pk}/").status_code == 404
    lead = api_as("lead")
    assert ids(lead.get("grants/", person=personas.member.person.pk)) == {world.member_grant.pk}
    assert ids(lead.get("grants/", privilege_level="publish")) == {world.member_grant.pk}
    assert ids(lead.get("grants/", status="revoked")) == set()


def test_an_access_request_is_made_and_approved(api_as, personas, world):
    refused = api_as("member").post(
        "requests/",
        {"channel": world.ours.pk, "role": role(level="moderate").pk, "reason": "Moderates"},
    )
    # The service's own message reaches the client unchanged.
    assert refused.status_code == 400
    assert refused.json()["detail"] == (
        f"{personas.member.person.full_name} already holds access to this channel."
    )
    assert refused.json()["errors"] == [{"detail": refused.json()["detail"]}]
    AccessGrant.objects.filter(pk=world.member_grant.pk).update(
        status="revoked", revoked_at=timezone.now()
    )
    asked = api_as("member").post(
        "requests/",
        {"channel": world.ours.pk, "role": role(level="moderate").pk, "reason": "Moderates"},
    )
    assert asked.status_code == 201, asked.content
    made = AccessRequest.objects.get(pk=asked.json()["id"])
    assert made.person == personas.member.person
    assert made.status == "pending"
    approved = api_as("owner").post(f"requests/{made.pk}/approve/", {})
    assert approved.status_code == 200, approved.content
    assert approved.json()["status"] == "approved" and approved.json()["grant"]


def test_request_rules_and_validation(api_as, personas, world):
    pending = f"requests/{world.request.pk}/"
    assert api_as("lead").post(pending + "approve/").status_code == 403  # their own
    assert api_as("member").post(pending + "approve/").status_code == 403  # not the owner
    assert api_as("auditor").post(pending + "approve/").status_code == 403
    assert api_as("outsider").post(pending + "approve/").status_code == 404
    refused = api_as("owner").post(pending + "refuse/", {"comment": ""})
    assert refused.status_code == 400
    assert refused.json()["errors"] == [
        {"detail": "Say why the request is refused.", "pointer": "#/comment"}
    ]
    assert api_as("auditor").post("requests/", {}).status_code == 403
    empty = api_as("member").post("requests/", {"channel": world.ours.pk})
    assert empty.status_code == 400
    assert {e["pointer"] for e in empty.json()["errors"]} == {"#/role", "#/reason"}
    stale = api_as("owner").post(
        pending + "refuse/", {"comment": "No"}, headers={"If-Match": '"x"'}
    )
    assert stale.status_code == 412
    assert ids(api_as("owner").get("requests/", to_decide="true")) == {world.request.pk}
    assert ids(api_as("member").get("requests/", to_decide="true")) == set()


def test_my_tasks_is_the_pages_answer(api_as, world):
    answer = api_as("owner", ["access:read"]).get("my-tasks/")
    assert answer.status_code == 200
    body = answer.json()
    assert body["count"] == 1
    assert body["sections"][0]["key"] == "access_request"
    assert body["sections"][0]["items"][0]["item_id"] == world.request.pk


def test_my_tasks_document_is_what_its_serializer_describes(personas):
    from governance.reminders.api import MyTasksSerializer, my_tasks_document
    from governance.reminders.engine import my_tasks
    from governance.reminders.mine import tasks_total

    channel = ChannelFactory(business_owner=personas.owner.person)
    for _ in range(3):
        GrantFactory(channel=channel, expires_on=timezone.localdate() + dt.timedelta(days=3))
    sections = my_tasks(personas.owner)
    assert tasks_total(sections) == 3
    described = MyTasksSerializer({"count": tasks_total(sections), "sections": sections}).data
    assert my_tasks_document(sections) == json.loads(json.dumps(described))


def test_cursor_pagination(api_as, world):
    for _ in range(5):
        GrantFactory(channel=world.ours)
    lead = api_as("lead")
    first = lead.get("grants/", page_size=3).json()
    assert len(first["results"]) == 3 and first["previous"] is None
    second = lead.get(first["next"]).json()
    seen = [g["id"] for g in first["results"] + second["results"]]
    assert seen == sorted(seen, reverse=True) and len(set(seen)) == 6
    bad = lead.get("grants/", cursor="garbage")
    assert bad.status_code == 400
    assert bad.json()["errors"] == [{"detail": "Invalid cursor.", "pointer": "#/cursor"}]


@override_settings(API_RATE_LIMIT="3/minute")
def test_the_rate_limit_is_per_token(personas, api_as):
    first, second = api_as("lead", ["read"]), api_as("lead", ["read"])
    assert [first.get("teams/").status_code for _ in range(3)] == [200] * 3
    limited = first.get("teams/")
    assert limited.status_code == 429
    assert limited["Content-Type"] == "application/problem+json"
    assert int(limited["Retry-After"]) > 0
    assert second.get("teams/").status_code == 200  # another token has its own budget


def test_detail_gets_carry_an_etag(api_as, world):
    answer = api_as("lead").get(f"grants/{world.member_grant.pk}/")
    assert answer["ETag"].startswith('"') and len(answer["ETag"]) == 34
    assert ChannelFactory  # the world built channels through the factories
