"""Import of an exchange file, all or nothing: `import_file`, which the commands, the jobs
and the benchmarks call.

The whole file is read inside one transaction and handed to the kind's importer
(`exchange.importers`) chunk by chunk; if any row is wrong, or on a dry run, the transaction
is rolled back, so nothing is ever half-written.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from auditlog.context import set_actor
from django.db import transaction

from .formats import FileUnreadable, RawRow, open_table, raw_rows, read_header
from .importers import CHUNK_SIZE, AnonymousImporter, Importer, ImportResult, InterventionImporter, VolumeImporter
from .participation_importer import ParticipationImporter
from .resources import RESOURCES

KINDS = tuple(RESOURCES)
Progress = Callable[[int, int], None]
IMPORTERS: dict[str, type[Importer]] = {
    "interventions": InterventionImporter,
    "participations": ParticipationImporter,
    "anonymous": AnonymousImporter,
    "volume": VolumeImporter,
}


class _Rollback(Exception):
    pass


def _chunks(rows: Iterator[RawRow], size: int) -> Iterator[list[RawRow]]:
    chunk: list[RawRow] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def import_file(
    stream,
    *,
    kind: str,
    dry_run: bool = False,
    preview: bool = False,
    statuses: bool = False,
    progress: Progress | None = None,
    actor=None,
    source: dict | None = None,
) -> ImportResult:
    """Read `stream` (binary, seekable) as a `kind` file and write it, all or nothing.

    `preview`: keep every row with its cells and errors (small files); `statuses`: keep only
    each row's number and status (large files: the cells are read again page by page).
    `actor` and `source` go on the audit entry of every record written."""
    if kind not in IMPORTERS:
        raise ValueError(f"unknown kind {kind!r}")
    result = ImportResult(
        kind=kind, dry_run=dry_run, preview=[] if preview else None, statuses=[] if statuses else None
    )
    try:
        table = open_table(stream)
        header, result.errors = read_header(table, RESOURCES[kind])
        result.columns = [column for column in header if column]
        if result.errors:
            return result
        # Records saved one by one (interventions) are logged by auditlog's signals, for this actor.
        acting = set_actor(actor) if getattr(actor, "is_authenticated", False) else contextlib.nullcontext()
        with acting, transaction.atomic():
            importer = IMPORTERS[kind](
                result, header=header, preview=preview, lock=not dry_run, actor=actor, source=source
            )
            done = 0
            for chunk in _chunks(raw_rows(table, header, RESOURCES[kind]), CHUNK_SIZE):
                importer.process(chunk)
                done += len(chunk)
                if progress:
                    progress(done, max(table.estimated_rows, done))
            if result.errors or dry_run:
                raise _Rollback
            result.written = True
    except _Rollback:
        pass
    except FileUnreadable as error:
        result.fatal = str(error)
        result.written = False
    if result.preview is not None:
        result.preview.sort(key=lambda row: row.number)
    if result.statuses is not None:
        result.statuses.sort()
    return result
