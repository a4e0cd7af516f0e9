"""Policy pages: who may open what, that refusals change nothing, safe Markdown, flat queries."""

from __future__ import annotations

import csv
import datetime as dt
import io
from types import SimpleNamespace

import pytest
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import ObjectChange
from governance import services
from governance.choices import PolicyAudience, PolicyKind, VersionStatus
from governance.models import Acknowledgement, CrisisContact, Policy, PolicyVersion
from tests.factories import ChannelFactory, GrantFactory, PartnerFactory, PersonFactory, TeamFactory
from tests.support.queries import pinned_queries

pytestmark = pytest.mark.django_db

ACTIVE = ("admin", "lead", "owner", "member", "auditor", "partner", "outsider")
LOGGED_OUT = {"deactivated": 302, "anonymous": 302}


def _expect(default: int, **cells: int) -> dict[str, int]:
    """The status of each persona: `default` for the active ones unless named."""
    return {**dict.fromkeys(ACTIVE, default), **cells, **LOGGED_OUT}


PUBLISH = _expect(404, lead=302, admin=403, auditor=403, owner=403)


def _url(name, *args, query=""):
    """A URL of the world: a string names one of its objects (by pk), a number is a version."""

    def url_of(w):
        return reverse(name, args=[getattr(w, a).pk if isinstance(a, str) else a for a in args])

    return lambda w: url_of(w) + query


def _crisis_tab(channel) -> str:
    return reverse("channels_registry:tab", kwargs={"pk": channel.pk, "tab": "crisis"})


DETAIL = _url("policies:detail", "policy")
ROSTER = _url("policies:roster", "plan")


def _published(lead, title, *, kind=PolicyKind.SOCIAL_MEDIA_POLICY, body="Be kind.", **kwargs):
    policy = services.policy_create(actor=lead, title=title, kind=kind, body=body, **kwargs)
    services.policy_version_publish(actor=lead, version=policy.versions.get())
    policy.refresh_from_db()
    return policy


@pytest.fixture
def world(personas):
    """A published policy of the owner with a draft v2; a draft-only crisis plan of the owner;
    an archived policy; a published crisis plan with one contact; the owner's channel."""
    lead = personas.lead
    elsewhere = ChannelFactory(name="Elsewhere")
    for persona in ("owner", "member", "partner"):
        GrantFactory(channel=elsewhere, person=getattr(personas, persona).person)
    policy = _published(
        lead, "Social media policy", body="# Rules\n\nBe kind.\n", owner=personas.owner.person
    )
    draft = services.policy_version_draft(
        actor=lead, policy=policy, body="# Rules\n\nBe kind and careful.\n", summary="Careful"
    )
    hidden = services.policy_create(
        actor=lead,
        title="Crisis plan in writing",
        kind=PolicyKind.CRISIS_PLAN,
        body="Draft",
        owner=personas.owner.person,
    )
    hidden_contact = services.crisis_contact_add(
        actor=lead, policy=hidden, channel=elsewhere, position=1, name="Draft", phone="+33 1"
    )
    archived = _published(lead, "Old guidelines", kind=PolicyKind.OTHER)
    services.policy_archive(actor=lead, policy=archived)
    plan = _published(lead, "Crisis plan", kind=PolicyKind.CRISIS_PLAN, body="Call us.")
    contact = services.crisis_contact_add(
        actor=lead, policy=plan, position=1, name="Crisis agency", phone="+33 1 23 45 67 89"
    )
    channel = ChannelFactory(name="Acme FR", business_owner=personas.owner.person)
    return SimpleNamespace(
        policy=policy,
        draft=draft,
        hidden=hidden,
        hidden_contact=hidden_contact,
        archived=archived,
        plan=plan,
        contact=contact,
        channel=channel,
        elsewhere=elsewhere,
    )


# The status every persona gets on every URL is tests/test_authorization_matrix.py's. Here,
# what it does not check: where an allowed redirect leads, and that the evidence is a CSV file.
LEADS = ("admin", "lead", "lead_auditor")
# name → (who is redirected, URL of the world, where they land)
REDIRECTS = {
    "archive": (LEADS, _url("policies:archive", "policy"), DETAIL),
    "version_publish": (
        ("lead", "lead_auditor"),
        _url("policies:version_publish", "policy", 2),
        DETAIL,
    ),
    # Accepted, or sent back with an error message.
    "accept": ((*ACTIVE, "lead_auditor"), _url("policies:accept", "policy"), DETAIL),
    "contact_retire": (LEADS, _url("policies:contact_retire", "contact"), ROSTER),
}


