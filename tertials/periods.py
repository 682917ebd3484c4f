"""The tertials of a year (T1 jan–apr, T2 maj–aug, T3 sep–dec) and their deadlines: the one
place that knows the calendar, for the tertial reports and the report filters alike."""

from __future__ import annotations

import datetime

from django.conf import settings

TERTIAL_MONTHS = {1: (1, 4), 2: (5, 8), 3: (9, 12)}
TERTIAL_LABELS = {1: "T1 jan–apr", 2: "T2 maj–aug", 3: "T3 sep–dec"}


def tertial_period(year: int, tertial: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of a tertial (dates inclusive)."""
    first_month, last_month = TERTIAL_MONTHS[tertial]
    start = datetime.date(year, first_month, 1)
    end = (
        datetime.date(year, 12, 31)
        if last_month == 12
        else datetime.date(year, last_month + 1, 1) - datetime.timedelta(days=1)
    )
    return start, end


def tertial_deadline(year: int, tertial: int) -> datetime.date:
    return tertial_period(year, tertial)[1] + datetime.timedelta(days=settings.FINSAM_TERTIAL_DEADLINE_DAYS)


def tertial_of(day: datetime.date) -> int:
    return next(number for number, (first, last) in TERTIAL_MONTHS.items() if first <= day.month <= last)
