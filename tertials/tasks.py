"""Celery tasks: the daily reminder run (scheduled in CELERY_BEAT_SCHEDULE) and the notice to
kansli when a report is submitted. Both are safe to run twice: every e-mail is recorded."""

from __future__ import annotations

import datetime

from celery import shared_task


@shared_task(name="tertials.send_reminders")
def send_reminders(today: str | None = None) -> dict[str, int]:
    """`today` (YYYY-MM-DD) only for tests and catching up by hand; the schedule leaves it out."""
    from .services import send_due_reminders

    day = datetime.date.fromisoformat(today) if today else None
    return send_due_reminders(today=day)


@shared_task(name="tertials.notify_submitted")
def notify_submitted(transition_id: int) -> bool:
    from .models import Transition
    from .services import send_submitted_notice

    transition = Transition.objects.select_related("report__intervention", "user").filter(pk=transition_id).first()
    if transition is None:
        return False
    return send_submitted_notice(transition)