@pytest.mark.parametrize(
    ("name", "persona"),
    [(name, persona) for name, (who, *_) in REDIRECTS.items() for persona in who],
)
def test_allowed_posts_lead_where_designed(client, personas, world, name, persona):
    _, url_of, to = REDIRECTS[name]
    client.force_login(getattr(personas, persona))
    response = client.post(url_of(world))
    assert response.status_code == 302
    assert response["Location"] == to(world)


@pytest.mark.parametrize("persona", [*LEADS, "auditor", "owner"])
def test_the_evidence_is_a_csv_file(client, personas, world, persona):
    client.force_login(getattr(personas, persona))
    response = client.get(reverse("policies:evidence_csv", args=[world.policy.pk]))
    if response.streaming:
        b"".join(response.streaming_content)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")


def _titles(client, url):
    return {row["policy"].title for row in client.get(url).context["rows"]}


@pytest.mark.parametrize("persona", ACTIVE)
def test_the_list_shows_each_persona_the_policies_they_may_see(client, personas, world, persona):
    client.force_login(getattr(personas, persona))
    index = reverse("policies:index")
    seen = _titles(client, index) | _titles(client, index + "?archived=1")
    everything = {"Social media policy", "Crisis plan in writing", "Old guidelines", "Crisis plan"}
    expected = {
        "admin": everything,
        "lead": everything,
        "auditor": everything,
        "owner": {"Social media policy", "Crisis plan in writing", "Crisis plan"},
    }.get(persona, {"Social media policy", "Crisis plan"})
    assert seen == expected


# Every URL of one policy (version 1), then of its crisis contact, if any.
POLICY_URLS = (
    ("get", "detail", ()),
    ("get", "edit", ()),
    ("post", "archive", ()),
    ("post", "accept", ()),
    ("get", "compare", ()),
    ("get", "evidence_csv", ()),
    ("get", "version_create", ()),
    ("get", "version", (1,)),
    ("get", "version_edit", (1,)),
    ("post", "version_publish", (1,)),
    ("get", "roster", ()),
    ("get", "contact_add", ()),
)


@pytest.mark.parametrize(
    ("persona", "which"),
    [(p, "hidden") for p in ("member", "partner", "outsider")]
    + [(p, "archived") for p in ("owner", "member", "partner", "outsider")],
)
def test_a_policy_outside_a_users_visibility_is_404_everywhere(
    client, personas, world, persona, which
):
    client.force_login(getattr(personas, persona))
    policy = getattr(world, which)
    urls = [(m, reverse(f"policies:{n}", args=[policy.pk, *a])) for m, n, a in POLICY_URLS]
    if which == "hidden":
        contact = world.hidden_contact.pk
        urls += [
            ("get", reverse("policies:contact_edit", args=[contact])),
            ("post", reverse("policies:contact_retire", args=[contact])),
        ]
    history = ObjectChange.objects.count()
    for method, url in urls:  # the query matters to compare only
        assert getattr(client, method)(url + "?old=1&new=1").status_code == 404, url
    assert ObjectChange.objects.count() == history
    assert not Acknowledgement.objects.exists()


@pytest.mark.parametrize("persona", ["admin", "owner", "auditor", "member", "partner", "outsider"])
def test_only_the_lead_publishes(client, personas, world, persona):
    history = ObjectChange.objects.count()
    client.force_login(getattr(personas, persona))
    response = client.post(reverse("policies:version_publish", args=[world.policy.pk, 2]))
    assert response.status_code == PUBLISH[persona]
    world.draft.refresh_from_db()
    world.policy.refresh_from_db()
    assert world.draft.status == VersionStatus.DRAFT and world.draft.published_at is None
    assert world.policy.current_version.number == 1
    assert ObjectChange.objects.count() == history

    client.force_login(personas.lead)
    response = client.post(reverse("policies:version_publish", args=[world.policy.pk, 2]))
    assert response["Location"] == DETAIL(world)
    world.draft.refresh_from_db()
    assert world.draft.status == VersionStatus.PUBLISHED


