"""Audits: weighted scores, completion, the metrics import, the comparison with the previous audit
and peers, findings, platform evaluations (stance, handle reservation) and their reminder kind."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import ObjectChange
from audits import imports, scoring, services
from audits.choices import AuditStatus, EvaluationDecision, FindingStatus, Severity
from audits.models import ChannelAssessment, Criterion, CriterionScore
from channels_registry.choices import ChannelStatus, PlatformStance
from channels_registry.models import Channel, Platform
from governance.models import Reminder
from governance.reminders import engine
from tests.factories import ChannelFactory
from tests.support.builders import make_audit
from tests.support.clock import on
from tests.support.imports import assert_refuses_hostile_files, old_mac

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def _on_day():
    """These tests are written for DAY: services that read the clock see it too."""
    with on(DAY):
        yield


@pytest.fixture
def criteria():
    """Three criteria of weights 1, 2 and 3; the seeded ones are set aside."""
    Criterion.objects.update(active=False)
    return [
        services.criterion_save(actor=None, name=f"C{w}", weight=w, order=w, active=True)
        for w in (1, 2, 3)
    ]


def _score(lead, audit, channel, values, criteria, **metrics):
    assessment = audit.assessments.get(channel=channel)
    return services.assessment_score(
        actor=lead,
        assessment=assessment,
        scores={c.pk: (v, "") for c, v in zip(criteria, values, strict=True)},
        **metrics,
    )


def test_weighted_scores_on_crafted_data(personas, criteria):
    a, b, c = ChannelFactory(), ChannelFactory(), ChannelFactory()
    audit = make_audit(personas.lead, [a, b, c], DAY)
    _score(personas.lead, audit, a, [5, 5, 5], criteria)  # 5
    _score(personas.lead, audit, b, [0, 3, 4], criteria)  # (0 + 6 + 12) / 6 = 3
    # Only the weight-1 criterion scored: the others do not count.
    _score(personas.lead, audit, c, [2, None, None], criteria)
    report = scoring.report(audit)
    scores = {row.assessment.channel: row.score for row in report.rows}
    assert scores == {a: pytest.approx(5.0), b: pytest.approx(3.0), c: pytest.approx(2.0)}
    assert report.score == pytest.approx((5 + 3 + 2) / 3)
    assert [row.assessment.channel for row in report.ranking] == [a, b, c]
    assert scoring.weighted([(0, 1), (3, 2), (4, 3)]) == pytest.approx(3.0)
    assert scoring.weighted([(4, 0)]) is None
    assert scoring.audit_scores([audit.pk]) == {audit.pk: pytest.approx(10 / 3)}
    # A weight changes: the score follows.
    services.criterion_save(actor=personas.lead, criterion=criteria[0], name="C1", weight=0)
    assert scoring.report(audit).rows[2].score is None


def test_scores_are_checked_recorded_and_locked_once_completed(personas, criteria):
    channel = ChannelFactory()
    audit = make_audit(personas.lead, [channel], DAY)
    with pytest.raises(ValidationError, match="between 0 and 5"):
        _score(personas.lead, audit, channel, [6, 1, 1], criteria)
    assert not CriterionScore.objects.exists()
    with pytest.raises(ValidationError, match=channel.name):
        services.audit_complete(actor=personas.lead, audit=audit)
    assessment = _score(personas.lead, audit, channel, [1, 2, 3], criteria, followers=1200)
    assert assessment.followers == 1200
    change = ObjectChange.objects.for_object(assessment).filter(changes__has_key="C3").get()
    assert change.changes["C3"] == [None, 3]
    services.audit_complete(actor=personas.lead, audit=audit)
    audit.refresh_from_db()
    assert audit.status == AuditStatus.COMPLETED and audit.completed_at
    with pytest.raises(ValidationError, match="completed"):
        _score(personas.lead, audit, channel, [5, 5, 5], criteria)
    with pytest.raises(ValidationError, match="completed"):
        services.audit_update(actor=personas.lead, audit=audit, title="Changed")


def test_the_scope_keeps_channels_already_assessed(personas, criteria):
    a, b, c = ChannelFactory(), ChannelFactory(), ChannelFactory()
    audit = make_audit(personas.lead, [a, b], DAY)
    _score(personas.lead, audit, a, [1, 1, 1], criteria)
    with pytest.raises(ValidationError, match=a.name):
        services.audit_update(actor=personas.lead, audit=audit, channels=[b, c])
    services.audit_update(actor=personas.lead, audit=audit, channels=[a, c])
    assert set(audit.assessments.values_list("channel", flat=True)) == {a.pk, c.pk}


def test_the_comparison_with_the_previous_audit_and_with_peers(personas, criteria):
    channel = ChannelFactory(platform=Platform.objects.get(slug="instagram"), handle="acme")
    before = make_audit(personas.lead, [channel], DAY - dt.timedelta(days=180), title="Spring")
    _score(personas.lead, before, channel, [2, 2, 2], criteria)
    services.audit_complete(actor=personas.lead, audit=before)
    ignored = make_audit(personas.lead, [channel], DAY - dt.timedelta(days=90), title="Draft")
    _score(personas.lead, ignored, channel, [0, 0, 0], criteria)  # never completed
    now = make_audit(personas.lead, [channel], DAY, title="Autumn")
    _score(
        personas.lead,
        now,
        channel,
        [4, 4, 4],
        criteria,
        followers=5000,
        engagement_rate=Decimal("2.50"),
    )
    peer = services.peer_save(actor=personas.lead, name="Museum")
    platform = channel.platform
    for days, followers in ((400, 1000), (30, 9000), (-10, 99999)):  # the last one is after
        services.peer_metric_add(
            actor=personas.lead,
            peer=peer,
            platform=platform,
            measured_on=DAY - dt.timedelta(days=days),
            followers=followers,
        )
    report = scoring.report(now)
    assert report.previous == before
    assert report.previous_score == pytest.approx(2.0)
    assert report.rows[0].change == pytest.approx(2.0)
    [comparison] = report.peers
    assert comparison.ours_followers == 5000
    assert comparison.ours_engagement == Decimal("2.50")
    assert [m.followers for m in comparison.peers] == [9000]


def test_findings_concern_the_audit_s_channels(personas, criteria):
    a, outside = ChannelFactory(), ChannelFactory()
    audit = make_audit(personas.lead, [a], DAY)
    finding = services.finding_save(
        actor=personas.lead,
        audit=audit,
        severity=Severity.HIGH,
        observed="Single admin",
        recommendation="Add a backup",
        status=FindingStatus.OPEN,
        channels=[a],
    )
    assert list(finding.channels.all()) == [a]
    with pytest.raises(ValidationError, match="channels of its audit"):
        services.finding_save(
            actor=personas.lead,
            finding=finding,
            severity=Severity.HIGH,
            observed="Single admin",
            recommendation="",
            status=FindingStatus.OPEN,
            channels=[outside],
        )
    linked = services.finding_link_follow_up(
        actor=personas.lead, finding=finding, url="/roadmap/milestones/1/", label="Milestone"
    )
    assert linked.status == FindingStatus.PLANNED and linked.follow_up_label == "Milestone"


# The metrics import ----------------------------------------------------------------------------


def _channels_for_import():
    instagram = Platform.objects.get(slug="instagram")
    return (
        ChannelFactory(platform=instagram, handle="@acme"),
        ChannelFactory(platform=Platform.objects.get(slug="linkedin"), handle="acme-corp"),
    )


def test_the_metrics_import_applies_every_row_or_none(personas, criteria):
    insta, linkedin = _channels_for_import()
    audit = make_audit(personas.lead, [insta, linkedin], DAY)
    good = (
        "platform,handle,followers,posts_last_30_days,engagement_rate,median_response_hours,last_post_on\n"
        'instagram,acme,"12,500",14,3.5%,6,2026-11-20\n'
        "linkedin,ACME-CORP,800,,0.9,,\n"
    )
    report, rows = imports.parse(good, audit)
    assert report.ok, [row.errors for row in report.rows]
    assert services.metrics_import(actor=personas.lead, audit=audit, rows=rows) == 2
    a = ChannelAssessment.objects.get(audit=audit, channel=insta)
    assert (a.followers, a.posts_last_30_days, a.engagement_rate) == (12500, 14, Decimal("3.50"))
    assert a.last_post_on == dt.date(2026, 11, 20)
    assert ObjectChange.objects.for_object(a).filter(message="metrics import").exists()


def test_bad_rows_are_reported_line_by_line_and_nothing_is_applied(personas, criteria):
    insta, linkedin = _channels_for_import()
    audit = make_audit(personas.lead, [insta, linkedin], DAY)
    bad = (
        "platform,handle,followers,engagement_rate,last_post_on\n"
        "instagram,acme,100,2,2026-11-01\n"
        "linkedin,acme-corp,-5,150,yesterday\n"
        "tiktok,nobody,1,1,\n"
        "instagram,@acme,200,,\n"
    )
    report, _rows = imports.parse(bad, audit)
    assert not report.ok
    errors = {row.line: " ".join(row.errors) for row in report.rows}
    assert errors[2] == ""
    assert "negative" in errors[3] and "between 0 and 100" in errors[3] and "date" in errors[3]
    assert "No channel of this audit" in errors[4]
    assert "already on line 2" in errors[5]
    assert not ChannelAssessment.objects.filter(followers__isnull=False).exists()
    report, _ = imports.parse("platform,name,password\n", audit)
    assert "Unknown columns: name, password." in report.errors
    assert "Missing columns: handle." in report.errors


def test_the_import_page_previews_then_applies(client, personas, criteria):
    insta, linkedin = _channels_for_import()
    audit = make_audit(personas.lead, [insta, linkedin], DAY)
    client.force_login(personas.lead)
    url = reverse("audits:metrics_import", args=[audit.pk])
    text = "platform,handle,followers\ninstagram,acme,10\nlinkedin,acme-corp,nope\n"
    response = client.post(url, {"payload": text})
    assert b"is not a whole number" in response.content
    assert not ChannelAssessment.objects.filter(followers__isnull=False).exists()
    text = "platform,handle,followers\ninstagram,acme,10\n"
    response = client.post(url, {"payload": text, "apply": "1"})
    assert response.status_code == 302
    assert ChannelAssessment.objects.get(channel=insta).followers == 10


def test_hostile_metrics_files_are_refused_with_a_message_and_apply_nothing(
    client, personas, criteria
):
    insta, linkedin = _channels_for_import()
    audit = make_audit(personas.lead, [insta, linkedin], DAY)
    client.force_login(personas.lead)
    assert_refuses_hostile_files(
        client,
        reverse("audits:metrics_import", args=[audit.pk]),
        header="platform,handle,followers,engagement_rate,median_response_hours",
        row="instagram,acme,10,1.5,2",
        written=ChannelAssessment.objects.filter(followers__isnull=False).count,
    )


@pytest.mark.parametrize(
    ("cells", "message"),
    [
        ("NaN,,", "engagement_rate: “NaN” is not a number."),
        ("-Infinity,,", "engagement_rate: “-Infinity” is not a number."),
        (",Infinity,", "median_response_hours: “Infinity” is not a number."),
        (",sNaN,", "median_response_hours: “sNaN” is not a number."),
        (",1e30,", "median_response_hours: “1e30” is too large."),
        (",1000000,", "median_response_hours: “1000000” is too large."),
        (",,3000000000", "followers: “3000000000” is too large."),
    ],
)
def test_a_number_no_column_can_hold_is_a_line_error(client, personas, criteria, cells, message):
    insta, linkedin = _channels_for_import()
    audit = make_audit(personas.lead, [insta, linkedin], DAY)
    client.force_login(personas.lead)
    text = (
        f"platform,handle,engagement_rate,median_response_hours,followers\ninstagram,acme,{cells}\n"
    )
    response = client.post(
        reverse("audits:metrics_import", args=[audit.pk]), {"payload": text, "apply": "1"}
    )
    assert response.status_code == 200 and message in response.text
    assert not ChannelAssessment.objects.filter(followers__isnull=False).exists()
    assert not ChannelAssessment.objects.filter(median_response_hours__isnull=False).exists()


def test_a_metrics_file_with_old_mac_line_endings_is_applied(personas, criteria):
    insta, linkedin = _channels_for_import()
    audit = make_audit(personas.lead, [insta, linkedin], DAY)
    report, rows = imports.parse(
        old_mac("platform,handle,followers\ninstagram,acme,10\nlinkedin,acme-corp,20\n"), audit
    )
    assert report.ok and [row.line for row in report.rows] == [2, 3]
    assert services.metrics_import(actor=personas.lead, audit=audit, rows=rows) == 2


# Platform evaluations --------------------------------------------------------------------------


def test_the_latest_evaluation_sets_the_stance_and_the_next_date(personas):
    threads = Platform.objects.get(slug="threads")
    evaluation = services.evaluation_record(
        actor=personas.lead,
        platform=threads,
        decision=EvaluationDecision.NOT_NOW,
        rationale="Our audience is not there yet.",
        evaluated_on=DAY,
    )
    threads.refresh_from_db()
    assert threads.stance == PlatformStance.NOT_NOW
    assert evaluation.next_evaluation_on == dt.date(2027, 2, 23)
    adopt = services.evaluation_record(
        actor=personas.lead,
        platform=threads,
        decision=EvaluationDecision.ADOPT,
        rationale="Now it is.",
        evaluated_on=DAY + dt.timedelta(days=1),
    )
    assert adopt.next_evaluation_on == dt.date(2027, 11, 24)
    # An older evaluation recorded late does not override the latest decision.
    services.evaluation_record(
        actor=personas.lead,
        platform=threads,
        decision=EvaluationDecision.RETIRE,
        rationale="Entered late.",
        evaluated_on=DAY - dt.timedelta(days=30),
        next_evaluation_on=DAY,
    )
    threads.refresh_from_db()
    assert threads.stance == PlatformStance.ADOPTED
    with pytest.raises(ValidationError, match="Say why"):
        services.evaluation_record(
            actor=personas.lead, platform=threads, decision="adopt", rationale=" "
        )


def test_not_now_reserves_the_handle(personas):
    bluesky = Platform.objects.get(slug="bluesky")
    owner = personas.owner.person
    services.evaluation_record(
        actor=personas.lead,
        platform=bluesky,
        decision=EvaluationDecision.NOT_NOW,
        rationale="Claim it, use it later.",
        reserve_handle="@acme.bsky.social",
        reserve_owner=owner,
    )
    channel = Channel.objects.get(platform=bluesky, handle="acme.bsky.social")
    assert channel.status == ChannelStatus.RESERVED and channel.business_owner == owner
    with pytest.raises(ValidationError, match="not now"):
        services.evaluation_record(
            actor=personas.lead,
            platform=bluesky,
            decision=EvaluationDecision.ADOPT,
            rationale="Adopt",
            reserve_handle="@other",
        )
    assert not Channel.objects.filter(handle="@other").exists()


def test_evaluations_due_go_to_the_evaluator_and_the_leads(
    personas, django_capture_on_commit_callbacks
):
    evaluator = personas.owner.person
    threads = Platform.objects.get(slug="threads")
    services.evaluation_record(
        actor=personas.lead,
        platform=threads,
        decision=EvaluationDecision.NOT_NOW,
        rationale="Later.",
        evaluator=evaluator,
        evaluated_on=DAY - dt.timedelta(days=85),
        next_evaluation_on=DAY + dt.timedelta(days=6),
    )
    kind = next(k for k in engine.reminder_kinds if k.key == "platform_evaluation")
    items = list(kind.due_items(None))
    leads = {personas.lead.pk, personas.lead_auditor.pk}
    assert {item.recipient_id for item in items} == {personas.owner.pk, *leads}
    assert items[0].url == reverse("audits:platform", args=["threads"])
    assert items[0].due_on == DAY + dt.timedelta(days=6)

    now = dt.datetime(2026, 11, 23, 8, tzinfo=ZoneInfo("Europe/Paris"))  # the digest hour
    with django_capture_on_commit_callbacks(execute=True):
        engine.sweep(now=now)
    rows = Reminder.objects.filter(kind="platform_evaluation")
    assert set(rows.values_list("recipient_id", flat=True)) == {personas.owner.pk, *leads}
    sections = engine.my_tasks(personas.owner, now=now)
    assert any(str(s["label"]) == "Platforms to evaluate again" for s in sections)
    sent = [m for m in mail.outbox if m.to == [personas.owner.email]]
    assert len(sent) == 1 and "Threads" in sent[0].body


def test_the_audits_area_is_shown_to_those_who_may_enter_it(client, personas):
    audits_url = reverse("audits:index").encode()
    for user, shown in ((personas.lead, True), (personas.auditor, True), (personas.member, False)):
        client.force_login(user)
        assert (b'href="' + audits_url + b'"' in client.get(reverse("home")).content) is shown


def test_a_completed_audit_keeps_its_scores_when_a_weight_changes(personas, criteria):
    channel = ChannelFactory()
    audit = make_audit(personas.lead, [channel], DAY)
    _score(personas.lead, audit, channel, [0, 3, 4], criteria)  # (0 + 6 + 12) / 6 = 3
    services.audit_complete(actor=personas.lead, audit=audit)
    services.criterion_save(actor=personas.lead, criterion=criteria[0], name="C1", weight=0)
    assert scoring.report(audit).rows[0].score == pytest.approx(3.0)


def test_any_recorded_metric_keeps_a_channel_in_the_audit(personas, criteria):
    a, b = ChannelFactory(), ChannelFactory()
    audit = make_audit(personas.lead, [a, b], DAY)
    _score(personas.lead, audit, b, [None, None, None], criteria, engagement_rate=Decimal("1.5"))
    with pytest.raises(ValidationError, match=b.name):
        services.audit_update(actor=personas.lead, audit=audit, channels=[a])
    services.audit_update(actor=personas.lead, audit=audit, channels=[b])  # a held nothing
    change = ObjectChange.objects.for_object(audit).filter(changes__has_key="channels removed")
    assert change.get().changes["channels removed"] == [[a.name], None]
