"""The association beside Sverige: the work/studies share per year (national reference figures
entered by kansli), for the page and the PDF."""

from __future__ import annotations

import datetime

from .models import NationalReference
from .summary import work_share_by_year

TREND_YEARS = 6


def trend_rows(data: dict, suppress_below: int | None = None, interventions=None, *,
               shares: dict[int, float | None] | None = None) -> list[dict]:
    """Rows {year, local, national} for the six years up to the period's last; leading years
    with neither figure are left out. Two queries; one with `shares` (the local shares as
    published for the board, stats.publication.trend_shares)."""
    if shares is None and interventions is None:
        from interventions.models import Intervention

        interventions = list(Intervention.objects.filter(code__in=data["interventions"]))
    last = datetime.date.fromisoformat(data["period"]["to"]).year
    years = list(range(last - TREND_YEARS + 1, last + 1))
    if shares is None:
        local = work_share_by_year(years, interventions, suppress_below=suppress_below)
    else:
        local = {year: shares.get(year) for year in years}
    national = NationalReference.objects.for_years(years)
    rows = [
        {"year": year, "local": local[year],
         "national": _float(national[year].share_work_or_studies) if year in national else None}
        for year in years
    ]
    while len(rows) > 1 and rows[0]["local"] is None and rows[0]["national"] is None:
        rows.pop(0)
    return rows


def _float(value) -> float | None:
    return None if value is None else float(value)
