"""Access review pages: who may open what, deciding with and without htmx, evidence, query counts."""

from __future__ import annotations

import csv
import datetime as dt
import io
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import ObjectChange
from channels_registry.models import PlatformRole
from governance import services
from governance.models import AccessReview, ReviewItem, Task
from governance.reviews import evidence
from tests.factories import (
    ChannelFactory,
    GrantFactory,
    PartnerFactory,
    PersonFactory,
    TeamFactory,
    role,
)
from tests.support.queries import pinned_queries

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}
REASON = "Knows this page better"


def _due() -> dt.date:
    return timezone.localdate() + dt.timedelta(days=14)


def _open_campaign(lead, name: str, **scope) -> AccessReview:
    review = services.review_create(actor=lead, name=name, due_on=_due(), **scope)
    return services.review_open(actor=lead, review=review)


def _holder(first: str, last: str):
    return PersonFactory(first_name=first, last_name=last, email=f"{first.lower()}@example.org")


@pytest.fixture
def world(personas):
    """Channels of the owner and one whose owners have no account (its items go to the lead).

    A closed campaign (one item decided by the owner, one handed to the admin, the rest decided
    by its outcome), then an open campaign over the same grants, then a draft.
    """
    one = ChannelFactory(name="Acme Owner One", business_owner=personas.owner.person)
    two = ChannelFactory(name="Acme Owner Two", business_owner=personas.owner.person)
    orphan = ChannelFactory(name="Acme Orphan")
    assert orphan.business_owner.user is None and orphan.backup_owner.user is None
    people = {
        "hugo": _holder("Hugo", "Hopper"),
        "ines": _holder("Ines", "Ivory"),
        "jean": _holder("Jean", "Jasper"),
        "nora": _holder("Nora", "Noble"),
        "paul": _holder("Paul", "Pike"),
    }
    for key, channel in (
        ("hugo", one),
        ("ines", one),
        ("jean", two),
        ("nora", orphan),
        ("paul", orphan),
    ):
        GrantFactory(channel=channel, person=people[key])

    closed = _open_campaign(personas.lead, "Spring review")
    decided = closed.items.get(person=people["hugo"])
    services.review_item_decide(
        actor=personas.owner, item=decided, decision="revoke", comment="Left the project"
    )
    reassigned = closed.items.get(person=people["nora"])
    services.review_item_reassign(
        actor=personas.lead, item=reassigned, reviewer=personas.admin, reason=REASON
    )
    services.review_close(actor=personas.lead, review=closed)

    open_ = _open_campaign(personas.lead, "Summer review")
    draft = services.review_create(actor=personas.lead, name="Autumn review", due_on=_due())
    owner_item = open_.items.get(person=people["ines"])
    lead_item = open_.items.get(person=people["nora"])
    assert owner_item.reviewer == personas.owner and lead_item.reviewer == personas.lead
    assert open_.items.filter(reviewer=personas.owner).count() == 3
    return SimpleNamespace(
        people=people,
        closed=closed,
        open=open_,
        draft=draft,
        owner_item=owner_item,
        lead_item=lead_item,
        decided=decided,
        reassigned=reassigned,
    )


# The status every persona gets on every URL is tests/test_authorization_matrix.py's. Here,
# what it does not check: where an allowed redirect leads.
LEADS = ("admin", "lead", "lead_auditor")
# name → (who is redirected, URL of the world, POST data of the world, where they land)
REDIRECTS = {
    "review_open": (
        LEADS,
        lambda w: reverse("governance:review_open", args=[w.draft.pk]),
        lambda w: {},
        lambda w: reverse("governance:review", args=[w.draft.pk]),
    ),
    "review_close": (
        LEADS,
        lambda w: reverse("governance:review_close", args=[w.open.pk]),
        lambda w: {},
        lambda w: reverse("governance:review", args=[w.open.pk]),
    ),
    # A valid decision, sent back where it was asked to.
    "review_item_decide": (
        (*LEADS, "owner"),
        lambda w: reverse("governance:review_item_decide", args=[w.owner_item.pk]),
        lambda w: {
            "decision": "keep",
            "comment": "Still publishes",
            "next": reverse("governance:my_review_items"),
        },
        lambda w: reverse("governance:my_review_items"),
    ),
}


