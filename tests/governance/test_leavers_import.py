"""HR's list of leavers: every off-boarding starts, or none, with a line-by-line report."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from governance.models import Offboarding
from tests.factories import PersonFactory
from tests.support.imports import assert_refuses_hostile_files, old_mac

pytestmark = pytest.mark.django_db
URL = reverse("governance:leavers_import")


def _upload(client, text):
    return client.post(URL, {"file": SimpleUploadedFile("leavers.csv", text.encode())})


def test_good_file_previews_then_starts_every_offboarding(client, personas):
    PersonFactory(email="a@example.org")
    PersonFactory(email="b@example.org")
    client.force_login(personas.lead)
    preview = _upload(
        client,
        "email,last_day,reason\na@example.org,2030-01-31,Resigned\nB@example.org,2030-02-28,\n",
    )
    assert preview.context["report"].ok and not Offboarding.objects.exists()
    response = client.post(
        URL, {"payload": preview.context["form"].initial["payload"], "apply": "1"}
    )
    assert response.status_code == 302
    assert Offboarding.objects.count() == 2


def test_one_bad_line_starts_nothing(client, personas):
    PersonFactory(email="a@example.org")
    client.force_login(personas.lead)
    text = "email,last_day\na@example.org,2030-01-31\nnobody@example.org,2030-01-31\na@example.org,31/01/2030\n"
    response = _upload(client, text)
    report = response.context["report"]
    errors = {row.line: " ".join(row.errors) for row in report.rows}
    assert errors[2] == ""
    assert "Nobody in the directory" in errors[3]
    assert "not a date" in errors[4] and "same person" in errors[4]
    client.post(URL, {"payload": text, "apply": "1"})
    assert not Offboarding.objects.exists()


def test_missing_columns_are_explained(client, personas):
    client.force_login(personas.lead)
    assert (
        "Missing columns: last_day." in _upload(client, "email\na@example.org\n").content.decode()
    )


def test_hostile_files_are_refused_with_a_message_and_start_nothing(client, personas):
    PersonFactory(email="a@example.org")
    client.force_login(personas.lead)
    assert_refuses_hostile_files(
        client,
        URL,
        header="email,last_day,reason",
        row="a@example.org,2030-01-31,Resigned",
        written=Offboarding.objects.count,
    )


def test_the_upload_states_its_limits_and_the_confirmation_is_sent_as_a_file_form(client, personas):
    PersonFactory(email="a@example.org")
    client.force_login(personas.lead)
    assert "at most 5,000 rows and 2 MB" in client.get(URL).text
    # URL-encoding would triple a large file's commas past Django's limit on a POST body.
    preview = _upload(client, "email,last_day\na@example.org,2030-01-31\n")
    assert preview.context["report"].ok
    assert (
        'enctype="multipart/form-data"'
        in preview.text.split('name="payload"')[0].rsplit("<form", 1)[1]
    )


def test_a_file_with_old_mac_line_endings_is_read_line_by_line(client, personas):
    PersonFactory(email="a@example.org")
    PersonFactory(email="b@example.org")
    client.force_login(personas.lead)
    preview = _upload(
        client, old_mac("email,last_day\na@example.org,2030-01-31\nb@example.org,2030-02-28\n")
    )
    report = preview.context["report"]
    assert report.ok and [row.line for row in report.rows] == [2, 3]
    client.post(URL, {"payload": preview.context["form"].initial["payload"], "apply": "1"})
    assert Offboarding.objects.count() == 2


def test_a_reason_longer_than_its_column_is_a_line_error(client, personas):
    PersonFactory(email="a@example.org")
    client.force_login(personas.lead)
    response = client.post(
        URL,
        {"payload": f"email,last_day,reason\na@example.org,2030-01-31,{'x' * 301}\n", "apply": "1"},
    )
    assert response.status_code == 200
    assert "reason: at most 300 characters." in response.text
    assert not Offboarding.objects.exists()
