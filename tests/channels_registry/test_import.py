"""CSV import: preview, then all-or-nothing, with a line-by-line report; export re-imports."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.models import ObjectChange
from channels_registry import imports
from channels_registry.models import Channel
from tests.factories import ChannelFactory, PersonFactory, TeamFactory
from tests.support.imports import assert_refuses_hostile_files, old_mac
from tests.support.queries import pinned_queries

pytestmark = pytest.mark.django_db
URL = reverse("channels_registry:import")
HEADER = "platform,name,handle,url,status,team,business_owner,backup_owner,two_factor_status,login_model,credentials_vault_ref\n"


@pytest.fixture
def people():
    TeamFactory(name="Marketing")
    return PersonFactory(email="ana@example.org"), PersonFactory(email="ben@example.org")


def _upload(client, text: str):
    return client.post(
        URL, {"file": SimpleUploadedFile("channels.csv", text.encode(), content_type="text/csv")}
    )


GOOD = HEADER + (
    "facebook,Acme FR,acmefr,https://www.facebook.com/acmefr,active,Marketing,ana@example.org,ben@example.org,on,individual,\n"
    "Instagram,Acme FR insta,@acmefr,https://www.instagram.com/acmefr,reserved,,ben@example.org,,unknown,shared,op://Social/Instagram FR\n"
)


def test_preview_then_apply_imports_every_row(client, personas, people):
    client.force_login(personas.lead)
    preview = _upload(client, GOOD)
    assert preview.status_code == 200
    report = preview.context["report"]
    assert report.ok and len(report.rows) == 2
    assert not Channel.objects.exists(), "a preview writes nothing"

    payload = preview.context["form"].initial["payload"]
    response = client.post(URL, {"payload": payload, "apply": "1"})
    assert response.status_code == 302
    assert Channel.objects.count() == 2
    insta = Channel.objects.get(handle="acmefr", platform__slug="instagram")
    assert insta.backup_owner is None and insta.login_model == "shared"
    entry = ObjectChange.objects.for_object(insta).get()
    assert entry.actor == personas.lead and entry.message == "Imported from CSV"


def test_one_bad_row_imports_nothing_and_says_why_line_by_line(client, personas, people):
    ChannelFactory(handle="taken")
    client.force_login(personas.lead)
    bad = HEADER + (
        "facebook,Good,acmegood,https://www.facebook.com/acmegood,active,Marketing,ana@example.org,,on,individual,\n"
        "Friendster,Old,acmeold,,active,,ana@example.org,,on,individual,\n"
        "facebook,Wrong URL,acmeurl,https://x.com/acmeurl,active,,ana@example.org,,on,individual,\n"
        "facebook,Taken,TAKEN,,active,,ana@example.org,,on,individual,\n"
        "facebook,Nobody,acmenobody,,active,,zoe@example.org,,on,individual,\n"
        "facebook,Twin,acmegood,,active,,ana@example.org,,on,individual,\n"
        "facebook,Same,acmesame,,active,,ana@example.org,ana@example.org,maybe,individual,\n"
        "facebook,Secret,acmesecret,,active,,ana@example.org,,on,shared,Hunter2xyz!\n"
    )
    response = _upload(client, bad)
    report = response.context["report"]
    assert not report.ok
    errors = {row.line: " ".join(row.errors) for row in report.rows}
    assert errors[2] == ""
    assert "not a known platform" in errors[3]
    assert "facebook.com" in errors[4]
    assert "already has a channel" in errors[5]
    assert "nobody in the directory has the e-mail zoe@example.org" in errors[6]
    assert "line 2 of this file has the same handle" in errors[7]
    assert "cannot be the business owner" in errors[8] and "“maybe” is not one of" in errors[8]
    assert "looks like a secret" in errors[9]
    html = response.content.decode()
    assert "nothing was imported" in html and 'id="import-report"' in html
    # Even a forced apply of the same text writes nothing.
    client.post(URL, {"payload": bad, "apply": "1"})
    assert Channel.objects.count() == 1


def test_a_password_column_refuses_the_whole_file(client, personas, people):
    client.force_login(personas.lead)
    response = _upload(
        client, "platform,name,handle,business_owner,password\nfacebook,A,a,ana@example.org,x\n"
    )
    report = response.context["report"]
    assert not report.ok and "never stores them" in report.errors[0]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The submitted file is empty."),
        ("platform,name\n", "Missing columns: handle."),
        ("platform,name,handle,colour\n", "Unknown columns: colour."),
        (HEADER, "no rows"),
    ],
)
def test_malformed_files_are_explained(client, personas, text, message):
    client.force_login(personas.lead)
    response = (
        _upload(client, text)
        if text
        else client.post(URL, {"file": SimpleUploadedFile("e.csv", b"")})
    )
    assert message in response.content.decode()


def test_non_utf8_file_is_explained(client, personas):
    client.force_login(personas.lead)
    response = client.post(
        URL,
        {
            "file": SimpleUploadedFile(
                "c.csv", "platform,name,handle\nfacebook,Café,é\n".encode("latin-1")
            )
        },
    )
    assert "not UTF-8" in response.content.decode()


def test_a_thousand_rows_import_in_one_go_with_pinned_queries(personas, people):
    lines = [HEADER.strip()]
    for i in range(1000):
        lines.append(
            f"x,Acme {i},acme{i},https://x.com/acme{i},active,Marketing,ana@example.org,ben@example.org,on,individual,"
        )
    with pinned_queries("channels_registry/import-parse-1000-rows"):
        report = imports.parse("\n".join(lines) + "\n")
    assert report.ok, report.bad_rows[:3]
    from channels_registry import services

    # Batched inserts: a handful on PostgreSQL; SQLite caps variables per statement, so more.
    with pinned_queries("channels_registry/import-apply-1000-rows"):
        created = services.channel_import(
            actor=personas.lead, channels=[r.channel for r in report.rows]
        )
    assert len(created) == 1000 == Channel.objects.count()
    assert ObjectChange.objects.filter(message="Imported from CSV").count() == 1000


def test_an_export_imports_back(client, personas, people):
    ChannelFactory(
        handle="one", business_owner=people[0], backup_owner=people[1], two_factor_holder=people[0]
    )
    client.force_login(personas.lead)
    text = b"".join(client.get(reverse("channels_registry:export")).streaming_content).decode()
    Channel.objects.update(status="archived")
    report = imports.parse(text)
    assert report.ok, [r.errors for r in report.rows]
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["handle"] == "one" and row["business_owner"] == "ana@example.org"


def test_hostile_files_are_refused_with_a_message_and_import_nothing(client, personas, people):
    client.force_login(personas.lead)
    assert_refuses_hostile_files(
        client,
        URL,
        header=HEADER.strip(),
        row=GOOD.splitlines()[1],
        written=Channel.objects.count,
    )


def test_a_file_with_old_mac_line_endings_imports_every_row(client, personas, people):
    client.force_login(personas.lead)
    preview = _upload(client, old_mac(GOOD))
    report = preview.context["report"]
    assert report.ok and [row.line for row in report.rows] == [2, 3]
    client.post(URL, {"payload": preview.context["form"].initial["payload"], "apply": "1"})
    assert Channel.objects.count() == 2


@pytest.mark.parametrize(
    "notes", ["=1+1", "  =1+1", "\t=1+1", "\n@SUM(A1)", " \u00a0+1", "   -2+3", "\r\n=cmd"]
)
def test_an_export_neutralises_a_cell_a_spreadsheet_would_run(client, personas, notes):
    ChannelFactory(handle="one", notes=notes)
    client.force_login(personas.lead)
    text = b"".join(client.get(reverse("channels_registry:export")).streaming_content).decode()
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["notes"] == "'" + notes