@pytest.mark.parametrize(
    ("name", "persona"),
    [(name, persona) for name, (who, *_) in REDIRECTS.items() for persona in who],
)
def test_allowed_posts_lead_where_designed(client, personas, world, name, persona):
    _, url_of, data, to = REDIRECTS[name]
    client.force_login(getattr(personas, persona))
    response = client.post(url_of(world), data(world))
    assert response.status_code == 302
    assert response["Location"] == to(world)


def test_allowed_transitions_and_decisions_take_effect(client, personas, world):
    client.force_login(personas.lead)
    # Close first: a grant is reviewed by one open campaign at a time.
    client.post(reverse("governance:review_close", args=[world.open.pk]))
    client.post(reverse("governance:review_open", args=[world.draft.pk]))
    world.draft.refresh_from_db()
    world.open.refresh_from_db()
    assert world.draft.status == "open" and world.draft.items.count() == 5
    assert world.open.status == "closed" and world.open.closed_by == personas.lead


def test_refusals_change_nothing(client, personas, world):
    history_before = ObjectChange.objects.count()
    decide = reverse("governance:review_item_decide", args=[world.owner_item.pk])
    keep = {"decision": "keep", "comment": "Still publishes"}
    client.force_login(personas.auditor)
    assert client.post(decide, keep).status_code == 403
    assert client.post(decide, keep, headers=HTMX).status_code == 403
    reassign = reverse("governance:review_item_reassign", args=[world.owner_item.pk])
    posted = {"reviewer": personas.member.pk, "reason": "Auditor tries"}
    assert client.post(reassign, posted).status_code == 403
    for persona in ("member", "partner", "outsider"):
        client.force_login(getattr(personas, persona))
        assert client.post(decide, keep).status_code == 404, persona
        assert client.post(reassign, posted).status_code == 404, persona
        # Their bulk form offers only their own (no) items: the owner's item is not a choice.
        response = client.post(
            reverse("governance:my_review_items"),
            {"items": [world.owner_item.pk], "decision": "revoke", "comment": "x"},
        )
        assert response.status_code == 200
        assert response.context["bulk_form"].errors["items"], persona
    client.force_login(personas.owner)
    assert client.post(reverse("governance:review_close", args=[world.open.pk])).status_code == 403
    world.owner_item.refresh_from_db()
    world.open.refresh_from_db()
    assert world.owner_item.decision == "" and world.owner_item.decided_by is None
    assert world.owner_item.reviewer == personas.owner
    assert world.open.status == "open"
    assert ObjectChange.objects.count() == history_before


def test_a_team_member_gets_404_for_another_reviewers_item(client, personas, world):
    client.force_login(personas.owner)
    decide = reverse("governance:review_item_decide", args=[world.lead_item.pk])
    reassign = reverse("governance:review_item_reassign", args=[world.lead_item.pk])
    assert client.post(decide, {"decision": "revoke", "comment": "x"}).status_code == 404
    assert client.post(decide, {"decision": "revoke"}, headers=HTMX).status_code == 404
    assert client.get(reassign).status_code == 404
    response = client.post(
        reverse("governance:my_review_items"),
        {"items": [world.lead_item.pk], "decision": "revoke", "comment": "x"},
    )
    assert response.context["bulk_form"].errors["items"]
    world.lead_item.refresh_from_db()
    assert world.lead_item.decision == "" and world.lead_item.reviewer == personas.lead


def test_the_campaign_page_shows_a_team_member_only_their_items(client, personas, world):
    client.force_login(personas.owner)
    url = reverse("governance:review", args=[world.open.pk])
    response = client.get(url)
    content = response.content.decode()
    listed = list(response.context["page"])
    assert {item.person.full_name for item in listed} == {
        "Hugo Hopper",
        "Ines Ivory",
        "Jean Jasper",
    }
    assert all(item.reviewer == personas.owner for item in listed)
    assert "Nora Noble" not in content and "Paul Pike" not in content
    assert response.context["reviewers"] is None
    assert "Progress per reviewer" not in content
    assert "Evidence report" not in content and "Close the campaign" not in content
    # Asking for another reviewer's items shows none of them.
    response = client.get(url, {"reviewer": personas.lead.pk})
    assert list(response.context["page"]) == []
    assert "Nora Noble" not in response.content.decode()


