"""The file connector: one CSV layout, every line checked and reported, all or nothing."""

import pytest
from django.urls import reverse

from governance.reconciliation import imports
from governance.reconciliation.choices import FindingKind
from governance.reconciliation.models import DriftFinding, Observation
from tests.factories import ChannelFactory, GrantFactory, PersonFactory, role

pytestmark = pytest.mark.django_db

HEADER = "name,email,platform_user_id,role,two_factor,last_active,invited_at\n"


@pytest.fixture
def channel(personas):
    return ChannelFactory(name="Acme FR", business_owner=personas.owner.person)


def _url(channel) -> str:
    return reverse("governance:observation_import", args=[channel.pk])


def test_a_good_file_reads_into_a_reading(channel):
    text = (
        HEADER + "Ann Martin,ann@example.org,,full control (ADMIN),yes,2026-03-10,\n"
        "Agency Bot,,1000123,Partial access: content,no,2026-03-10T08:30:00+00:00,2026-03-01\n"
    )
    report = imports.parse(text, channel)
    assert report.ok, [row.errors for row in report.rows]
    ann, bot = imports.reading(report, now=channel.created_at).holders
    assert (ann.role, ann.two_factor, ann.email) == (
        "Full control (admin)",
        True,
        "ann@example.org",
    )
    assert (bot.external_id, bot.two_factor, bot.invited_at.day) == ("1000123", False, 1)


def test_every_bad_line_is_reported(channel):
    text = (
        HEADER + "Ann,not-an-email,,Owner,maybe,10/03/2026,\n"
        ",,,Partial access: content,,,\n"
        "Bob,,7,Partial access: content,,,\n"
        "Bob again,,7,Partial access: content,,,\n"
    )
    report = imports.parse(text, channel)
    assert not report.ok
    errors = {row.line: " ".join(row.errors) for row in report.rows}
    assert "is not one of Full control (admin)" in errors[2]
    assert "not an e-mail address" in errors[2] and "not yes or no" in errors[2]
    assert "not a date" in errors[2]
    assert "name:" in errors[3]
    assert errors[4] == ""
    assert "Line 4 of this file names the same holder" in errors[5]


def test_unknown_or_missing_columns_are_refused(channel):
    assert "Unknown columns: password" in imports.parse("name,role,password\n", channel).errors[0]
    assert "Missing columns: role" in imports.parse("name\nAnn\n", channel).errors[0]


def test_the_layout_is_recognised_from_the_first_line(client, personas, channel):
    assert imports.layout_of(HEADER).key == "gouvernail"
    assert imports.layout_of("Name , ROLE\n").key == "gouvernail"  # as read_header reads it
    # A file exported elsewhere (here, a list of members with other columns) is named unknown,
    # with the layouts Gouvernail reads.
    export = "User,Email address,Access,Date added\nAnn,ann@example.org,Admin,2026-03-01\n"
    assert imports.layout_of(export) is None
    report = imports.parse(export, channel)
    assert not report.ok and "does not recognise this file's first line" in report.errors[-1]
    assert "Gouvernail's layout" in report.errors[-1]
    client.force_login(personas.owner)
    preview = client.post(_url(channel), {"payload": HEADER + "Ann,,,Full control (admin),,,\n"})
    assert "Read as: Gouvernail" in preview.content.decode()


def test_a_bad_file_writes_nothing(client, personas, channel):
    client.force_login(personas.owner)
    payload = HEADER + "Ann,,,Owner,,,\n"
    response = client.post(_url(channel), {"payload": payload, "apply": "1"})
    assert response.status_code == 200
    assert "nothing was imported" in response.content.decode()
    assert not Observation.objects.exists()


def test_the_owner_previews_then_records_and_sees_the_findings(client, personas, channel):
    leaver = PersonFactory(
        first_name="Léa", last_name="Leaver", status="left", end_date="2026-01-31"
    )
    GrantFactory(channel=channel, person=leaver)
    GrantFactory(channel=channel, person=channel.backup_owner, role=role("facebook", "admin"))
    payload = (
        HEADER
        + f"{personas.owner.person.full_name},{personas.owner.email},,Full control (admin),yes,,\n"
        f"{channel.backup_owner.full_name},{channel.backup_owner.email},,Full control (admin),,,\n"
        f"Léa Leaver,{leaver.email},,Partial access: content,,,\n"
        "Agency Bot,,1000123,Full control (admin),,,\n"
    )
    client.force_login(personas.owner)
    preview = client.post(_url(channel), {"payload": payload})
    assert "4 lines are ready to import" in preview.content.decode()
    assert not Observation.objects.exists()
    response = client.post(_url(channel), {"payload": payload, "apply": "1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("channels_registry:tab", args=[channel.pk, "platform"])
    kinds = set(DriftFinding.objects.open().values_list("kind", flat=True))
    assert {FindingKind.HOLDER_GONE, FindingKind.UNKNOWN_HOLDER} <= kinds
    tab = client.get(response["Location"]).content.decode()
    assert "Agency Bot" in tab and "Holder has left or is leaving" in tab
