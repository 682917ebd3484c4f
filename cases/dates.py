"""Calendar months on dates: the 6- and 12-month follow-ups and an intervention's planned length."""

from __future__ import annotations

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (or earlier); a day the month lacks becomes its last day
    (31 August + 6 months = 28/29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def latest_start(day: datetime.date, months: int) -> datetime.date:
    """The latest date d with add_months(d, months) <= day: a date range condition on d that
    the database can use with an index. add_months never decreases as d grows, so the answer
    is `day` moved back, or the end of that month when `day` ends its month."""
    candidate = add_months(day, -months)
    if day.day == calendar.monthrange(day.year, day.month)[1]:
        candidate = candidate.replace(day=calendar.monthrange(candidate.year, candidate.month)[1])
    return candidate
