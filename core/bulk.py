"""Set-based writes the ORM does slowly: many rows inserted, or updated each to values of its own.

Django's `bulk_update` builds one `CASE WHEN pk = … THEN …` per field and row: its Python cost
and the database's grow with the square of the rows (a few thousand rows take seconds). An
`UPDATE … FROM` a set of rows joins the rows to their values instead: on PostgreSQL the
columns' arrays sent in binary and unnested, on SQLite (from 3.33) a VALUES list. Django's
`bulk_create` builds a model instance per row and quotes every value into the SQL in Python;
PostgreSQL's COPY takes the rows as they are."""

from __future__ import annotations

import time
from collections.abc import Sequence

import psycopg
from django.db import DEFAULT_DB_ALIAS, connections, models

# SQLite refuses a statement with more than 32,766 parameters: there updates go in batches.
SQLITE_PARAMETERS = 30_000


def update_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Sequence[tuple],
    *,
    using: str = DEFAULT_DB_ALIAS,
) -> None:
    """For each row (pk, value of fields[0], value of fields[1], …) set the columns of `fields`
    of the object with that pk, in one statement (batches on SQLite); None sets NULL."""
    if not rows:
        return
    connection = connections[using]
    quote = connection.ops.quote_name
    meta = model._meta
    table = quote(meta.db_table)
    columns = [meta.pk, *(meta.get_field(name) for name in fields)]
    assignments = ", ".join(
        f"{quote(field.column)} = v.column{n}"  # type: ignore[union-attr]
        for n, field in enumerate(columns[1:], start=2)
    )
    where = f"WHERE {table}.{quote(meta.pk.column)} = v.column1"  # type: ignore[union-attr]
    if connection.vendor == "postgresql":
        # One array per column, sent in binary (no value quoted in Python), typed by a cast.
        names = ", ".join(f"column{n}" for n in range(1, len(columns) + 1))
        arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in columns)  # type: ignore[union-attr]
        sql = f"UPDATE {table} SET {assignments} FROM UNNEST({arrays}) AS v({names}) {where}"
        _server_side(connection, sql, [list(values) for values in zip(*rows, strict=True)])
        return
    one = ", ".join(["%s"] * len(columns))
    size = max(1, SQLITE_PARAMETERS // len(columns))
    with connection.cursor() as cursor:
        for first in range(0, len(rows), size):
            chunk = rows[first : first + size]
            cursor.execute(
                f"UPDATE {table} SET {assignments} "
                f"FROM (VALUES {', '.join([f'({one})'] * len(chunk))}) AS v {where}",
                [
                    field.get_db_prep_save(value, connection)  # type: ignore[union-attr]
                    for row in chunk
                    for field, value in zip(columns, row, strict=True)
                ],
            )


def _server_side(connection, sql: str, params: list) -> list[tuple]:
    """Run `sql` on PostgreSQL with its parameters bound by the server, in binary, and return
    its rows: Django's cursor quotes every value into the SQL in Python, which for arrays of
    thousands of values costs more than the statement. Logged like any statement."""
    connection.ensure_connection()
    begin = time.monotonic()
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params, binary=True)
        rows = cursor.fetchall() if cursor.description else []
    _logged(connection, sql, begin)
    return rows


def _logged(connection, sql: str, begin: float) -> None:
    """Count a statement run outside Django's cursor like any other (query counts, benchmarks)."""
    if connection.queries_logged:
        connection.queries_log.append({"sql": sql, "time": f"{time.monotonic() - begin:.3f}"})


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Sequence[tuple],
    *,
    using: str = DEFAULT_DB_ALIAS,
) -> None:
    """Insert one row per tuple (the values of `fields`, in order, as the model takes them: no
    default, no pre-save, no signal) without building a model instance per row. On PostgreSQL
    one `COPY … FROM STDIN` (each row formatted by psycopg's C code, no SQL to parse, no
    parameter quoted in Python); elsewhere `bulk_create`."""
    if not rows:
        return
    connection = connections[using]
    if connection.vendor != "postgresql":
        _created(model, fields, rows, using)
        return
    quote = connection.ops.quote_name
    meta = model._meta
    columns = ", ".join(quote(meta.get_field(name).column) for name in fields)  # type: ignore[union-attr]
    sql = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
    documents = [  # JSON documents go through their field's encoder
        (n, field)
        for n, field in enumerate(meta.get_field(name) for name in fields)
        if isinstance(field, models.JSONField)
    ]
    begin = time.monotonic()
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            if documents:
                row = list(row)
                for n, field in documents:
                    row[n] = field.get_db_prep_save(row[n], connection)
            copy.write_row(row)
    _logged(connection, f"{sql} -- {len(rows)} rows", begin)


def insert_rows_returning(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Sequence[tuple],
    *,
    using: str = DEFAULT_DB_ALIAS,
) -> list[int]:
    """`insert_rows`, returning the new rows' primary keys in the order of `rows`: on
    PostgreSQL one `INSERT … SELECT FROM UNNEST(column arrays) … RETURNING`, the arrays sent in
    binary (no JSON column: use `insert_rows`)."""
    if not rows:
        return []
    connection = connections[using]
    if connection.vendor != "postgresql":
        return [obj.pk for obj in _created(model, fields, rows, using)]
    quote = connection.ops.quote_name
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in columns)  # type: ignore[union-attr]
    sql = (
        f"INSERT INTO {quote(meta.db_table)} "
        f"({', '.join(quote(field.column) for field in columns)}) "  # type: ignore[union-attr]
        f"SELECT * FROM UNNEST({arrays}) RETURNING {quote(meta.pk.column)}"  # type: ignore[union-attr]
    )
    return [
        pk for (pk,) in _server_side(connection, sql, [list(c) for c in zip(*rows, strict=True)])
    ]


def _created(model: type[models.Model], fields: Sequence[str], rows: Sequence[tuple], using: str):
    """The rows inserted by `bulk_create` (databases other than PostgreSQL)."""
    return model._default_manager.db_manager(using).bulk_create(
        [model(**dict(zip(fields, row, strict=True))) for row in rows]
    )
