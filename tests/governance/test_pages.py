"""Governance pages: who may open what, that refusals change nothing, and flat query counts."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import ObjectChange
from channels_registry.models import PlatformRole
from governance import services
from governance.models import AccessGrant, Offboarding
from tests.factories import (
    ChannelFactory,
    GrantFactory,
    PartnerFactory,
    PersonFactory,
    role,
)
from tests.support.queries import pinned_queries

pytestmark = pytest.mark.django_db


def _in_days(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def _publish_role():
    return role("facebook", "publish") or role("facebook", "admin")


@pytest.fixture
def world(personas):
    """A channel of the owner, a grant on it, a pending request, an off-boarding with a task."""
    channel = ChannelFactory(name="Acme FR", business_owner=personas.owner.person)
    holder = PersonFactory(first_name="Hugo", last_name="Holder")
    grant = GrantFactory(channel=channel, person=holder)
    access_request = services.request_create(
        actor=personas.member,
        channel=channel,
        person=personas.member.person,
        role=_publish_role(),
        reason="x",
    )
    leaver = PersonFactory(first_name="Lea", last_name="Leaver")
    GrantFactory(channel=channel, person=leaver)
    offboarding = services.offboarding_start(
        actor=personas.lead, person=leaver, last_day=_in_days(10)
    )
    task = offboarding.tasks.get()
    assert task.assignee == personas.owner
    return SimpleNamespace(
        channel=channel,
        holder=holder,
        grant=grant,
        access_request=access_request,
        leaver=leaver,
        offboarding=offboarding,
        task=task,
    )


# The status every persona gets on every URL is tests/test_authorization_matrix.py's. Here,
# what it does not check: where an allowed redirect leads.
REDIRECTS = {
    # Deciders are sent back to the inbox.
    "request_decide": (
        ("admin", "lead", "lead_auditor", "owner"),
        "post",
        lambda w: reverse("governance:request_decide", args=[w.access_request.pk]),
        lambda w, user: reverse("governance:requests"),
    ),
    # Those who do not see everyone are sent to their own page.
    "people": (
        ("owner", "member", "partner"),
        "get",
        lambda w: reverse("governance:people"),
        lambda w, user: reverse("governance:person", args=[user.person.pk]),
    ),
}


@pytest.mark.parametrize(
    ("name", "persona"),
    [(name, persona) for name, (who, *_) in REDIRECTS.items() for persona in who],
)
def test_allowed_redirects_lead_where_designed(client, personas, world, name, persona):
    _, method, url_of, to = REDIRECTS[name]
    user = getattr(personas, persona)
    client.force_login(user)
    if method == "post":
        response = client.post(url_of(world), {"decision": "refuse", "comment": ""})
    else:
        response = client.get(url_of(world))
    assert response.status_code == 302
    assert response["Location"] == to(world, user)


def test_a_refusal_without_comment_leaves_the_request_pending(client, personas, world):
    # What the redirect test above POSTs: the deciders' 302 changed nothing.
    client.force_login(personas.owner)
    response = client.post(
        reverse("governance:request_decide", args=[world.access_request.pk]),
        {"decision": "refuse", "comment": ""},
        follow=True,
    )
    assert "Say why the request is refused." in response.content.decode()
    world.access_request.refresh_from_db()
    assert world.access_request.status == "pending"


def test_the_people_page_sends_a_team_member_to_their_own_page(client, personas, world):
    client.force_login(personas.member)
    response = client.get(reverse("governance:people"), follow=True)
    assert response.status_code == 200
    assert response.context["person"] == personas.member.person


def test_team_members_may_not_offboard_even_themselves(client, personas, world):
    for persona in ("owner", "member", "partner"):
        user = getattr(personas, persona)
        client.force_login(user)
        url = reverse("governance:offboarding_start", args=[user.person.pk])
        assert client.get(url).status_code == 403, persona
        assert client.post(url, {"last_day": _in_days(5).isoformat()}).status_code == 403
    assert Offboarding.objects.count() == 1


def test_read_only_and_outside_personas_change_nothing(client, personas, world):
    grants_before = AccessGrant.objects.count()
    history_before = ObjectChange.objects.count()
    for persona in ("auditor", "member", "outsider"):
        client.force_login(getattr(personas, persona))
        responses = [
            client.post(reverse("governance:grant_revoke", args=[world.grant.pk])),
            client.post(
                reverse("governance:offboarding_start", args=[world.holder.pk]),
                {"last_day": _in_days(3).isoformat(), "reason": "Leaves"},
            ),
            client.post(
                reverse("governance:request_decide", args=[world.access_request.pk]),
                {"decision": "approve", "comment": "ok"},
            ),
            client.post(
                reverse("governance:request_decide", args=[world.access_request.pk]),
                {"decision": "refuse", "comment": "no"},
            ),
        ]
        assert all(r.status_code in (403, 404) for r in responses), (
            persona,
            [r.status_code for r in responses],
        )
    world.grant.refresh_from_db()
    world.holder.refresh_from_db()
    world.access_request.refresh_from_db()
    assert world.grant.status == "active" and world.grant.revoked_at is None
    assert world.holder.status == "active" and world.holder.end_date is None
    assert not Offboarding.objects.filter(person=world.holder).exists()
    assert world.access_request.status == "pending"
    assert world.access_request.decided_by is None and world.access_request.grant is None
    assert AccessGrant.objects.count() == grants_before
    assert ObjectChange.objects.count() == history_before


# Query counts: pinned (tests/query_counts.json), the same at two sizes.


def _pinned_at_two_sizes(client, name, url, grow) -> None:
    client.get(url)  # the session's first request writes its usersession row
    with pinned_queries(name):
        assert client.get(url).status_code == 200
    grow()
    with pinned_queries(name):
        assert client.get(url).status_code == 200


def _facebook_roles():
    return list(PlatformRole.objects.filter(platform__slug="facebook").order_by("order"))


def _grants(count, *, channel=None, person=None, **extra):
    """`count` grants with varied roles, people (a third of them a partner's) and channels."""
    roles = _facebook_roles()
    made = []
    for i in range(count):
        kwargs = {"role": roles[i % len(roles)], **extra}
        if channel is not None:
            kwargs["channel"] = channel
        if person is not None:
            kwargs["person"] = person
        elif i % 3 == 0:
            kwargs["person"] = PersonFactory(partner=PartnerFactory(), team=None)
        made.append(GrantFactory(**kwargs))
    return made


def _revoked_grants(count, **kwargs):
    return _grants(count, status="revoked", revoked_at=timezone.now(), **kwargs)


def _requests(count, *, actor, channel=None):
    for _ in range(count):
        services.request_create(
            actor=actor,
            channel=channel or ChannelFactory(),
            person=PersonFactory(),
            role=_publish_role(),
            reason="Runs the campaign",
        )


def test_access_tab_query_count_is_flat(client, personas):
    channel = ChannelFactory(business_owner=personas.owner.person)

    def fill(n):
        _grants(n, channel=channel)
        _revoked_grants(n, channel=channel, revoked_by=personas.lead)
        _requests(n, actor=personas.member, channel=channel)

    fill(3)
    client.force_login(personas.lead)
    url = reverse("channels_registry:tab", args=[channel.pk, "access"]) + "?revoked=1"
    _pinned_at_two_sizes(client, "governance/access-tab-lead", url, lambda: fill(37))
    assert AccessGrant.objects.filter(channel=channel, status="active").count() == 40


def test_access_tab_query_count_is_flat_for_the_owner(client, personas):
    channel = ChannelFactory(business_owner=personas.owner.person)
    _grants(3, channel=channel)
    client.force_login(personas.owner)
    url = reverse("channels_registry:tab", args=[channel.pk, "access"])
    _pinned_at_two_sizes(
        client, "governance/access-tab-owner", url, lambda: _grants(37, channel=channel)
    )


def test_person_page_query_count_is_flat(client, personas):
    person = PersonFactory(partner=PartnerFactory(), team=None)

    def fill(n):
        _grants(n, person=person, granted_by=personas.lead)
        _revoked_grants(n, person=person, granted_by=personas.lead)
        ChannelFactory.create_batch(n, business_owner=person)
        ChannelFactory.create_batch(n, backup_owner=person)

    fill(3)
    client.force_login(personas.lead)
    url = reverse("governance:person", args=[person.pk])
    _pinned_at_two_sizes(client, "governance/person", url, lambda: fill(37))
    assert AccessGrant.objects.filter(person=person, status="active").count() == 40


def test_person_page_lists_access_held_a_page_at_a_time(client, personas, monkeypatch):
    """Someone holding hundreds of grants: the page shows them a hundred at a time, in order,
    each once, and says how many there are."""
    from governance.access import selectors

    person = PersonFactory()
    _grants(5, person=person)
    for _ in range(2):  # two channels of one name on one platform: ordered by key
        GrantFactory(person=person, channel=ChannelFactory(name="Acme twins"))
    monkeypatch.setattr(selectors, "GRANTS_PER_PAGE", 2)
    client.force_login(personas.lead)
    url = reverse("governance:person", args=[person.pk])
    pages = [client.get(url, {"page": n}) for n in (1, 2, 3, 4)]
    shown = [g.pk for page in pages for g in page.context["grants"]]
    assert sorted(shown) == sorted(
        AccessGrant.objects.filter(person=person).values_list("pk", flat=True)
    )
    assert [len(page.context["grants"]) for page in pages] == [2, 2, 2, 1]
    assert b"Page 2 of 4" in pages[1].content
    assert b"(7)" in pages[0].content


def test_person_page_shows_ten_channels_per_responsibility_and_folds_the_rest(client, personas):
    person = PersonFactory()
    owned = ChannelFactory.create_batch(12, business_owner=person)
    client.force_login(personas.lead)
    page = client.get(reverse("governance:person", args=[person.pk])).content.decode()
    assert "2 more channels</summary>" in page
    assert all(channel.name in page for channel in owned)


def test_matrix_query_count_is_flat(client, personas):
    _grants(3)
    client.force_login(personas.lead)
    _pinned_at_two_sizes(
        client, "governance/matrix", reverse("governance:matrix"), lambda: _grants(37)
    )


def test_matrix_second_page_of_people_query_count_is_flat(client, personas):
    from governance.access.matrix import ROWS_PER_PAGE

    _grants(ROWS_PER_PAGE + 3)
    client.force_login(personas.lead)
    url = reverse("governance:matrix") + "?people=2"
    _pinned_at_two_sizes(client, "governance/matrix-people-2", url, lambda: _grants(37))
    response = client.get(url)
    assert response.context["matrix"].people.number == 2
    assert len(response.context["matrix"].rows) == ROWS_PER_PAGE


def test_matrix_whole_row_of_a_person_query_count_is_flat(client, personas):
    """A chosen person's row spans every channel, never paged sideways, whatever their number."""
    from governance.access.matrix import COLUMNS_PER_PAGE

    person = PersonFactory()
    _grants(3, person=person)
    client.force_login(personas.lead)
    url = reverse("governance:matrix") + f"?person={person.pk}"
    _pinned_at_two_sizes(
        client, "governance/matrix-person", url, lambda: _grants(37, person=person)
    )
    built = client.get(url).context["matrix"]
    assert built.channels is None
    assert len(built.columns) == 40 > COLUMNS_PER_PAGE
    assert [row_person for row_person, _ in built.rows] == [person]
    assert all(built.rows[0][1])  # a level in every one of their 40 channels


def test_matrix_search_query_count_is_flat(client, personas):
    _grants(3, person=PersonFactory(last_name="Searched"))
    client.force_login(personas.lead)
    url = reverse("governance:matrix") + "?q=searched"
    _pinned_at_two_sizes(
        client,
        "governance/matrix-search",
        url,
        lambda: _grants(37, person=PersonFactory(last_name="Searched")),
    )


def test_matrix_search_shows_every_channel_of_the_person_found(client, personas):
    from governance.access.matrix import COLUMNS_PER_PAGE

    others = [ChannelFactory(name=f"Zz {i:02}") for i in range(COLUMNS_PER_PAGE + 5)]
    for channel in others:
        GrantFactory(channel=channel)
    last = others[-1]
    wanted = PersonFactory(first_name="Ines", last_name="Quillard", email="iq@example.org")
    GrantFactory(channel=last, person=wanted, role=_facebook_roles()[0])
    client.force_login(personas.lead)
    paged = client.get(reverse("governance:matrix")).context["matrix"]
    assert last not in paged.columns  # beyond the first page of channels

    response = client.get(reverse("governance:matrix"), {"q": "ines quill"})
    built = response.context["matrix"]
    assert [row_person for row_person, _ in built.rows] == [wanted]
    assert len(built.columns) == len(others) and built.columns[-1] == last
    assert built.rows[0][1][-1] == _facebook_roles()[0].privilege_level
    html = response.content.decode()
    assert 'role="region"' in html and 'tabindex="0"' in html
    assert f'title="{last.name} ({last.platform.name})"' in html
    assert "?person=" not in html  # whole rows already: no "All channels" link
    assert (
        client.get(reverse("governance:matrix"), {"q": "nobody-like-this"}).context["matrix"].rows
        == []
    )


def test_matrix_offers_each_person_their_whole_row(client, personas):
    grant = GrantFactory()
    client.force_login(personas.lead)
    html = client.get(reverse("governance:matrix")).content.decode()
    assert f'href="?person={grant.person.pk}"' in html
    assert 'class="gv-avatar"' in html and 'class="gv-platform-icon' in html


def test_matrix_names_nobody_outside_what_the_user_sees(client, personas):
    hidden = PersonFactory(first_name="Hidden", last_name="Holder")
    GrantFactory(person=hidden)  # on a channel the member neither owns nor holds access to
    client.force_login(personas.member)
    for query in ({"person": hidden.pk}, {"q": "hidden"}):
        response = client.get(reverse("governance:matrix"), query)
        assert response.status_code == 200
        assert response.context["matrix"].rows == []
        assert "Hidden Holder" not in response.content.decode()


def test_requests_inbox_query_count_is_flat(client, personas):
    _requests(3, actor=personas.member)
    client.force_login(personas.lead)
    url = reverse("governance:requests")
    _pinned_at_two_sizes(
        client, "governance/requests", url, lambda: _requests(37, actor=personas.member)
    )
    assert len(client.get(url).context["waiting"]) == 40  # the lead is next in line for all


def _offboard(person, actor):
    return services.offboarding_start(actor=actor, person=person, last_day=_in_days(10))


def test_offboarding_list_query_count_is_flat(client, personas):
    def fill(n):
        for grant in _grants(n):
            _offboard(grant.person, personas.lead)

    fill(3)
    client.force_login(personas.lead)
    url = reverse("governance:offboardings")
    _pinned_at_two_sizes(client, "governance/offboardings", url, lambda: fill(37))
    assert Offboarding.objects.count() == 40


def test_offboarding_list_is_ordered_newest_first(client, personas):
    started = [_offboard(grant.person, personas.lead) for grant in _grants(3)]
    for days, offboarding in enumerate(reversed(started)):
        Offboarding.objects.filter(pk=offboarding.pk).update(
            created_at=timezone.now() - dt.timedelta(days=days)
        )
    client.force_login(personas.lead)
    listed = client.get(reverse("governance:offboardings")).context["page"]
    assert listed.paginator.object_list.ordered
    assert [o.pk for o in listed] == [o.pk for o in reversed(started)]


def _leaver_with(n, personas):
    """An off-boarding of n grants: tasks for the lead and the owner, one of them done."""
    leaver = PersonFactory()
    _grants(n - 1, person=leaver)
    _grants(1, person=leaver, channel=ChannelFactory(business_owner=personas.owner.person))
    offboarding = _offboard(leaver, personas.lead)
    services.offboarding_task_confirm(
        actor=personas.lead, task=offboarding.tasks.first(), evidence="Removed in Meta"
    )
    return offboarding


def test_offboarding_detail_query_count_is_flat(client, personas):
    small = _leaver_with(3, personas)
    large = _leaver_with(30, personas)
    assert (small.tasks.count(), large.tasks.count()) == (3, 30)
    client.force_login(personas.lead)
    small_url = reverse("governance:offboarding", args=[small.pk])
    client.get(small_url)
    with pinned_queries("governance/offboarding"):  # 3 tasks
        assert client.get(small_url).status_code == 200
    with pinned_queries("governance/offboarding"):  # 30 tasks: the same count
        response = client.get(reverse("governance:offboarding", args=[large.pk]))
    assert response.status_code == 200
    assert "1 of 30 done" in response.content.decode()
