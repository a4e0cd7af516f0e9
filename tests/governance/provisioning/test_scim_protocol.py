"""The SCIM 2.0 endpoints as a provider sees them (governance/provisioning/views.py): discovery, Users and
Groups with filters, pages, PUT, PATCH, DELETE, ETags and SCIM errors."""

from __future__ import annotations

import pytest

from governance.provisioning.models import ScimUser
from tests.governance.provisioning.scim_support import (
    SCIM,
    ScimClient,
    group_body,
    make_token,
    user_body,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def scim():
    return ScimClient(make_token().secret)


def _create(scim, email, **extra) -> dict:
    response = scim.post("Users", user_body(email, **extra))
    assert response.status_code == 201, response.content
    return response.json()


def test_discovery_says_what_is_served(scim):
    config = scim.get("ServiceProviderConfig")
    assert config.status_code == 200 and config["Content-Type"] == SCIM
    body = config.json()
    assert body["patch"]["supported"] and body["etag"]["supported"]
    assert not body["bulk"]["supported"] and not body["sort"]["supported"]
    assert body["filter"] == {"supported": True, "maxResults": 200}
    types = scim.get("ResourceTypes").json()
    assert {r["name"] for r in types["Resources"]} == {"User", "Group"}
    assert scim.get("ResourceTypes/User").json()["endpoint"] == "/Users"
    schemas = scim.get("Schemas").json()["Resources"]
    user = next(s for s in schemas if s["name"] == "User")
    assert {a["name"] for a in user["attributes"]} == {
        "userName",
        "name",
        "displayName",
        "title",
        "active",
        "emails",
        "groups",
    }
    missing = scim.get("Schemas/urn:nothing")
    assert missing.status_code == 404 and missing.json()["status"] == "404"


def test_a_user_is_created_read_and_found_by_filter(scim):
    created = _create(scim, "ann.lee@example.org", externalId="e-1")
    assert created["userName"] == "ann.lee@example.org" and created["active"] is True
    assert created["meta"]["location"].endswith(f"/scim/v2/Users/{created['id']}")
    read = scim.get(f"Users/{created['id']}")
    assert read.status_code == 200 and read["ETag"] == created["meta"]["version"]
    found = scim.get('Users?filter=userName eq "ANN.LEE@example.org"').json()
    assert found["totalResults"] == 1 and found["Resources"][0]["id"] == created["id"]
    assert scim.get('Users?filter=externalId eq "e-1"').json()["totalResults"] == 1
    assert scim.get('Users?filter=externalId eq "e-2"').json()["totalResults"] == 0
    unsupported = scim.get('Users?filter=nickName eq "x"')
    assert unsupported.status_code == 400 and unsupported.json()["scimType"] == "invalidFilter"
    broken = scim.get("Users?filter=userName eq")
    assert broken.status_code == 400 and broken.json()["scimType"] == "invalidFilter"


def test_a_second_user_with_the_same_user_name_is_a_conflict(scim):
    _create(scim, "ann@example.org")
    again = scim.post("Users", user_body("ann@example.org"))
    assert again.status_code == 409 and again.json()["scimType"] == "uniqueness"
    assert ScimUser.objects.count() == 1


def test_pages_count_from_one(scim):
    for n in range(5):
        _create(scim, f"user{n}@example.org")
    page = scim.get("Users?startIndex=2&count=2").json()
    assert (page["totalResults"], page["startIndex"], page["itemsPerPage"]) == (5, 2, 2)
    assert [r["userName"] for r in page["Resources"]] == ["user1@example.org", "user2@example.org"]
    assert scim.get("Users?count=0").json()["totalResults"] == 5
    assert scim.get("Users?count=x").status_code == 400


def test_attributes_and_excluded_attributes(scim):
    created = _create(scim, "ann@example.org")
    only = scim.get(f"Users/{created['id']}?attributes=userName").json()
    assert set(only) == {"schemas", "id", "userName"}
    without = scim.get(f"Users/{created['id']}?excludedAttributes=emails").json()
    assert "emails" not in without and "userName" in without


def test_put_replaces_and_patch_modifies(scim):
    created = _create(scim, "ann@example.org")
    url = f"Users/{created['id']}"
    replaced = scim.put(url, user_body("ann@example.org", title="Editor", displayName="Ann L"))
    assert replaced.status_code == 200, replaced.content
    assert (replaced.json()["title"], replaced.json()["displayName"]) == ("Editor", "Ann L")
    patched = scim.patch(
        url,
        [
            {"op": "replace", "path": "name.givenName", "value": "Anna"},
            {"op": "add", "path": "title", "value": "Lead"},
        ],
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["name"]["givenName"] == "Anna" and patched.json()["title"] == "Lead"
    removed = scim.patch(url, [{"op": "remove", "path": "title"}])
    assert "title" not in removed.json()
    person = ScimUser.objects.get().user.person
    assert (person.first_name, person.job_title) == ("Anna", "")


def test_if_match_guards_writes(scim):
    created = _create(scim, "ann@example.org")
    url, version = f"Users/{created['id']}", created["meta"]["version"]
    stale = scim.patch(url, [{"op": "add", "path": "title", "value": "x"}], HTTP_IF_MATCH='W/"0"')
    assert stale.status_code == 412 and stale.json()["status"] == "412"
    fresh = scim.patch(url, [{"op": "add", "path": "title", "value": "x"}], HTTP_IF_MATCH=version)
    assert fresh.status_code == 200 and fresh["ETag"] != version
    assert scim.get(url, HTTP_IF_NONE_MATCH=fresh["ETag"]).status_code == 304


def test_errors_are_scim_errors(scim):
    assert scim.get("Users/not-an-id").json()["status"] == "404"
    assert scim.get("Nothing/here").status_code == 404
    not_allowed = scim.post("ServiceProviderConfig", {})
    assert not_allowed.status_code == 405 and not_allowed["Content-Type"] == SCIM
    bad = scim.post("Users", {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"]})
    assert bad.status_code == 400 and bad["Content-Type"] == SCIM
    assert scim.post(".search", {}).status_code == 501


def test_groups_with_members(scim):
    ann = _create(scim, "ann@example.org")["id"]
    bob = _create(scim, "bob@example.org")["id"]
    created = scim.post("Groups", group_body("Social team", [ann]))
    assert created.status_code == 201, created.content
    group = created.json()
    assert [m["value"] for m in group["members"]] == [ann]
    url = f"Groups/{group['id']}"
    scim.patch(url, [{"op": "add", "path": "members", "value": [{"value": bob}]}])
    scim.patch(url, [{"op": "remove", "path": f'members[value eq "{ann}"]'}])
    assert [m["value"] for m in scim.get(url).json()["members"]] == [bob]
    found = scim.get('Groups?filter=displayName eq "social team"').json()
    assert found["totalResults"] == 1
    assert scim.get(f"Users/{bob}").json()["groups"][0]["display"] == "Social team"
    unknown = scim.post("Groups", group_body("Other", ["nobody"]))
    assert unknown.status_code == 400
    assert scim.delete(url).status_code == 204
    assert scim.get(url).status_code == 404