def _writes(w, *, drafts: bool) -> list[tuple[str, str, dict]]:
    version = {"body": "Rewritten", "summary": "All new", "effective_on": "2030-01-01"}
    contact = {"position": "2", "name": "Intruder", "phone": "+1 555"}
    pk = w.policy.pk
    create = {"title": "Rogue", "kind": "other", "audience": "holders", "body": "x"}
    writes = [
        ("create", reverse("policies:create"), create),
        ("edit", reverse("policies:edit", args=[pk]), {**create, "title": "Renamed"}),
        ("archive", reverse("policies:archive", args=[pk]), {}),
        ("publish", reverse("policies:version_publish", args=[pk, 2]), {}),
        ("edit_published", reverse("policies:version_edit", args=[pk, 1]), version),
        ("contact_add", reverse("policies:contact_add", args=[w.plan.pk]), contact),
        ("contact_edit", reverse("policies:contact_edit", args=[w.contact.pk]), contact),
        ("contact_retire", reverse("policies:contact_retire", args=[w.contact.pk]), {}),
    ]
    if drafts:
        writes += [
            ("version_create", reverse("policies:version_create", args=[pk]), version),
            ("edit_draft", reverse("policies:version_edit", args=[pk, 2]), version),
        ]
    return writes


def test_read_only_and_outside_personas_change_nothing(client, personas, world):
    def sizes():
        models = (ObjectChange, Policy, PolicyVersion, CrisisContact, Acknowledgement)
        return [model.objects.count() for model in models]

    before = sizes()
    for persona in ("auditor", "member", "partner", "outsider", "owner"):
        client.force_login(getattr(personas, persona))
        for _, url, data in _writes(world, drafts=persona != "owner"):
            status = client.post(url, data).status_code
            assert status in (403, 404), (persona, url, status)
    assert sizes() == before
    world.policy.refresh_from_db()
    world.draft.refresh_from_db()
    world.contact.refresh_from_db()
    assert world.policy.title == "Social media policy" and world.policy.archived_at is None
    assert world.draft.body == "# Rules\n\nBe kind and careful.\n"
    assert world.draft.status == VersionStatus.DRAFT
    assert world.contact.active and world.contact.name == "Crisis agency"


def test_the_same_writes_go_through_for_the_lead(client, personas, world):
    # The payloads above are valid: the refusals are about who asks, not about the data.
    client.force_login(personas.owner)
    version = {"body": "Owner's words", "summary": "s", "effective_on": "2030-01-01"}
    url = reverse("policies:version_edit", args=[world.policy.pk, 2])
    assert client.post(url, version).status_code == 302
    client.force_login(personas.lead)
    for name, url, data in _writes(world, drafts=False):
        if name not in ("publish", "edit_published", "archive"):
            assert client.post(url, data).status_code == 302, name
    assert client.post(reverse("policies:archive", args=[world.policy.pk])).status_code == 302
    world.contact.refresh_from_db()
    world.policy.refresh_from_db()
    world.draft.refresh_from_db()
    assert not world.contact.active
    assert world.policy.title == "Renamed" and world.policy.archived_at is not None
    assert world.draft.body == "Owner's words"
    assert Policy.objects.filter(title="Rogue").exists()
    assert world.plan.crisis_contacts.filter(name="Intruder").exists()


def test_a_person_of_the_audience_accepts_and_others_are_told_no(client, personas, world):
    url = reverse("policies:accept", args=[world.policy.pk])
    client.force_login(personas.member)
    response = client.post(url)
    assert response.status_code == 302 and response["Location"] == DETAIL(world)
    ack = Acknowledgement.objects.get()
    assert (ack.person, ack.version) == (personas.member.person, world.policy.current_version)
    for persona in ("auditor", "outsider"):
        client.force_login(getattr(personas, persona))
        response = client.post(url)
        assert response.status_code == 302 and response["Location"] == DETAIL(world)
        last = list(get_messages(response.wsgi_request))[-1]
        assert (last.level_tag, str(last)) == ("error", "This policy does not address you.")
    assert Acknowledgement.objects.count() == 1


