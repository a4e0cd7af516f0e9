"""Set-based writes the ORM does slowly: many rows updated, each to values of its own.

Django's `bulk_update` builds one `CASE WHEN pk = … THEN …` per field and row: its Python cost
and the database's grow with the square of the rows (a few thousand rows take seconds). An
`UPDATE … FROM (VALUES …)` joins the rows to their values instead (PostgreSQL, and SQLite from
3.33)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import DEFAULT_DB_ALIAS, connections, models

# SQLite refuses a statement with more than 32,766 parameters; PostgreSQL has no such limit
# with client-side binding (Django's default), so there a batch is one statement.
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
    if connection.vendor == "postgresql":
        # VALUES guesses a column's type from its values: a column of NULLs would be text.
        one = ", ".join(f"CAST(%s AS {field.db_type(connection)})" for field in columns)  # type: ignore[union-attr]
    else:
        one = ", ".join(["%s"] * len(columns))
    size = len(rows)
    if connection.vendor == "sqlite":
        size = max(1, SQLITE_PARAMETERS // len(columns))
    with connection.cursor() as cursor:
        for first in range(0, len(rows), size):
            chunk = rows[first : first + size]
            cursor.execute(
                f"UPDATE {table} SET {assignments} FROM (VALUES {', '.join([f'({one})'] * len(chunk))})"
                f" AS v WHERE {table}.{quote(meta.pk.column)} = v.column1",  # type: ignore[union-attr]
                [
                    field.get_db_prep_save(value, connection)  # type: ignore[union-attr]
                    for row in chunk
                    for field, value in zip(columns, row, strict=True)
                ],
            )


def insert_rows(
    model: type[models.Model],
    fields: Sequence[str],
    rows: Sequence[tuple],
    *,
    using: str = DEFAULT_DB_ALIAS,
) -> None:
    """Insert one row per tuple (the values of `fields`, in order, ready for the database: no
    default, no pre-save, no signal) without building a model instance per row. On PostgreSQL
    one `INSERT … SELECT * FROM UNNEST(column arrays)`; elsewhere `bulk_create`."""
    if not rows:
        return
    connection = connections[using]
    if connection.vendor != "postgresql":
        model._default_manager.db_manager(using).bulk_create(
            model(**dict(zip(fields, row, strict=True))) for row in rows
        )
        return
    quote = connection.ops.quote_name
    meta = model._meta
    columns = [meta.get_field(name) for name in fields]
    arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in columns)  # type: ignore[union-attr]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(meta.db_table)} "
            f"({', '.join(quote(field.column) for field in columns)}) "  # type: ignore[union-attr]
            f"SELECT * FROM UNNEST({arrays})",
            [list(values) for values in zip(*rows, strict=True)],
        )