def test_the_campaign_page_shows_a_lead_every_item_and_reviewer(client, personas, world):
    client.force_login(personas.lead)
    response = client.get(reverse("governance:review", args=[world.open.pk]))
    assert len(response.context["page"]) == 5
    assert {r["reviewer__email"]: r["total"] for r in response.context["reviewers"]} == {
        personas.owner.email: 3,
        personas.lead.email: 2,
    }
    content = response.content.decode()
    assert "Nora Noble" in content and "Hugo Hopper" in content
    assert "Close the campaign" in content and "Evidence report" in content


# Deciding through the page.


def test_deciding_without_javascript_redirects_with_a_message(client, personas, world):
    client.force_login(personas.owner)
    url = reverse("governance:review_item_decide", args=[world.owner_item.pk])
    back = reverse("governance:my_review_items")
    response = client.post(url, {"decision": "revoke", "comment": "No longer posts", "next": back})
    assert response.status_code == 302
    assert response["Location"] == back
    content = client.get(back).content.decode()
    assert f"Decision saved for {world.owner_item}" in content
    assert "1 of 3 done" in content
    world.owner_item.refresh_from_db()
    assert world.owner_item.decision == "revoke"
    assert world.owner_item.comment == "No longer posts"
    assert world.owner_item.decided_by == personas.owner
    assert world.owner_item.submitted_at is None


@pytest.mark.parametrize(
    ("asked", "lands_on"),
    [
        ("foo", "governance:my_review_items"),
        ("/no/such/page/", "governance:my_review_items"),
        ("https://evil.example/access/", "governance:my_review_items"),
        ("//evil.example/access/", "governance:my_review_items"),
        ("javascript:alert(1)", "governance:my_review_items"),
        ("/access/reviews/", "governance:reviews"),
    ],
)
def test_a_decision_goes_back_only_to_a_page_of_the_site(client, personas, world, asked, lands_on):
    client.force_login(personas.owner)
    url = reverse("governance:review_item_decide", args=[world.owner_item.pk])
    response = client.post(url, {"decision": "keep", "comment": "Still posts", "next": asked})
    assert response.status_code == 302
    assert response["Location"] == reverse(lands_on)
    world.owner_item.refresh_from_db()
    assert world.owner_item.decision == "keep"


def test_deciding_with_htmx_answers_the_row_and_the_progress(client, personas, world):
    client.force_login(personas.owner)
    url = reverse("governance:review_item_decide", args=[world.owner_item.pk])
    response = client.post(url, {"decision": "keep", "comment": "Still posts"}, headers=HTMX)
    assert response.status_code == 200
    assert response.templates[0].name == "governance/_review_item_row.html"
    content = response.content.decode()
    assert "<html" not in content
    assert f'<tr id="item-{world.owner_item.pk}">' in content
    assert "Decided: Keep" in content
    assert '<div id="my-progress" hx-swap-oob="true">' in content
    assert "1 of 3 done" in content
    world.owner_item.refresh_from_db()
    assert world.owner_item.decision == "keep" and world.owner_item.comment == "Still posts"


def test_a_refused_htmx_decision_shows_the_error_in_the_row(client, personas, world):
    client.force_login(personas.owner)
    url = reverse("governance:review_item_decide", args=[world.owner_item.pk])
    response = client.post(url, {"decision": "change_role", "comment": ""}, headers=HTMX)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'role="alert"' in content and "Choose a role of the same platform." in content
    assert "0 of 3 done" in content
    world.owner_item.refresh_from_db()
    assert world.owner_item.decision == ""