def _csv_rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_evidence_csv_lists_acceptances_and_who_has_not_accepted(client, personas, world):
    client.force_login(personas.member)
    client.post(reverse("policies:accept", args=[world.policy.pk]))
    holder = PersonFactory(first_name="Hana", last_name="Holder")
    GrantFactory(channel=world.elsewhere, person=holder)
    left = PersonFactory(status="left", end_date=timezone.localdate() - dt.timedelta(days=3))
    GrantFactory(channel=world.elsewhere, person=left)
    client.force_login(personas.owner)
    response = client.get(reverse("policies:evidence_csv", args=[world.policy.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    header, *rows = _csv_rows(response)
    assert header[-4:] == ["Status", "Acknowledged at", "Recorded by", "Evidence"]
    by_status = {}
    for row in rows:
        by_status.setdefault(row[7], set()).add(row[3])
    assert by_status["Accepted"] == {personas.member.person.full_name}
    assert by_status["Not yet accepted"] == {
        personas.owner.person.full_name,
        personas.partner.person.full_name,
        holder.full_name,
    }
    assert all(row[0] == "Social media policy" and row[1] == "1" for row in rows)


def test_compare_shows_the_differences_but_never_a_hidden_draft(client, personas, world):
    url = _url("policies:compare", "policy", query="?old=1&new=2")(world)
    client.force_login(personas.lead)
    content = client.get(url).content.decode()
    assert 'id="diff"' in content
    assert "<del>kind.</del>" in content and "<ins>kind and careful.</ins>" in content
    client.force_login(personas.member)
    content = client.get(url).content.decode()
    assert 'id="diff"' not in content and "careful" not in content


def test_roster_and_channel_tab_show_the_crisis_contacts(client, personas, world):
    client.force_login(personas.member)
    assert "Crisis agency" in client.get(ROSTER(world)).content.decode()
    client.force_login(personas.owner)
    assert "Crisis agency" in client.get(_crisis_tab(world.channel)).content.decode()


UNSAFE = (
    "# Heading\n\nSome **bold** words.\n\n<script>alert(1)</script>\n\n"
    "[x](javascript:alert(1))\n\n<img src=x onerror=alert(1)>\n"
)


def test_markdown_is_rendered_and_sanitised(client, personas, world):
    policy = _published(personas.lead, "Unsafe", body=UNSAFE)
    client.force_login(personas.member)
    for url in (
        reverse("policies:detail", args=[policy.pk]),
        reverse("policies:version", args=[policy.pk, 1]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert b"<script>alert" not in response.content
        assert b"javascript:" not in response.content
        assert b"onerror" not in response.content
        assert b"<strong>bold</strong>" in response.content
        assert b"<h1>Heading</h1>" in response.content


# Query counts: pinned (tests/query_counts.json), the same at two sizes.


def _pinned(client, name, url) -> None:
    with pinned_queries(name):
        response = client.get(url)
        assert response.status_code == 200, url
        if response.streaming:
            b"".join(response.streaming_content)


def _pinned_at_two_sizes(client, name, url, grow) -> None:
    client.get(url)  # the session's first request writes its usersession row
    _pinned(client, name, url)
    grow()
    _pinned(client, name, url)


def _audience(w, n, version):
    """n holders of access (a third a partner's), half of whom accepted `version`."""
    for i in range(n):
        person = (
            PersonFactory(partner=PartnerFactory(), team=None) if i % 3 == 0 else PersonFactory()
        )
        GrantFactory(channel=w.elsewhere, person=person)
        if i % 2 == 0:
            Acknowledgement.objects.create(person=person, version=version)


@pytest.mark.parametrize("persona", ["lead", "member"])
def test_policy_detail_query_count_is_flat(client, personas, world, persona):
    version = world.policy.current_version
    _audience(world, 2, version)
    client.force_login(getattr(personas, persona))
    _pinned_at_two_sizes(
        client, f"policies/detail-{persona}", DETAIL(world), lambda: _audience(world, 28, version)
    )
    if persona == "lead":
        assert client.get(DETAIL(world)).context["acknowledgements"]["page"].paginator.count > 14


def test_evidence_csv_query_count_is_flat(client, personas, world):
    version = world.policy.current_version
    _audience(world, 2, version)
    client.force_login(personas.lead)
    url = reverse("policies:evidence_csv", args=[world.policy.pk])
    _pinned_at_two_sizes(
        client, "policies/evidence-csv", url, lambda: _audience(world, 28, version)
    )


def test_evidence_csv_streams_its_first_line_before_reading_a_row(client, personas, world):
    _audience(world, 5, world.policy.current_version)
    client.force_login(personas.lead)
    response = client.get(reverse("policies:evidence_csv", args=[world.policy.pk]))
    assert response.streaming
    chunks = iter(response.streaming_content)
    with CaptureQueriesContext(connection) as before:
        header = next(chunks).decode()
    assert header.startswith("Policy,Version,Published")
    assert not [q for q in before.captured_queries if "acknowledgement" in q["sql"]]
    with CaptureQueriesContext(connection) as rest:
        body = b"".join(chunks).decode()
    acknowledged = Acknowledgement.objects.filter(version__policy=world.policy).count()
    assert acknowledged and body.count(",Accepted,") == acknowledged
    assert [q for q in rest.captured_queries if "governance_acknowledgement" in q["sql"]]


@pytest.mark.parametrize("persona", ["lead", "member"])
def test_policy_list_query_count_is_flat(client, personas, world, persona):
    teams = [TeamFactory(name="Support"), TeamFactory(name="Marketing")]
    _audience(world, 4, world.policy.current_version)

    def more(n):
        for i in range(n):
            audience = list(PolicyAudience)[i % 3]
            policy = _published(
                personas.lead,
                f"Policy {Policy.objects.count()}",
                audience=audience,
                teams=teams if audience == PolicyAudience.TEAMS else (),
            )
            _audience(world, 2, policy.current_version)

    more(2)
    client.force_login(getattr(personas, persona))
    url = reverse("policies:index")
    client.get(url)  # the session's first request writes its usersession row
    for grow in (lambda: None, lambda: more(6)):
        grow()
        # Counted afresh: the coverage (kept until the register changes) and the session's
        # activity (saved once a minute), then kept.
        cache.clear()
        _pinned(client, f"policies/index-{persona}", url)
        _pinned(client, f"policies/index-{persona}-kept", url)


def _versions(policy, lead, n):
    for i in range(n):
        version = services.policy_version_draft(
            actor=lead, policy=policy, body=f"Line\n\nVersion {i}\n", summary=f"Change {i}"
        )
        services.policy_version_publish(actor=lead, version=version)


@pytest.mark.parametrize("which", ["compare", "version"])
def test_compare_and_version_query_counts_are_flat(client, personas, world, which):
    policy = _published(
        personas.lead, "Versioned", body="Line\n\nFirst\n", owner=personas.owner.person
    )
    _versions(policy, personas.lead, 1)
    client.force_login(personas.lead)
    w = SimpleNamespace(policy=policy)
    url_of = _url("policies:compare", "policy", query="?old=1&new=2")
    url = url_of(w) if which == "compare" else _url("policies:version", "policy", 1)(w)
    _pinned_at_two_sizes(
        client, f"policies/{which}", url, lambda: _versions(policy, personas.lead, 4)
    )
    assert policy.versions.count() == 6


def _contacts(w, n, lead):
    for i in range(n):
        scope = [
            {"channel": w.channel},
            {"team": w.channel.team},
            {},
            {"channel": ChannelFactory()},
        ][i % 4]
        person = {"person": PersonFactory()} if i % 2 else {"name": f"Agency {i}"}
        services.crisis_contact_add(
            actor=lead, policy=w.plan, position=i + 2, phone=f"+33 {i}", **scope, **person
        )


@pytest.mark.parametrize("which", ["roster", "crisis_tab"])
def test_roster_and_crisis_tab_query_counts_are_flat(client, personas, world, which):
    _contacts(world, 1, personas.lead)  # with the world's one, 2
    client.force_login(personas.lead if which == "roster" else personas.owner)
    url = ROSTER(world) if which == "roster" else _crisis_tab(world.channel)
    _pinned_at_two_sizes(
        client, f"policies/{which}", url, lambda: _contacts(world, 10, personas.lead)
    )
    assert world.plan.crisis_contacts.count() == 12


def test_an_acceptance_recorded_without_evidence_is_refused_on_that_person_s_field(
    client, personas
):
    policy = _published(personas.lead, "Guidelines")
    paper = PersonFactory(user=None, first_name="Paula", last_name="Paper")
    GrantFactory(person=paper)  # in the audience: holders of active access
    client.force_login(personas.lead)
    detail = reverse("policies:detail", args=[policy.pk]) + "?show=pending"
    client.get(detail)  # the page the lead records from
    response = client.post(
        reverse("policies:accept_for", args=[policy.pk, paper.pk]), {"evidence": " "}, follow=True
    )
    html = response.content.decode()
    # Under Paula's evidence field, not a banner above the page.
    assert f'id="evidence-{paper.pk}-error"' in html
    assert "Say how the acceptance was given" in html
    assert 'class="alert alert-danger"' not in html
    assert not Acknowledgement.objects.filter(person=paper).exists()
    # Shown once: the next visit is clean.
    assert f'id="evidence-{paper.pk}-error"' not in client.get(detail).content.decode()
