"""Audit pages: who may open what, that refusals change nothing, and flat query counts."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import ObjectChange
from audits import services
from audits.models import (
    Audit,
    ChannelAssessment,
    Criterion,
    CriterionScore,
    Finding,
    Peer,
    PeerMetric,
    PlatformEvaluation,
)
from channels_registry.models import Channel, Platform
from tests.factories import ChannelFactory, PersonFactory
from tests.support.builders import make_audit
from tests.support.queries import pinned_queries

pytestmark = pytest.mark.django_db


def _url(name, *attrs):
    """A URL of the world: each attribute named is one of its objects (by pk)."""
    return lambda w: reverse(f"audits:{name}", args=[getattr(w, a).pk for a in attrs])


def _r(name, *args) -> str:
    return reverse(f"audits:{name}", args=args)


def _audits_tab(channel) -> str:
    return reverse("channels_registry:tab", kwargs={"pk": channel.pk, "tab": "audits"})


THREADS = ("threads",)


def _platform(slug: str) -> Platform:
    return Platform.objects.get(slug=slug)


def _criteria() -> list[Criterion]:
    return list(Criterion.objects.filter(active=True))


def _days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


@pytest.fixture
def world(personas):
    """The owner's channel in three audits: one completed and one draft conducted by the partner,
    one in progress (fully scored) conducted by the lead. A finding, a peer with a metric."""
    lead, consultant = personas.lead, personas.partner.person
    channel = ChannelFactory(name="Acme FR", business_owner=personas.owner.person)
    second = ChannelFactory(name="Acme Threads", platform=_platform("threads"))
    by_partner = {"auditor": consultant}
    done = make_audit(
        lead, [channel], _days_ago(365), "completed", 3, title="Last year", **by_partner
    )
    other = make_audit(lead, [channel], _days_ago(30), score=4, auditor=lead.person, title="Lead's")
    audit = make_audit(lead, [channel, second], _days_ago(0), "draft", title="Spring", **by_partner)
    finding = services.finding_save(
        actor=lead,
        audit=audit,
        channels=[channel],
        severity="high",
        observed="No backup owner",
        recommendation="Name one",
        status="open",
    )
    peer = services.peer_save(actor=lead, name="Other museum", website="", notes="")
    services.peer_metric_add(
        actor=lead, peer=peer, platform=_platform("facebook"), followers=5000, handle="other"
    )
    return SimpleNamespace(
        channel=channel,
        second=second,
        audit=audit,
        assessment=audit.assessments.get(channel=channel),
        other=other,
        other_assessment=other.assessments.get(),
        done=done,
        done_assessment=done.assessments.get(),
        finding=finding,
        peer=peer,
        criterion=_criteria()[0],
    )


# The status every persona gets on every URL is tests/test_authorization_matrix.py's. Here,
# what it does not check: where an allowed redirect leads, and that exports are CSV files.
LEADS = ("admin", "lead", "lead_auditor")


@pytest.mark.parametrize("persona", LEADS)
@pytest.mark.parametrize(
    ("name", "audit", "lands_on"), [("start", "audit", "audit"), ("complete", "other", "other")]
)
def test_starting_and_completing_lead_to_the_audit(
    client, personas, world, persona, name, audit, lands_on
):
    client.force_login(getattr(personas, persona))
    response = client.post(_r(name, getattr(world, audit).pk))
    assert response.status_code == 302
    assert response["Location"] == _r("detail", getattr(world, lands_on).pk)


# The audit the partner conducts, and the others (the completed one is no longer theirs).
CSV_READERS = {"audit": (*LEADS, "auditor", "partner"), "other": (*LEADS, "auditor")}
CSV_READERS["done"] = CSV_READERS["other"]


@pytest.mark.parametrize(
    ("name", "audit", "persona"),
    [
        (name, audit, persona)
        for name in ("export", "metrics_template")
        for audit, readers in CSV_READERS.items()
        for persona in readers
    ],
)
def test_exports_are_csv_files(client, personas, world, name, audit, persona):
    client.force_login(getattr(personas, persona))
    response = client.get(_r(name, getattr(world, audit).pk))
    if response.streaming:
        b"".join(response.streaming_content)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")


def test_the_partner_lists_only_the_audits_they_conduct(client, personas, world):
    client.force_login(personas.partner)
    listed = {a.title for a in client.get(_r("index")).context["audits"]}
    assert listed == {"Spring"}, "a completed audit is no longer theirs"
    client.force_login(personas.auditor)
    listed = {a.title for a in client.get(_r("index")).context["audits"]}
    assert listed == {"Spring", "Last year", "Lead's"}


def test_an_outside_auditor_reads_until_their_audits_are_completed(client, personas, world):
    """The consultant reads the area (list, criteria, peers) while an audit is theirs, with the
    Audits item in the navigation; once completed, nothing of it, and no item."""
    consultant = personas.partner
    client.force_login(consultant)
    nav = reverse("audits:index")
    assert f'href="{nav}"' in client.get(reverse("home")).content.decode()
    for url in (_r("index"), _r("criteria"), _r("peers"), _r("detail", world.audit.pk)):
        assert client.get(url).status_code == 200, url
    services.audit_start(actor=personas.lead, audit=world.audit)
    for assessment in world.audit.assessments.all():
        scores = {c.pk: (3, "") for c in _criteria()}
        services.assessment_score(actor=personas.lead, assessment=assessment, scores=scores)
    services.audit_complete(actor=personas.lead, audit=world.audit)
    assert f'href="{nav}"' not in client.get(reverse("home")).content.decode()
    for url in (_r("index"), _r("criteria"), _r("peers")):
        assert client.get(url).status_code == 403, url
    for url in (_r("detail", world.audit.pk), _r("export", world.audit.pk)):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("url_name", ["audits:index", "audits:criteria", "audits:peers"])
def test_the_platform_evaluations_tab_is_offered_to_those_who_may_open_it(
    client, personas, world, url_name
):
    tab = f'href="{reverse("audits:platforms")}"'
    client.force_login(personas.partner)
    assert tab not in client.get(reverse(url_name)).content.decode()
    assert client.get(reverse("audits:platforms")).status_code == 403
    for reader in (personas.auditor, personas.lead, personas.lead_auditor):
        client.force_login(reader)
        assert tab in client.get(reverse(url_name)).content.decode()


def test_the_audits_tab_shows_the_channels_weighted_score_in_each_audit(client, personas, world):
    # Fit with objectives (weight 3) at 5, the other criteria (weights 12 in all) at 2: 39 / 15.
    scores = {c.pk: (5 if c.weight == 3 else 2, "") for c in _criteria()}
    services.assessment_score(actor=personas.lead, assessment=world.assessment, scores=scores)
    client.force_login(personas.lead)
    response = client.get(_audits_tab(world.channel))
    history = response.context["history"]
    assert [(a.audit.title, round(a.weighted, 2)) for a in history] == [
        ("Last year", 3.0),
        ("Lead's", 4.0),
        ("Spring", 2.6),
    ]
    body = response.content.decode()
    assert all(value in body for value in ("3.00", "4.00", "2.60"))
    assert _r("detail", world.other.pk) in body
    # The owner sees the scores, but no audit is theirs to open.
    client.force_login(personas.owner)
    response = client.get(_audits_tab(world.channel))
    assert "2.60" in response.content.decode()
    assert _r("detail", world.other.pk) not in response.content.decode()


# Writes: valid payloads, so that a refusal is about who asks.


def _score_form(value: int, followers: int) -> dict:
    data = {"followers": followers, "posts_last_30_days": 12, "engagement_rate": "3.10"}
    for c in _criteria():
        data |= {f"score_{c.pk}": str(value), f"note_{c.pk}": "Seen"}
    return data


def _metrics_file(w, followers: int) -> dict:
    payload = f"platform,handle,followers\nfacebook,{w.channel.handle},{followers}\n"
    return {"payload": payload, "apply": "1"}


def _writes(w) -> dict[str, tuple[str, dict]]:
    today = timezone.localdate().isoformat()
    scope = {"conducted_on": today, "auditor": "", "summary": "Checked"}
    finding = {"severity": "low", "observed": "Old bio", "recommendation": "", "status": "done"}
    both = [w.channel.pk, w.second.pk]
    c = w.criterion
    return {
        "create": (_r("create"), {**scope, "title": "Autumn", "channels": [w.channel.pk]}),
        "edit": (_r("edit", w.audit.pk), {**scope, "title": "Renamed", "channels": both}),
        "start": (_r("start", w.audit.pk), {}),
        "finding_create": (_r("finding_create", w.audit.pk), {**finding, "channels": both}),
        "finding": (_r("finding", w.finding.pk), finding),
        # Not in use yet: the audit completed below need not score it.
        "criterion_create": (_r("criterion_create"), {"name": "Clarity", "weight": 2, "order": 9}),
        "criterion": (
            _r("criterion", c.pk),
            {"name": c.name, "weight": 7, "order": c.order, "active": "on"},
        ),
        "peer_create": (_r("peer_create"), {"name": "Another peer", "notes": ""}),
        "peer_metric_add": (
            _r("peer_metric_add", w.peer.pk),
            {"platform": _platform("threads").pk, "measured_on": today, "followers": 80},
        ),
        "evaluate": (
            _r("evaluate", *THREADS),
            {"evaluated_on": today, "decision": "not_now", "rationale": "Audience elsewhere"},
        ),
        "assessment": (_r("assessment", w.assessment.pk), _score_form(5, 1200)),
        "metrics_import": (_r("metrics_import", w.audit.pk), _metrics_file(w, 999)),
        "assessment_other": (_r("assessment", w.other_assessment.pk), _score_form(1, 10)),
        "metrics_import_other": (_r("metrics_import", w.other.pk), _metrics_file(w, 10)),
        # Last: the lead's writes above on this audit come before it is completed.
        "complete": (_r("complete", w.other.pk), {}),
    }


def _state() -> dict:
    """Everything a write could change."""
    return {
        "history": ObjectChange.objects.count(),
        "audits": list(Audit.objects.values_list("pk", "title", "status", "summary")),
        "assessments": list(
            ChannelAssessment.objects.values_list("pk", "followers", "engagement_rate")
        ),
        "scores": list(CriterionScore.objects.order_by("pk").values_list("pk", "score", "note")),
        "findings": list(Finding.objects.values_list("pk", "status", "observed")),
        "finding_channels": list(Finding.channels.through.objects.values_list("pk")),
        "criteria": list(Criterion.objects.values_list("pk", "name", "weight", "active")),
        "peers": list(Peer.objects.values_list("pk", "name")),
        "metrics": PeerMetric.objects.count(),
        "evaluations": PlatformEvaluation.objects.count(),
        "stances": list(Platform.objects.values_list("pk", "stance")),
        "channels": Channel.objects.count(),
    }


# The partner may score the audit they conduct: those two writes are theirs.
PARTNER_MAY = {"assessment", "metrics_import"}


@pytest.mark.parametrize("persona", ["auditor", "partner", "owner", "member", "outsider"])
def test_refused_posts_change_nothing(client, personas, world, persona):
    before = _state()
    client.force_login(getattr(personas, persona))
    refused = {
        name: client.post(url, data).status_code
        for name, (url, data) in _writes(world).items()
        if not (persona == "partner" and name in PARTNER_MAY)
    }
    assert set(refused.values()) <= {403, 404}, refused
    if persona == "auditor":
        assert set(refused.values()) == {403}, refused
    assert _state() == before


@pytest.mark.parametrize("persona", ["admin", "lead", "partner"])
def test_a_completed_audit_keeps_its_scores_whoever_asks(client, personas, world, persona):
    before = _state()
    client.force_login(getattr(personas, persona))
    statuses = {
        "assessment": client.post(_r("assessment", world.done_assessment.pk), _score_form(5, 7)),
        "metrics_import": client.post(_r("metrics_import", world.done.pk), _metrics_file(world, 7)),
    }
    statuses = {name: response.status_code for name, response in statuses.items()}
    # Managers are refused; to its outside auditor, a completed audit is no longer theirs.
    refused = 404 if persona == "partner" else 403
    assert statuses == {"assessment": refused, "metrics_import": refused}
    assert _state() == before


def test_the_same_writes_go_through_for_the_lead(client, personas, world):
    history = ObjectChange.objects.count()
    client.force_login(personas.lead)
    for name, (url, data) in _writes(world).items():
        response = client.post(url, data)
        assert response.status_code == 302, (name, response.context and response.context["form"])
        assert response["Location"] != url, name
    world.audit.refresh_from_db()
    world.other.refresh_from_db()
    world.finding.refresh_from_db()
    world.criterion.refresh_from_db()
    world.assessment.refresh_from_db()
    assert Audit.objects.filter(title="Autumn", status="draft").exists()
    assert (world.audit.title, world.audit.status) == ("Renamed", "in_progress")
    assert world.other.status == "completed" and world.other.completed_at is not None
    assert (world.finding.status, world.finding.observed) == ("done", "Old bio")
    assert world.audit.findings.count() == 2
    assert world.criterion.weight == 7 and world.criterion.active
    assert Criterion.objects.filter(name="Clarity", weight=2, active=False).exists()
    assert world.peer.metrics.count() == 2 and Peer.objects.filter(name="Another peer").exists()
    assert _platform("threads").evaluations.get().decision == "not_now"
    assert _platform("threads").stance == "not_now"
    assert set(world.assessment.scores.values_list("score", flat=True)) == {5}
    assert world.assessment.followers == 999  # the import came after the form's 1200
    world.other_assessment.refresh_from_db()
    assert world.other_assessment.followers == 10
    assert set(world.other_assessment.scores.values_list("score", flat=True)) == {1}
    assert ObjectChange.objects.count() > history


def test_the_partner_scores_the_audit_they_conduct(client, personas, world):
    client.force_login(personas.partner)
    writes = _writes(world)
    for name in ("assessment", "metrics_import"):
        url, data = writes[name]
        assert client.post(url, data).status_code == 302, name
    world.assessment.refresh_from_db()
    assert world.assessment.followers == 999
    assert set(world.assessment.scores.values_list("score", flat=True)) == {5}


# Query counts: pinned (tests/query_counts.json), the same at two sizes.


def _fetch(client, url) -> None:
    response = client.get(url)
    assert response.status_code == 200, url
    if response.streaming:
        b"".join(response.streaming_content)


def _assert_flat(client, name, small_url, large_url, grow=lambda: None) -> None:
    _fetch(client, small_url)  # the session's first request writes its usersession row
    with pinned_queries(name):
        _fetch(client, small_url)
    grow()
    with pinned_queries(name):
        _fetch(client, large_url)


PLATFORMS = ("facebook", "instagram", "linkedin", "threads", "youtube")


def _report(lead, n: int, on: dt.date) -> Audit:
    """An audit in progress of n scored channels on several platforms, with n findings, the
    completed audit before it, and two peers measured twice on each of its platforms."""
    channels = [ChannelFactory(platform=_platform(PLATFORMS[i % len(PLATFORMS)])) for i in range(n)]
    make_audit(lead, channels, on - dt.timedelta(days=100), status="completed", score=2)
    audit = make_audit(lead, channels, on, score=4, auditor=PersonFactory(), title=f"Audit {n}")
    for i, channel in enumerate(channels):
        services.finding_save(
            actor=lead,
            audit=audit,
            channels=[channel, channels[0]],
            severity=("low", "critical")[i % 2],
            observed=f"Finding {i}",
            status="open",
        )
    for i in range(2):
        peer = services.peer_save(actor=lead, name=f"Peer {n}-{i}")
        for platform in {c.platform for c in channels}:
            for days in (10, 40):
                services.peer_metric_add(
                    actor=lead,
                    peer=peer,
                    platform=platform,
                    measured_on=on - dt.timedelta(days=days),
                    followers=100 * days,
                )
    return audit


@pytest.mark.parametrize("url_name", ["audits:detail", "audits:export"])
def test_audit_report_query_count_is_flat(client, personas, url_name):
    small = _report(personas.lead, 2, _days_ago(200))
    large = _report(personas.lead, 10, _days_ago(0))
    client.force_login(personas.lead)
    name = f"audits/{url_name.removeprefix('audits:')}"
    _assert_flat(
        client, name, reverse(url_name, args=[small.pk]), reverse(url_name, args=[large.pk])
    )
    if url_name == "audits:detail":
        report = client.get(reverse(url_name, args=[large.pk])).context["report"]
        assert len(report.rows) == 10 and report.previous is not None and report.peers


def test_audit_list_query_count_is_flat(client, personas):
    def fill(n):
        for i in range(n):
            auditor = personas.partner.person if i % 2 else PersonFactory()
            make_audit(
                personas.lead,
                ChannelFactory.create_batch(2),
                _days_ago(i),
                score=3,
                auditor=auditor,
            )

    fill(2)
    client.force_login(personas.lead)
    url = _r("index")
    _assert_flat(client, "audits/index", url, url, lambda: fill(8))
    assert len(client.get(url).context["audits"]) == 10


def test_assessment_page_query_count_is_flat(client, personas, world):
    def fill(n):
        for i in range(n):
            criterion = services.criterion_save(
                actor=personas.lead, name=f"Extra {n}-{i}", weight=1, order=20 + i, active=True
            )
            scores = {criterion.pk: (i % 6, "Seen")}
            services.assessment_score(
                actor=personas.lead, assessment=world.assessment, scores=scores
            )
        # A retired criterion still shows where it was scored.
        Criterion.objects.filter(pk=criterion.pk).update(active=False)

    fill(1)
    client.force_login(personas.lead)
    url = _r("assessment", world.assessment.pk)
    _assert_flat(client, "audits/assessment", url, url, lambda: fill(6))


def _evaluate(lead, slug: str, days: int) -> None:
    services.evaluation_record(
        actor=lead,
        platform=_platform(slug),
        decision="listen_only",
        rationale="We listen",
        evaluated_on=_days_ago(days),
        evaluator=PersonFactory(),
    )


def test_platform_list_query_count_is_flat(client, personas):
    def fill(n):
        for i in range(n):
            _evaluate(personas.lead, PLATFORMS[i % len(PLATFORMS)], i)

    fill(2)
    client.force_login(personas.lead)
    url = _r("platforms")
    _assert_flat(client, "audits/platforms", url, url, lambda: fill(10))


def test_platform_page_query_count_is_flat(client, personas):
    def fill(n):
        for i in range(n):
            _evaluate(personas.lead, "threads", i)
        ChannelFactory.create_batch(n, platform=_platform("threads"))

    fill(2)
    client.force_login(personas.lead)
    url = _r("platform", *THREADS)
    _assert_flat(client, "audits/platform", url, url, lambda: fill(10))
    assert len(client.get(url).context["evaluations"]) == 12


def test_peer_list_query_count_is_flat(client, personas):
    def fill(n):
        for i in range(n):
            peer = services.peer_save(actor=personas.lead, name=f"Peer {n}-{i}")
            for slug in PLATFORMS[:2]:
                services.peer_metric_add(
                    actor=personas.lead, peer=peer, platform=_platform(slug), followers=i
                )

    fill(2)
    client.force_login(personas.lead)
    url = _r("peers")
    _assert_flat(client, "audits/peers", url, url, lambda: fill(10))


def test_criterion_list_query_count_is_flat(client, personas):
    def fill(n):
        for i in range(n):
            services.criterion_save(actor=personas.lead, name=f"Extra {n}-{i}", weight=i % 4)

    client.force_login(personas.lead)
    url = _r("criteria")
    _assert_flat(client, "audits/criteria", url, url, lambda: fill(6))
    assert len(client.get(url).context["criteria"]) == 15


@pytest.mark.parametrize("persona", ["lead", "owner"])
def test_audits_tab_query_count_is_flat(client, personas, persona):
    channel = ChannelFactory(business_owner=personas.owner.person)

    def fill(n):
        for i in range(n):
            make_audit(personas.lead, [channel], _days_ago(10 * i + n), score=i % 6)

    fill(2)
    client.force_login(getattr(personas, persona))
    url = _audits_tab(channel)
    _assert_flat(client, f"audits/channel-tab-{persona}", url, url, lambda: fill(4))
    assert len(client.get(url).context["history"]) == 6


def test_a_criterion_s_words_are_shown_as_text_wherever_they_appear(client, personas):
    """Stored HTML in a criterion (a help text on the scoring page) is never run as HTML."""
    Criterion.objects.update(active=False)
    services.criterion_save(
        actor=personas.lead,
        name="<b>Tone</b>",
        description="<script>alert(1)</script> and <b>bold</b>",
        weight=1,
        order=1,
        active=True,
    )
    audit = make_audit(personas.lead, [ChannelFactory()], timezone.localdate())
    client.force_login(personas.lead)
    pages = [
        _r("assessment", audit.assessments.get().pk),
        _r("detail", audit.pk),
        _r("criteria"),
    ]
    for url in pages:
        content = client.get(url).content.decode()
        assert "<script>alert(1)" not in content and "<b>" not in content, url
        assert "&lt;b&gt;Tone&lt;/b&gt;" in content, url
    scoring = client.get(pages[0]).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; and &lt;b&gt;bold&lt;/b&gt;" in scoring
