"""Celery task: the daily case reminders (scheduled in CELERY_BEAT_SCHEDULE). Safe to run twice."""

from __future__ import annotations

import datetime

from celery import shared_task


@shared_task(name="cases.send_reminders")
def send_reminders(today: str | None = None) -> dict[str, int]:
    """`today` (YYYY-MM-DD) only for tests and catching up by hand; the schedule leaves it out."""
    from .reminders import send_case_reminders

    return send_case_reminders(today=datetime.date.fromisoformat(today) if today else None)