def test_bulk_decide_then_submit_locks_the_decisions(client, personas, world):
    client.force_login(personas.owner)
    mine = list(world.open.items.filter(reviewer=personas.owner).order_by("pk"))
    url = reverse("governance:my_review_items")
    response = client.post(
        url,
        {"items": [i.pk for i in mine[:2]], "decision": "keep", "comment": "Still on the team"},
    )
    assert response.status_code == 302 and response["Location"] == url
    content = client.get(url).content.decode()
    assert "2 items decided." in content and "2 of 3 done" in content

    response = client.post(url, {"submit": "1"})
    assert response.status_code == 302
    response = client.get(url)
    assert "2 decisions submitted and locked." in response.content.decode()
    assert [i.pk for i in response.context["page"]] == [mine[2].pk]  # only the undecided one
    for item in mine:
        item.refresh_from_db()
    assert all(i.submitted_at is not None for i in mine[:2]) and mine[2].submitted_at is None

    history_before = ObjectChange.objects.count()
    decide = reverse("governance:review_item_decide", args=[mine[0].pk])
    changed_mind = {"decision": "revoke", "comment": "Changed my mind", "next": url}
    response = client.post(decide, changed_mind, follow=True)
    assert response.status_code == 200
    assert "This decision was submitted and is locked." in response.content.decode()
    response = client.post(decide, changed_mind, headers=HTMX)
    assert response.status_code == 200
    assert "This decision was submitted and is locked." in response.content.decode()
    mine[0].refresh_from_db()
    assert mine[0].decision == "keep" and mine[0].comment == "Still on the team"
    assert ObjectChange.objects.count() == history_before


def test_my_items_are_grouped_by_campaign_and_submitted_ones_stay_locked(client, personas, world):
    """Two open campaigns: each a section with its own select-all; what was submitted stays
    shown, with its decision and no control."""
    later = ChannelFactory(name="Acme Owner Three", business_owner=personas.owner.person)
    GrantFactory(channel=later, person=_holder("Rosa", "Reed"))
    winter = services.review_create(
        actor=personas.lead, name="Winter review", due_on=_due() + dt.timedelta(days=30)
    )
    services.review_open(actor=personas.lead, review=winter)
    summer = list(world.open.items.filter(reviewer=personas.owner).order_by("pk"))
    services.review_items_bulk_decide(
        actor=personas.owner, items=summer[:2], decision="keep", comment="Needed"
    )
    services.review_items_submit(actor=personas.owner, review=world.open)
    client.force_login(personas.owner)
    url = reverse("governance:my_review_items")
    response = client.get(url)
    groups = response.context["groups"]
    assert [g["review__name"] for g in groups] == ["Summer review", "Winter review"]  # by deadline
    assert [len(g["pending"]) for g in groups] == [1, 1]
    assert [[i.pk for i in g["locked"]] for g in groups] == [[i.pk for i in summer[:2]], []]
    content = response.content.decode()
    for group in groups:
        box = f'data-select-scope="campaign-{group["review_id"]}"'
        assert f'id="campaign-{group["review_id"]}"' in content and box in content
    assert "2 decisions submitted and locked" in content
    for item in summer[:2]:  # shown with the decision, without a control
        assert f'id="item-{item.pk}"' in content
        assert f'value="{item.pk}"' not in content
        assert reverse("governance:review_item_decide", args=[item.pk]) not in content
    assert f'name="items" value="{summer[2].pk}"' in content

    # The campaign's own page of items, as My tasks links to it.
    response = client.get(f"{url}?review={winter.pk}")
    assert [g["review__name"] for g in response.context["groups"]] == ["Winter review"]
    assert [i.person.first_name for i in response.context["page"]] == ["Rosa"]
    assert "Summer review" not in response.content.decode()
    # A campaign that is not the user's shows nothing of it.
    response = client.get(f"{url}?review={world.closed.pk}")
    assert response.context["groups"] == [] and "Spring review" not in response.content.decode()


def test_a_decided_item_is_changed_in_its_row_not_ticked_for_bulk(client, personas, world):
    client.force_login(personas.owner)
    url = reverse("governance:my_review_items")
    mine = list(world.open.items.filter(reviewer=personas.owner).order_by("pk"))
    services.review_item_decide(actor=personas.owner, item=mine[0], decision="revoke")
    content = client.get(url).content.decode()
    assert f'name="items" value="{mine[0].pk}"' not in content  # no box: select-all skips it
    assert reverse("governance:review_item_decide", args=[mine[0].pk]) in content
    # A crafted request that ticks it anyway is refused whole, naming it; nothing is written.
    before = ObjectChange.objects.count()
    response = client.post(
        url, {"items": [i.pk for i in mine], "decision": "keep", "comment": "All of them"}
    )
    assert response.status_code == 200
    said = " ".join(response.context["bulk_form"].non_field_errors())
    assert f"{mine[0]}: Already decided; change it in its own row." in said
    assert 'role="alert"' in response.content.decode()
    assert ObjectChange.objects.count() == before
    assert list(
        ReviewItem.objects.filter(pk__in=[i.pk for i in mine])
        .order_by("pk")
        .values_list("decision", flat=True)
    ) == ["revoke", "", ""]


