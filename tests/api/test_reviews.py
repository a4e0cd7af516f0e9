"""Access reviews through the API, per persona: campaigns and items seen as on their pages, an
item decided through the reviewer's form and `review_item_decide`."""

from __future__ import annotations

import pytest

from accounts.models import ObjectChange
from governance.models import ReviewItem
from tests.api.conftest import Api, make_token
from tests.factories import role

pytestmark = pytest.mark.django_db


def ids(answer) -> set[int]:
    assert answer.status_code == 200, answer.content
    return {row["id"] for row in answer.json()["results"]}


def test_campaigns_and_items_as_their_pages_show_them(api_as, world, reviewing):
    review, item = reviewing.review, reviewing.item
    everything = set(review.items.values_list("pk", flat=True))
    assert len(everything) == 2  # the member's grant and the hidden one
    for persona in ("lead", "auditor"):
        assert ids(api_as(persona).get("reviews/")) == {review.pk}
        assert ids(api_as(persona).get("review-items/")) == everything
    owner = api_as("owner", ["reviews:read"])
    assert ids(owner.get("reviews/")) == {review.pk}
    assert ids(owner.get("review-items/")) == {item.pk}  # only what they review
    assert owner.get(f"reviews/{review.pk}/").json()["item_total"] == 1
    for persona in ("member", "outsider"):
        assert ids(api_as(persona).get("reviews/")) == set()
        assert api_as(persona).get(f"review-items/{item.pk}/").status_code == 404
    lead = api_as("lead")
    assert ids(lead.get("review-items/", state="undecided", review=review.pk)) == everything
    assert ids(lead.get("review-items/", state="keep")) == set()
    assert ids(lead.get("review-items/", reviewer=item.reviewer_id)) == {item.pk}
    assert ids(lead.get("reviews/", status="closed")) == set()
    assert lead.get("review-items/", state="maybe").status_code == 400


def test_the_reviewer_decides_an_item_named_in_the_history(personas, reviewing):
    item, url = reviewing.item, f"review-items/{reviewing.item.pk}/"
    token = make_token(personas.owner, ["reviews:write"])
    api = Api(token.secret)
    etag = api.get(url)["ETag"]
    decided = api.post(url + "decide/", {"decision": "revoke"}, headers={"If-Match": etag})
    assert decided.status_code == 200, decided.content
    assert decided.json()["decision"] == "revoke"
    assert decided.json()["decided_by"] == personas.owner.pk
    change = ObjectChange.objects.for_object(item).order_by("-pk").first()
    assert change.changes["decision"] == [None, "revoke"]
    assert change.actor_label == f"owner@example.org (API token {token.prefix})"
    stale = api.post(url + "decide/", {"decision": "keep"}, headers={"If-Match": etag})
    assert stale.status_code == 412
    assert ReviewItem.objects.get(pk=item.pk).decision == "revoke"


def test_decisions_keep_the_pages_rules_and_messages(api_as, world, reviewing):
    url = f"review-items/{reviewing.item.pk}/decide/"
    assert api_as("auditor").post(url, {"decision": "keep"}).status_code == 403
    assert api_as("member").post(url, {"decision": "keep"}).status_code == 404  # their own
    assert api_as("owner", ["reviews:read"]).post(url, {"decision": "keep"}).status_code == 403
    owner = api_as("owner")
    bad = owner.post(url, {"decision": "maybe"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["pointer"] == "#/decision"
    higher = owner.post(url, {"decision": "change_role", "new_role": role(level="admin").pk})
    assert higher.status_code == 400
    assert higher.json()["errors"] == [
        {
            "detail": f"The new role must be lower than {reviewing.item.role_name}.",
            "pointer": "#/new_role",
        }
    ]
    assert ReviewItem.objects.get(pk=reviewing.item.pk).decision == ""
