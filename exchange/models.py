from __future__ import annotations

import datetime
import io
import logging

from django.conf import settings
from django.db import connection, connections, models
from django.urls import reverse
from django.utils import timezone

from audit.trail import record

from .importing import ImportResult, import_file
from .resources import KIND_LABELS

ERRORS_KEPT = 1000
logger = logging.getLogger(__name__)


class ImportJobQuerySet(models.QuerySet):
    def for_list(self) -> ImportJobQuerySet:
        return self.select_related("created_by").defer("content", "errors", "row_statuses")

    def left_waiting(self, *, now=None) -> ImportJobQuerySet:
        """Jobs whose file still waits (never confirmed or cancelled) past the upload retention."""
        now = now or timezone.now()
        cutoff = now - datetime.timedelta(days=settings.FINSAM_UPLOAD_RETENTION_DAYS)
        waiting = [ImportJob.Status.VALIDATING, ImportJob.Status.READY, ImportJob.Status.INVALID]
        return self.filter(created_at__lt=cutoff, status__in=waiting)

    def delete_uploads(self) -> int:
        """Drop the file and its row statuses (clear personnummer and names): the job stays,
        cancelled, with its counts and errors. Returns how many."""
        return self.update(
            status=ImportJob.Status.CANCELLED, content=b"", row_statuses=[], finished_at=timezone.now(),
            message=f"Filen är borttagen: den väntade mer än {settings.FINSAM_UPLOAD_RETENTION_DAYS} dagar "
                    "utan att sparas eller avbrytas. Inget sparades.",
        )


class ImportJob(models.Model):
    """One uploaded exchange file: who, when, what, how far, and how it went.

    The uploaded bytes stay only while the job waits to be confirmed; they are dropped
    as soon as it is written or cancelled (the file holds personal data).
    """

    class Kind(models.TextChoices):
        INTERVENTIONS = "interventions", KIND_LABELS["interventions"]
        PARTICIPATIONS = "participations", KIND_LABELS["participations"]
        ANONYMOUS = "anonymous", KIND_LABELS["anonymous"]
        VOLUME = "volume", KIND_LABELS["volume"]

    class Status(models.TextChoices):
        VALIDATING = "VALIDATING", "Kontrolleras"
        READY = "READY", "Klar att spara"
        INVALID = "INVALID", "Fel i filen"
        WRITING = "WRITING", "Sparas"
        DONE = "DONE", "Sparad"
        FAILED = "FAILED", "Misslyckades"
        CANCELLED = "CANCELLED", "Avbruten"

    RUNNING = (Status.VALIDATING, Status.WRITING)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="uppladdad av", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("uppladdad", auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField("ändrad", auto_now=True)
    file_name = models.CharField("filnamn", max_length=255)
    kind = models.CharField("typ", max_length=20, choices=Kind.choices)
    status = models.CharField("status", max_length=12, choices=Status.choices, default=Status.VALIDATING)
    content = models.BinaryField("filinnehåll", default=b"", editable=False)
    total_rows = models.PositiveIntegerField("rader (uppskattat)", default=0)
    processed_rows = models.PositiveIntegerField("behandlade rader", default=0)
    created = models.PositiveIntegerField("nya", default=0)
    updated = models.PositiveIntegerField("ändrade", default=0)
    unchanged = models.PositiveIntegerField("oförändrade", default=0)
    error_count = models.PositiveIntegerField("fel", default=0)
    errors = models.JSONField("fel (de första 1 000)", default=list, blank=True)
    # [row, status] of every row of a large file checked by the worker, for the paged
    # preview; dropped with the file once the job is written or cancelled.
    row_statuses = models.JSONField("radstatus", default=list, blank=True, editable=False)
    message = models.TextField("meddelande", blank=True)
    finished_at = models.DateTimeField("klar", null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "importjobb"
        verbose_name_plural = "importjobb"

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_kind_display()}, {self.created_at:%Y-%m-%d %H:%M})"

    def get_absolute_url(self) -> str:
        return reverse("exchange:job", args=[self.pk])

    @property
    def on_worker(self) -> bool:
        """A large file is checked and written by the Celery worker, a small one at once."""
        return self.total_rows > settings.FINSAM_IMPORT_SYNC_MAX_ROWS

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING

    @property
    def percent(self) -> int:
        if self.status in (self.Status.READY, self.Status.INVALID, self.Status.DONE):
            return 100
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))

    @property
    def badge(self) -> str:
        return {
            self.Status.READY: "ok", self.Status.DONE: "ok", self.Status.INVALID: "bad", self.Status.FAILED: "bad",
            self.Status.VALIDATING: "warn", self.Status.WRITING: "warn",
        }.get(self.status, "")

    def run(self, *, write: bool) -> str:
        """Check (write=False) or write this job's file; never raises, the outcome is on the job."""
        progress = _ProgressWriter(self.pk)
        try:
            result = import_file(
                io.BytesIO(bytes(self.content)), kind=self.kind, dry_run=not write, statuses=not write,
                progress=progress, actor=self.created_by, source={"import_job": self.pk, "file": self.file_name},
            )
            if write:
                self.record_result(result, status=self.Status.DONE if result.written else self.Status.FAILED)
                record(
                    self.created_by, "IMPORT", f"Import {self.get_kind_display().lower()}: {self.file_name}", obj=self,
                    created=result.created, updated=result.updated, unchanged=result.unchanged,
                    errors=self.error_count, written=result.written,
                )
            else:
                self.record_result(result, status=self.Status.READY if result.ok else self.Status.INVALID)
        except Exception as error:  # a job must end in a state the page can show
            logger.exception("import job %s failed", self.pk)
            self.status = self.Status.FAILED
            self.message = f"Oväntat fel ({type(error).__name__}); inget sparades."
        finally:
            progress.close()
        if self.status in (self.Status.DONE, self.Status.FAILED):
            self.content = b""
            self.row_statuses = []
            self.finished_at = timezone.now()
        self.save()
        return self.status

    def record_result(self, result: ImportResult, *, status: str) -> None:
        """Store counts and the first errors of an import result."""
        self.created, self.updated, self.unchanged = result.created, result.updated, result.unchanged
        self.processed_rows = result.rows
        self.total_rows = max(self.total_rows, result.rows)
        self.error_count = len(result.errors) + (1 if result.fatal else 0)
        self.errors = [[error.row, error.column, error.message] for error in result.errors[:ERRORS_KEPT]]
        self.message = result.fatal
        if result.statuses is not None:
            self.row_statuses = [[number, row_status] for number, row_status in result.statuses]
        self.status = status


class _ProgressWriter:
    """Progress on its own connection, so it shows while the import's transaction is open.

    SQLite allows one writer at a time, and the import is that writer: there the counts
    appear when the step finishes.
    """

    def __init__(self, job_id: int):
        self.job_id = job_id
        self.connection = None
        if connection.vendor == "postgresql":
            self.connection = connections.create_connection("default")

    def __call__(self, done: int, total: int) -> None:
        if self.connection is None:
            return
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {ImportJob._meta.db_table} SET processed_rows = %s, total_rows = %s WHERE id = %s",
                [done, total, self.job_id],
            )

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
