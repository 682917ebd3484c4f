"""Records that run from a `startdatum` to an optional `slutdatum` (interventions, spells,
anonymous registrations): the one overlap rule, in SQL and in Python. Dates are inclusive;
an open end runs on."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q


def overlap(date_from: datetime.date, date_to: datetime.date | None = None) -> Q:
    """Started by `date_to` (no bound when None) and not ended before `date_from`."""
    still_running = Q(slutdatum__isnull=True) | Q(slutdatum__gte=date_from)
    return still_running if date_to is None else Q(startdatum__lte=date_to) & still_running


def overlaps(start: datetime.date, end: datetime.date | None, date_from: datetime.date,
             date_to: datetime.date) -> bool:
    """`overlap` for one record in memory."""
    return start <= date_to and (end is None or end >= date_from)


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


class SpanQuerySet(models.QuerySet):
    def overlapping(self, date_from: datetime.date, date_to: datetime.date | None = None) -> SpanQuerySet:
        return self.filter(overlap(date_from, date_to))

    def running_in(self, year: int) -> SpanQuerySet:
        return self.overlapping(*year_bounds(year))
