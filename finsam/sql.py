"""Multi-row writes for the few bulk paths (file import and its change-log entries).

`insert_returning_ids`: new rows whose ids the caller needs (the import's people and spells).
PostgreSQL gets one INSERT … SELECT * FROM unnest(array, array, …) per batch, bound on the
server in binary: one parameter per column, where Django's client-side binding quotes every
array element into the statement text, which costs more than the insert. Elsewhere (SQLite)
a VALUES list. Either way RETURNING gives the ids back in the order of the rows.

`copy_rows`: rows nobody reads back at once (change-log entries): COPY on PostgreSQL, a plain
executemany elsewhere.

Values come prepared for the database (get_db_prep_save) and are never cut to fit: a value
longer than its column is the database's error, as with Model.objects.bulk_create.
"""

from __future__ import annotations

import psycopg
from django.db import connection

VALUES_BATCH = 500  # rows per VALUES list: SQLite allows 32,766 parameters
UNNEST_BATCH = 5000


def _head(model, fields: list) -> str:
    quote = connection.ops.quote_name
    return f"{quote(model._meta.db_table)} ({', '.join(quote(field.column) for field in fields)})"


def _array_type(field) -> str:
    """The column's type without its length or precision: a cast to varchar(n)[] would cut
    a longer value short without a word (Django's own UNNEST insert drops it for that reason)."""
    return field.db_type(connection).split("(")[0]


def insert_returning_ids(model, fields: list, rows: list[tuple]) -> list:
    """Insert `rows` (one value per field) into `model`'s table; the new primary keys in row order."""
    head = f"INSERT INTO {_head(model, fields)} "
    tail = f" RETURNING {connection.ops.quote_name(model._meta.pk.column)}"
    ids: list = []
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        arrays = ", ".join(f"%b::{_array_type(field)}[]" for field in fields)
        # server-side binding, binary: no quoting; errors as Django's (DataError, IntegrityError)
        with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
            for start in range(0, len(rows), UNNEST_BATCH):
                columns = [list(column) for column in zip(*rows[start:start + UNNEST_BATCH], strict=True)]
                cursor.execute(f"{head}SELECT * FROM unnest({arrays}){tail}", columns)
                ids += [row[0] for row in cursor.fetchall()]
        return ids
    one = f"({', '.join(['%s'] * len(fields))})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), VALUES_BATCH):
            batch = rows[start:start + VALUES_BATCH]
            values = [value for row in batch for value in row]
            cursor.execute(f"{head}VALUES {', '.join([one] * len(batch))}{tail}", values)
            ids += [row[0] for row in cursor.fetchall()]
    return ids


def copy_rows(model, fields: list, rows: list[tuple]) -> None:
    """Write `rows` (one value per field) into `model`'s table, ids left to the database."""
    if not rows:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with connection.wrap_database_errors, cursor.copy(f"COPY {_head(model, fields)} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(
                f"INSERT INTO {_head(model, fields)} VALUES ({', '.join(['%s'] * len(fields))})", rows
            )
