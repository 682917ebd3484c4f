"""Celery task: the nightly publication of the board's due years (scheduled in CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

import datetime

from celery import shared_task

from .publication import publish_due


@shared_task(name="stats.publish_board_years")
def publish_board_years(today: str | None = None) -> list[int]:
    """`today` (YYYY-MM-DD) only for tests and catching up by hand; the schedule leaves it out."""
    return publish_due(datetime.date.fromisoformat(today) if today else None)