def test_bulk_decide_and_submit_stay_on_the_campaign_page(client, personas, world):
    client.force_login(personas.owner)
    url = f"{reverse('governance:my_review_items')}?review={world.open.pk}"
    mine = list(world.open.items.filter(reviewer=personas.owner).order_by("pk"))
    response = client.post(url, {"items": [mine[0].pk], "decision": "revoke", "comment": ""})
    assert response.status_code == 302 and response["Location"] == url
    assert "1 item decided." in client.get(url).content.decode()
    response = client.post(url, {"submit": "1"})
    assert response.status_code == 302 and response["Location"] == url
    mine[0].refresh_from_db()
    assert mine[0].submitted_at is not None


SUBMIT = '<button class="btn btn-success" form="submit-decisions">'


def test_submit_shows_only_while_decisions_wait_and_the_empty_page_offers_nothing(
    client, personas, world
):
    client.force_login(personas.owner)
    url = reverse("governance:my_review_items")
    content = client.get(url).content.decode()
    assert SUBMIT not in content  # nothing decided yet: nothing to submit
    assert 'data-select-all="items"' in content and "js/select-all.js" in content

    mine = list(world.open.items.filter(reviewer=personas.owner).order_by("pk"))
    decide = reverse("governance:review_item_decide", args=[mine[0].pk])
    row = client.post(decide, {"decision": "keep", "comment": "Posts"}, headers=HTMX)
    assert '<div id="my-submit" hx-swap-oob="true">' in row.content.decode()
    assert SUBMIT in row.content.decode()  # htmx brings the button with the first decision
    assert SUBMIT in client.get(url).content.decode()

    client.post(url, {"items": [i.pk for i in mine[1:]], "decision": "keep", "comment": "Posts"})
    client.post(url, {"submit": "1"})
    content = client.get(url).content.decode()
    assert "3 decisions submitted and locked." in content
    assert "Nothing to review." in content
    assert SUBMIT not in content and 'id="bulk-form"' not in content
    assert 'id="submit-decisions"' not in content
    assert "data-select-all" not in content

    response = client.post(url, {"submit": "1"}, follow=True)
    assert "Nothing to submit: decide an item first." in response.content.decode()


# Evidence.


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(text)))


