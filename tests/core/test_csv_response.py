"""core.web.csv_response: the header leaves alone, the rows follow in chunks, none is lost."""

from __future__ import annotations

import csv
import io

from core import web


def test_the_header_leaves_alone_then_the_rows_in_chunks_every_row_once():
    rows = [["name", "notes"]] + [[f"person {n}", "=cmd" if n == 7 else n] for n in range(601)]
    response = web.csv_response(iter(rows), "people")
    chunks = [chunk.decode() for chunk in response.streaming_content]
    assert chunks[0] == "name,notes\r\n"
    assert [chunk.count("\r\n") for chunk in chunks] == [1, 250, 250, 101]
    read = list(csv.reader(io.StringIO("".join(chunks))))
    assert read[0] == ["name", "notes"]
    assert [r[0] for r in read[1:]] == [f"person {n}" for n in range(601)]
    assert read[8] == ["person 7", "'=cmd"]
    assert response["Content-Disposition"].startswith('attachment; filename="people-')


def test_an_empty_export_is_an_empty_file():
    assert b"".join(web.csv_response(iter(()), "nothing").streaming_content) == b""
