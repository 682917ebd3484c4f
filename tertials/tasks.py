"""Celery tasks: the daily reminder run (scheduled in CELERY_BEAT_SCHEDULE) and the notice to
kansli when a report is submitted (defined beside the code that queues it, in `notices`, and
imported here so that the worker finds it). Both are safe to run twice: every e-mail is recorded."""

from __future__ import annotations

import datetime

from celery import shared_task

from .notices import notify_submitted, send_due_reminders

__all__ = ["notify_submitted", "send_reminders"]


@shared_task(name="tertials.send_reminders")
def send_reminders(today: str | None = None) -> dict[str, int]:
    """`today` (YYYY-MM-DD) only for tests and catching up by hand; the schedule leaves it out."""
    day = datetime.date.fromisoformat(today) if today else None
    return send_due_reminders(today=day)
