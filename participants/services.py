"""Multi-record workflows of the registry's participants: the retention purge (identity, the
labels older log entries gave people, and uploaded files left waiting)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.dispatch import Signal
from django.utils import timezone

from audit.retention import relabel_masked_entries
from audit.trail import record
from exchange.models import ImportJob

from .models import Participant, Participation

# Sent inside the purge's transaction with `participant_ids`: apps holding more personal data
# about these people remove it there and return {what: count} for the audit record.
identity_purged = Signal()


@dataclass(frozen=True)
class PurgeResult:
    cutoff: datetime.date
    count: int
    dry_run: bool
    uploads: int = 0  # uploaded files left waiting past FINSAM_UPLOAD_RETENTION_DAYS


def retention_cutoff(*, today: datetime.date | None = None, years: int | None = None) -> datetime.date:
    """People whose last spell ended before this day lose their identity."""
    today = today or timezone.localdate()
    years = settings.FINSAM_RETENTION_YEARS if years is None else years
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def purgeable_participants(*, cutoff: datetime.date):
    """Identity still held, no open spell, and the last spell ended before `cutoff`."""
    open_spell = Participation.objects.filter(participant=OuterRef("pk"), slutdatum__isnull=True)
    return (
        Participant.objects.filter(identity_removed_at__isnull=True)
        .annotate(last_end=Max("participations__slutdatum"), has_open=Exists(open_spell))
        .filter(has_open=False, last_end__lt=cutoff)
    )


def purge_personal_data(*, dry_run: bool, actor=None, today: datetime.date | None = None,
                        batch_size: int = 2000) -> PurgeResult:
    """Remove personnummer and names (kön and birth year stay: the reports do not change),
    relabel older log entries that named a person by masked number, and delete uploaded files
    left waiting past FINSAM_UPLOAD_RETENTION_DAYS.

    Rows are updated in batches with one UPDATE each; the purge as a whole is recorded in
    the audit trail (who ran it, the cutoff and how many people, log entries and uploads).
    """
    cutoff = retention_cutoff(today=today)
    ids = list(purgeable_participants(cutoff=cutoff).values_list("pk", flat=True))
    uploads = ImportJob.objects.left_waiting()
    if dry_run:
        return PurgeResult(cutoff=cutoff, count=len(ids), dry_run=True, uploads=uploads.count())
    now = timezone.now()
    with transaction.atomic():
        for start in range(0, len(ids), batch_size):
            Participant.objects.filter(pk__in=ids[start:start + batch_size]).update(
                personnummer=None, pnr_hash=None, first_name=None, last_name=None,
                birth_date=None, identity_removed_at=now,
            )
        cleared = {}
        for _receiver, counts in identity_purged.send(sender=Participant, participant_ids=ids):
            cleared.update(counts or {})
        # Log entries from before the logs named people by id hold a birth date as label.
        relabelled = relabel_masked_entries([Participant, Participation])
        # Uploads hold clear numbers and names: a file left waiting goes after a week.
        deleted = uploads.delete_uploads()
        record(actor, "PURGE", f"Gallring av personuppgifter: {len(ids)} personer, slut före {cutoff}",
               cutoff=cutoff.isoformat(), count=len(ids),
               retention_years=settings.FINSAM_RETENTION_YEARS, relabelled_log_entries=relabelled,
               uploads_deleted=deleted, **({"cleared": cleared} if cleared else {}))
    return PurgeResult(cutoff=cutoff, count=len(ids), dry_run=False, uploads=deleted)
