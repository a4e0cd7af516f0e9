"""Hostile files that every CSV import must refuse with a message, writing nothing.

Each import's tests call `assert_refuses_hostile_files` with its page, a header and one good
row: the same cases then run against every import, through the upload and through the hidden
copy that the preview page sends back (which a browser may have changed).
"""

from __future__ import annotations

import csv

from django.core.files.uploadedfile import SimpleUploadedFile

from core.csv import MAX_ROWS


def hostile_files(header: str, row: str) -> list[tuple[str, str, str, str]]:
    """(case, how it is sent, text, the message expected), for a `header` line and a good `row`."""
    cells = row.split(",")
    nul = ",".join([*cells[:-1], cells[-1] + "\x00"])
    huge_cell = ",".join(["a" * (csv.field_size_limit() + 1), *cells[1:]])
    three_mb = header + "\n" + "x" * (3 * 1024 * 1024) + "\n"
    over_2_mb = header + "\n" + (row + "\n") * (2_200_000 // (len(row) + 1))
    return [
        ("3 MB on one line, uploaded", "file", three_mb, "The file is larger than 2 MB."),
        # Past 2.5 MB Django itself refuses a POST body (400): the copy is tried just below.
        ("2.2 MB sent back", "payload", over_2_mb, "The file is larger than 2 MB."),
        ("a NUL character, uploaded", "file", f"{header}\n{nul}\n", "Line 2 holds a NUL character"),
        ("a NUL character, sent back", "payload", f"{header}\n{nul}\n", "Line 2 holds a NUL"),
        (
            "a cell past the csv field limit, sent back",
            "payload",
            f"{header}\n{huge_cell}\n",
            "Line 2 cannot be read: a cell is longer than 131072 characters.",
        ),
        (
            "700,000 lines of commas",
            "payload",
            header + "\n" + ",\n" * 700_000,
            f"The file has more than {MAX_ROWS} rows.",
        ),
    ]


def send(client, url: str, how: str, text: str):
    if how == "file":
        upload = SimpleUploadedFile("import.csv", text.encode(), content_type="text/csv")
        return client.post(url, {"file": upload})
    return client.post(url, {"payload": text, "apply": "1"})


def assert_refuses_hostile_files(client, url: str, *, header: str, row: str, written) -> None:
    """Every hostile case answers the import page with its message, and `written()` stays 0."""
    for case, how, text, message in hostile_files(header, row):
        response = send(client, url, how, text)
        assert response.status_code == 200, case
        assert message in response.text, (case, message)
        assert written() == 0, case


def old_mac(text: str) -> str:
    """The same lines as an old Mac wrote them: a lone CR ends each."""
    return text.replace("\r\n", "\n").replace("\n", "\r")
