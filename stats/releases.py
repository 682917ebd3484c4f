"""The board's fixed releases: the only periods the styrelse role can ask figures for.

Free dates let the board subtract two nearly equal periods and find one person. The board gets
ended calendar years only (`2016`): no two of them overlap, so there is no pair of published
periods whose difference is a smaller period (see SPANS for why tertials and year to date are
not offered). The key format can name tertials (`2016-T2`, `2016-T1T2`) for a later, safer
method; `parse` refuses them today. Interventions are never chosen by the board: every detail
table covers all of them.

A year reaches the board once it is *publishable* (`publishable`: ended more than
FINSAM_BOARD_PUBLISH_AFTER_DAYS days ago, the one grace rule) or kansli published it earlier;
its figures are then frozen (`stats.publication`).

kansli and the administrator keep their free periods (the views ask `access.suppress_below`).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django import forms
from django.conf import settings

from tertials.periods import TERTIAL_LABELS, tertial_period

# The tertials a period may cover. Only whole years: with tertials and January–August beside
# the year, small counts of nested periods pin each other (Y = T1 + T2 + T3 with all four <5
# and the year's row total <5) and no amount of × on larger counts prevents it — measured on the
# demo, 254 such counts in one year's family. A year alone has no nested period to subtract.
SPANS = ((1, 2, 3),)
_KEY = re.compile(r"^(\d{4})(?:-T([123])(?:T([123]))?)?$")


@dataclass(frozen=True, order=True)
class BoardPeriod:
    year: int
    tertials: tuple[int, ...] = (1, 2, 3)

    @property
    def key(self) -> str:
        if self.tertials == (1, 2, 3):
            return str(self.year)
        return f"{self.year}-" + "".join(f"T{t}" for t in self.tertials)

    @property
    def label(self) -> str:
        if self.tertials == (1, 2, 3):
            return f"Helår {self.year}"
        if len(self.tertials) == 1:
            return f"{self.year} {TERTIAL_LABELS[self.tertials[0]]}"
        return f"{self.year} jan–aug (T1+T2)"

    @property
    def dates(self) -> tuple[datetime.date, datetime.date]:
        return tertial_period(self.year, self.tertials[0])[0], tertial_period(self.year, self.tertials[-1])[1]

    def ended(self, today: datetime.date) -> bool:
        return self.dates[1] < today

    def family(self, today: datetime.date) -> list[BoardPeriod]:
        """The ended periods of its year: their differences are what an attacker can form."""
        return [period for period in year_periods(self.year) if period.ended(today)]


def year_periods(year: int) -> list[BoardPeriod]:
    return [BoardPeriod(year, span) for span in SPANS]


def parse(key: str | None) -> BoardPeriod | None:
    match = _KEY.match(key or "")
    if not match:
        return None
    year, first, last = match.groups()
    span = (1, 2, 3) if first is None else tuple(range(int(first), int(last or first) + 1))
    return BoardPeriod(int(year), span) if span in SPANS else None


def publishable(year: int, today: datetime.date) -> bool:
    """The one grace rule: a year may be published for the board once it ended more than
    FINSAM_BOARD_PUBLISH_AFTER_DAYS days ago (late registrations mostly come in by then)."""
    grace = datetime.timedelta(days=settings.FINSAM_BOARD_PUBLISH_AFTER_DAYS)
    return today > datetime.date(year, 12, 31) + grace


def published_years() -> set[int]:
    from .models import Publication

    return set(Publication.objects.values_list("year", flat=True))


def board_years(today: datetime.date, span) -> list[int]:
    """The calendar years the board may see, latest first: every published year, and every
    publishable year with data (span: the registry's first and last start date). Never empty:
    without data, the latest publishable year."""
    first, last = span
    first_year, last_year = (first or today).year, min((last or today).year, today.year)
    years = {year for year in range(first_year, last_year + 1) if publishable(year, today)} | published_years()
    if not years:
        year = today.year - 1
        years = {year if publishable(year, today) else year - 1}
    return sorted(years, reverse=True)


def board_periods(today: datetime.date, span) -> list[BoardPeriod]:
    """The board's periods (whole years), latest first."""
    return [BoardPeriod(year) for year in board_years(today, span)]


def default_period(today: datetime.date, span, years: list[int] | None = None) -> BoardPeriod:
    """The latest year the board may see (`years`: board_years, if known), no later than the
    latest year with data."""
    years = board_years(today, span) if years is None else years
    last = span[1]
    within = [year for year in years if last is None or year <= last.year]
    return BoardPeriod((within or years)[0])


def board_form(params, today: datetime.date, span) -> BoardPeriodForm:
    """The board's period form from the request's GET and the registry's (first, last) start date."""
    years = board_years(today, span)
    return BoardPeriodForm(params, periods=[BoardPeriod(year) for year in years],
                           default=default_period(today, span, years))


def board_year(value, today: datetime.date, span) -> int:
    """The calendar year the board asked for, if it may see it (board_years); else the default."""
    years = board_years(today, span)
    try:
        year = int(value)
    except (TypeError, ValueError):
        year = None
    return year if year in years else default_period(today, span, years).year


class BoardPeriodForm(forms.Form):
    """The board's only filter: one of the fixed periods. Anything else in the request (dates,
    years, interventions) is ignored and the default period shown."""

    def __init__(self, data, *, periods: list[BoardPeriod], default: BoardPeriod):
        super().__init__(data)
        # Added here: the GET name `period` is also the name of the method the views call.
        self.fields["period"] = forms.ChoiceField(label="Period", required=False)
        self.fields["period"].choices = [(period.key, period.label) for period in periods]
        self.default = default
        self.chosen = parse(self.data.get("period")) if self.is_valid() else None
        if self.chosen not in periods:
            self.chosen = default
        self.data = {"period": self.chosen.key}  # the select shows what is shown

    def period(self) -> tuple[datetime.date, datetime.date]:
        return self.chosen.dates

    def codes(self) -> list[str]:
        return []
