"""The web UI's imports as jobs: an upload is stored, checked (small files at once, large
ones by the Celery worker), previewed page by page, then written or cancelled. The work
itself is `ImportJob.run()`; this module decides where it runs and reads the preview."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.utils import timezone

from . import tasks
from .formats import FileUnreadable, open_table, raw_rows, read_header
from .importers import PreviewRow
from .importing import import_file
from .models import ImportJob
from .resources import RESOURCES

PREVIEW_PAGE_SIZE = 200
STATUS_LABELS = {"new": "Nya", "changed": "Ändrade", "unchanged": "Oförändrade", "error": "Med fel"}


def _estimate_rows(content: bytes) -> int:
    try:
        return open_table(io.BytesIO(content)).estimated_rows
    except Exception:  # unreadable or damaged: the check itself reports it properly
        return 0


def start_job(*, user, file_name: str, content: bytes, kind: str) -> ImportJob:
    """Store an upload and check it: at once for small files, on the worker for large ones."""
    job = ImportJob.objects.create(
        created_by=user, file_name=file_name[:255], kind=kind, content=content, total_rows=_estimate_rows(content)
    )
    if job.on_worker:
        tasks.check_import.delay(job.pk)
    else:
        job.run(write=False)
    job.refresh_from_db()
    return job


def confirm_job(job: ImportJob) -> None:
    """Write a checked job (checked again inside the write: the data may have changed)."""
    updated = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.READY).update(
        status=ImportJob.Status.WRITING, processed_rows=0
    )
    if not updated:
        raise ValueError("Jobbet är inte klart att spara.")
    if job.on_worker:
        tasks.write_import.delay(job.pk)
    else:
        job.refresh_from_db()
        job.run(write=True)


def cancel_job(job: ImportJob) -> bool:
    return bool(
        ImportJob.objects.filter(
            pk=job.pk, status__in=[ImportJob.Status.READY, ImportJob.Status.INVALID, ImportJob.Status.VALIDATING]
        ).update(status=ImportJob.Status.CANCELLED, content=b"", row_statuses=[], finished_at=timezone.now())
    )


@dataclass
class Preview:
    """One page of a checked job's row-by-row preview, optionally only rows of one status."""

    columns: list[str]
    rows: list[PreviewRow]
    page: object  # django.core.paginator.Page over the selected rows
    status: str
    counts: dict[str, int]

    @property
    def filters(self) -> list[tuple[str, str, int]]:
        return [("", "Alla", sum(self.counts.values()))] + [
            (code, label, self.counts.get(code, 0)) for code, label in STATUS_LABELS.items()
        ]


def preview_job(job: ImportJob, *, status: str = "", page: object = 1) -> Preview | None:
    """The row-by-row preview of a checked job (nothing is written).

    A small file is checked again with every cell kept; a large one (checked by the worker,
    which kept only each row's status) is read again for just the rows of the page asked for,
    with the errors kept on the job beside their cells."""
    if job.status not in (ImportJob.Status.READY, ImportJob.Status.INVALID) or not job.content:
        return None
    status = status if status in STATUS_LABELS else ""
    if not job.on_worker:
        result = import_file(io.BytesIO(bytes(job.content)), kind=job.kind, dry_run=True, preview=True)
        if result.fatal or (result.errors and not result.preview):
            return None  # the file or its header is wrong: the page lists the errors instead
        counts = Counter(row.status for row in result.preview)
        selected = [row for row in result.preview if not status or row.status == status]
        shown = Paginator(selected, PREVIEW_PAGE_SIZE).get_page(page)
        return Preview(result.columns, list(shown.object_list), shown, status, counts)
    if not job.row_statuses:
        return None
    counts = Counter(row_status for _number, row_status in job.row_statuses)
    selected = [(number, row_status) for number, row_status in job.row_statuses if not status or row_status == status]
    shown = Paginator(selected, PREVIEW_PAGE_SIZE).get_page(page)
    columns, rows = _preview_rows(job, dict(shown.object_list))
    if columns is None:
        return None
    return Preview(columns, rows, shown, status, counts)


def _preview_rows(job: ImportJob, wanted: dict[int, str]) -> tuple[list[str] | None, list[PreviewRow]]:
    """Read the job's file up to the last wanted row; the wanted rows as preview rows."""
    try:
        table = open_table(io.BytesIO(bytes(job.content)))
        header, _errors = read_header(table, RESOURCES[job.kind])
    except FileUnreadable:
        return None, []
    shown = [column for column in header if column]
    errors: dict[int, dict[str, str]] = {}
    for number, column, message in job.errors:
        errors.setdefault(number, {})[column] = message
    rows = []
    last = max(wanted, default=0)
    for raw in raw_rows(table, header, RESOURCES[job.kind]):
        if raw.number > last:
            break
        if raw.number not in wanted:
            continue
        row_errors = errors.get(raw.number, {})
        other = [message for column, message in row_errors.items() if column not in shown]
        if wanted[raw.number] == "error" and not row_errors:
            other.append("Raden har fel som inte visas här: bara de första felen sparas. Rätta dem och ladda upp igen.")
        rows.append(PreviewRow(
            number=raw.number,
            status=wanted[raw.number],
            cells=[(column, raw.cells.get(column, ""), row_errors.get(column, "")) for column in shown],
            other_errors=other,
        ))
    return shown, rows
