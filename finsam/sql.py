"""Multi-row INSERTs for the few bulk write paths (file import and its audit entries).

PostgreSQL gets one INSERT … SELECT * FROM unnest(array, array, …) per batch, bound on the
server: one parameter per column, where a VALUES list of thousands of placeholders costs
psycopg more to parse and quote than the database takes to insert. Elsewhere (SQLite) a
VALUES list.
Either way RETURNING gives the new ids back in the order of the rows.
"""

from __future__ import annotations

from django.db import connection

VALUES_BATCH = 500  # rows per VALUES list: SQLite allows 32,766 parameters
UNNEST_BATCH = 5000


def insert_rows(model, fields: list, rows: list[tuple], *, returning: bool = False) -> list:
    """Insert `rows` (values already prepared for the database, one per field) into `model`'s
    table; the new primary keys in row order when `returning`."""
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
    tail = f" RETURNING {quote(model._meta.pk.column)}" if returning else ""
    ids: list = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            import psycopg

            # Server-side binding: Django's client-side cursor would quote every array element
            # into the statement text, which costs more than the insert.
            arrays = ", ".join(f"%b::{field.db_type(connection)}[]" for field in fields)  # binary: no quoting
            with psycopg.Cursor(connection.connection) as server_side:
                for start in range(0, len(rows), UNNEST_BATCH):
                    batch = rows[start:start + UNNEST_BATCH]
                    columns = [list(column) for column in zip(*batch, strict=True)]
                    server_side.execute(f"{head}SELECT * FROM unnest({arrays}){tail}", columns)
                    if returning:
                        ids += [row[0] for row in server_side.fetchall()]
        else:
            one = f"({', '.join(['%s'] * len(fields))})"
            for start in range(0, len(rows), VALUES_BATCH):
                batch = rows[start:start + VALUES_BATCH]
                cursor.execute(f"{head}VALUES {', '.join([one] * len(batch))}{tail}",
                               [value for row in batch for value in row])
                if returning:
                    ids += [row[0] for row in cursor.fetchall()]
    return ids
