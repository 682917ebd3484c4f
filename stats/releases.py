"""The board's fixed releases: the only periods the styrelse role can ask figures for.

Free dates let the board subtract two nearly equal periods and find one person. The board gets
ended calendar years only (`2016`): no two of them overlap, so there is no pair of published
periods whose difference is a smaller period (see SPANS for why tertials and year to date are
not offered). The key format can name tertials (`2016-T2`, `2016-T1T2`) for a later, safer
method; `parse` refuses them today. Interventions are never chosen by the board: every detail
table covers all of them.

kansli and the administrator keep their free periods (the views ask `access.suppress_below`).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from django import forms

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


def board_periods(today: datetime.date, first_year: int, last_year: int) -> list[BoardPeriod]:
    """Every ended period of the years first_year..last_year (and no later than today), latest first."""
    years = range(min(last_year, today.year), first_year - 1, -1)
    periods = [period for year in years for period in year_periods(year) if period.ended(today)]
    return sorted(periods, key=lambda period: (period.dates[1], len(period.tertials)), reverse=True)


def default_period(today: datetime.date, latest: datetime.date | None) -> BoardPeriod:
    """The latest ended calendar year, no later than the latest year with data."""
    year = min((latest or today).year, today.year)
    return BoardPeriod(year) if BoardPeriod(year).ended(today) else BoardPeriod(year - 1)


def ended_years(today: datetime.date, first_year: int, last_year: int) -> list[int]:
    """The calendar years the board may ask for (year pages), latest first."""
    return [year for year in range(min(last_year, today.year), first_year - 1, -1)
            if BoardPeriod(year).ended(today)]


def board_form(params, today: datetime.date, span) -> BoardPeriodForm:
    """The board's period form from the request's GET and the registry's (first, last) start date."""
    first, last = span
    last_year = (last or today).year
    periods = board_periods(today, (first or today).year, last_year)
    return BoardPeriodForm(params, periods=periods, default=default_period(today, last))


def board_year(value, today: datetime.date, span) -> int:
    """The calendar year the board asked for, if it has ended and has data; else the latest such."""
    first, last = span
    years = ended_years(today, (first or today).year, (last or today).year) or [today.year - 1]
    try:
        year = int(value)
    except (TypeError, ValueError):
        return years[0]
    return year if year in years else years[0]


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