def test_the_evidence_csv_holds_every_column_of_each_item(client, personas, world):
    client.force_login(personas.auditor)
    response = client.get(reverse("governance:review_evidence_csv", args=[world.closed.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    header, *body = _csv(response)
    assert header == evidence.COLUMNS
    assert len(body) == 5
    rows = {row[header.index("person")]: dict(zip(header, row, strict=True)) for row in body}

    decided = ReviewItem.objects.get(pk=world.decided.pk)
    publish = decided.role.name
    assert rows["Hugo Hopper"] == {
        "item": str(decided.pk),
        "person": "Hugo Hopper",
        "email": "hugo@example.org",
        "partner": "",
        "channel": "Acme Owner One",
        "platform": "Facebook",
        "role_at_launch": publish,
        "privilege_level": decided.privilege_level,
        "granted_at": decided.granted_at.isoformat(),
        "expires_on": "",
        "last_review": "",
        "reviewer": personas.owner.email,
        "decision": "revoke",
        "new_role": "",
        "comment": "Left the project",
        "decided_at": decided.decided_at.isoformat(),
        "decided_by": personas.owner.email,
        "decided_by_default": "no",
        "flagged": "no",
        "submitted_at": decided.submitted_at.isoformat(),
        "reassignments": "",
        "remediation_status": "open",
        "remediation_done_at": "",
        "revocation_confirmed_at": "",
    }
    assert rows["Hugo Hopper"]["submitted_at"]

    by_default = ReviewItem.objects.get(pk=world.reassigned.pk)
    move = ObjectChange.objects.get(object_id=str(by_default.pk), message=REASON)
    assert rows["Nora Noble"] == {
        "item": str(by_default.pk),
        "person": "Nora Noble",
        "email": "nora@example.org",
        "partner": "",
        "channel": "Acme Orphan",
        "platform": "Facebook",
        "role_at_launch": publish,
        "privilege_level": by_default.privilege_level,
        "granted_at": by_default.granted_at.isoformat(),
        "expires_on": "",
        "last_review": "",
        "reviewer": personas.admin.email,
        "decision": "revoke",
        "new_role": "",
        "comment": "No decision by the deadline",
        "decided_at": by_default.decided_at.isoformat(),
        "decided_by": "system",
        "decided_by_default": "yes",
        "flagged": "no",
        "submitted_at": by_default.submitted_at.isoformat(),
        "reassignments": (
            f"{timezone.localtime(move.changed_at).isoformat()} {personas.lead.email}: "
            f"{personas.lead} → {personas.admin} ({REASON})"
        ),
        "remediation_status": "open",
        "remediation_done_at": "",
        "revocation_confirmed_at": "",
    }
    assert rows["Nora Noble"]["submitted_at"]
    # Every revocation, decided or by default, became a remediation task.
    assert {row["remediation_status"] for row in rows.values()} == {"open"}
    assert Task.objects.filter(review_item__review=world.closed).count() == 5


def test_the_evidence_report_states_its_completeness(client, personas, world):
    client.force_login(personas.auditor)
    response = client.get(reverse("governance:review_evidence", args=[world.closed.pk]))
    content = response.content.decode()
    assert "5 of 5 items in scope decided (1 by a reviewer" in content
    assert f"{personas.lead} → {personas.admin} ({REASON})" in content

    services.review_item_decide(
        actor=personas.owner, item=world.owner_item, decision="keep", comment="Still posts"
    )
    response = client.get(reverse("governance:review_evidence", args=[world.open.pk]))
    assert "1 of 5 items in scope decided (1 by a reviewer" in response.content.decode()


def test_a_draft_has_no_evidence_yet(client, personas, world):
    client.force_login(personas.auditor)
    assert client.get(reverse("governance:review_evidence", args=[world.draft.pk])).status_code == (
        403
    )


# Query counts: pinned (tests/query_counts.json), the same at two sizes.


def _pinned(client, name, url) -> None:
    with pinned_queries(name):
        response = client.get(url)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)


def _pinned_at_two_sizes(client, name, small_url, large_url, grow=None) -> None:
    client.get(small_url)  # the session's first request writes its usersession row
    _pinned(client, name, small_url)
    if grow is not None:
        grow()
    _pinned(client, name, large_url)


def _facebook_roles() -> list:
    return list(PlatformRole.objects.filter(platform__slug="facebook").order_by("order"))


def _fill(team, count: int, owner_person=None) -> None:
    """`count` grants on the team's channels (the owner's when given), a third of them partners'."""
    channels = [ChannelFactory(team=team, business_owner=owner_person or PersonFactory())]
    if owner_person is None:
        channels.append(ChannelFactory(team=team))
    roles = _facebook_roles()
    for i in range(count):
        person = PersonFactory(partner=PartnerFactory(), team=None) if i % 3 == 0 else None
        GrantFactory(
            channel=channels[i % len(channels)],
            role=roles[i % len(roles)],
            **({"person": person} if person else {}),
        )


def _decide_some(actor, review: AccessReview) -> None:
    """A third of the items undecided; admin access lowered, the rest revoked or kept."""
    items = list(review.items.order_by("pk"))
    lower = role("facebook", "publish")
    for item in items:
        if item.privilege_level == "admin":
            services.review_item_decide(
                actor=actor, item=item, decision="change_role", new_role=lower, comment="Less"
            )
    others = [i for i in items if i.privilege_level != "admin"]
    services.review_items_bulk_decide(
        actor=actor, items=others[::3], decision="revoke", comment="Gone"
    )
    services.review_items_bulk_decide(
        actor=actor, items=others[1::3], decision="keep", comment="Needed"
    )


def _campaign_of(personas, count: int, name: str, *, owner=False) -> AccessReview:
    team = TeamFactory(name=f"Team {name}")
    _fill(team, count, personas.owner.person if owner else None)
    review = _open_campaign(personas.lead, name, scope_team=team)
    assert review.items.count() == count
    _decide_some(personas.owner if owner else personas.lead, review)
    return review


def test_campaign_page_query_count_is_flat(client, personas):
    small = _campaign_of(personas, 5, "Small")
    large = _campaign_of(personas, 120, "Large")
    client.force_login(personas.lead)
    small_url = reverse("governance:review", args=[small.pk])
    large_url = reverse("governance:review", args=[large.pk])
    _pinned_at_two_sizes(client, "reviews/campaign-lead", small_url, large_url)
    assert len(client.get(large_url).context["page"]) == 50
    _pinned_at_two_sizes(client, "reviews/campaign-lead-page-3", small_url, large_url + "?page=3")


def test_campaign_page_query_count_is_flat_for_a_reviewer(client, personas):
    small = _campaign_of(personas, 5, "Small", owner=True)
    large = _campaign_of(personas, 120, "Large", owner=True)
    client.force_login(personas.owner)
    _pinned_at_two_sizes(
        client,
        "reviews/campaign-reviewer",
        reverse("governance:review", args=[small.pk]),
        reverse("governance:review", args=[large.pk]),
    )


def test_my_review_items_query_count_is_flat(client, personas):
    _campaign_of(personas, 5, "Small", owner=True)
    client.force_login(personas.owner)
    url = reverse("governance:my_review_items")

    def grow() -> None:
        _campaign_of(personas, 115, "Large", owner=True)

    _pinned_at_two_sizes(client, "reviews/my-review-items", url, url, grow)
    response = client.get(url)
    assert response.context["page"].paginator.count == 120
    assert len(response.context["page"]) == 120  # two campaigns, every item on one page
    decided = ReviewItem.objects.filter(reviewer=personas.owner).exclude(decision="").count()
    assert response.context["mine"] == {"total": 120, "decided": decided, "to_submit": decided}
    assert 40 < decided < 120


@pytest.mark.parametrize("persona", ["lead", "owner"])
def test_campaign_list_query_count_is_flat(client, personas, persona):
    team = TeamFactory(name="Listed")
    _fill(team, 3, personas.owner.person)

    def campaigns(count: int) -> None:
        for n in range(count):
            # Closed as they go: a grant is reviewed by one open campaign at a time.
            review = _open_campaign(personas.lead, f"Campaign {n}", scope_team=team)
            services.review_close(actor=personas.lead, review=review)

    campaigns(2)
    client.force_login(getattr(personas, persona))
    url = reverse("governance:reviews")
    _pinned_at_two_sizes(client, f"reviews/campaign-list-{persona}", url, url, lambda: campaigns(6))
    assert len(client.get(url).context["page"]) == 8


def _closed_campaign_of(personas, count: int, name: str) -> AccessReview:
    review = _campaign_of(personas, count, name)
    items = list(review.items.filter(decision="").order_by("pk")[:2])
    for item in items:
        services.review_item_reassign(
            actor=personas.lead, item=item, reviewer=personas.owner, reason=REASON
        )
    services.review_close(actor=personas.lead, review=review)
    task = Task.objects.filter(review_item__review=review, kind="revoke").first()
    services.offboarding_task_confirm(actor=personas.lead, task=task, evidence="Removed in Meta")
    return review


@pytest.mark.parametrize("report", ["review_evidence", "review_evidence_csv"])
def test_evidence_report_query_count_is_flat(client, personas, report):
    small = _closed_campaign_of(personas, 5, "Small")
    large = _closed_campaign_of(personas, 120, "Large")
    client.force_login(personas.auditor)
    _pinned_at_two_sizes(
        client,
        f"reviews/{report}",
        reverse(f"governance:{report}", args=[small.pk]),
        reverse(f"governance:{report}", args=[large.pk]),
    )


# Known deviations from the rules; strict, so a fix shows up.


def test_deciding_never_redirects_to_another_site(client, personas, world):
    client.force_login(personas.owner)
    response = client.post(
        reverse("governance:review_item_decide", args=[world.owner_item.pk]),
        {"decision": "keep", "comment": "Still posts", "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:my_review_items")


def test_an_auditor_is_refused_even_an_invalid_decision(client, personas, world):
    client.force_login(personas.auditor)
    response = client.post(
        reverse("governance:review_item_decide", args=[world.owner_item.pk]),
        {"decision": "refuse"},
    )
    assert response.status_code == 403
