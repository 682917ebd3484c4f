"""The figures of a tertial report, filled in from the registry.

For the tertial and for the year to date (1 January → the tertial's end): the intervention's
SUS summary from the reports service (never re-computed here), plus what the tertial report
adds: active / started / ended by kön in one conditional aggregate, and the figures against
the intervention's årsplatser and goal.
"""

from __future__ import annotations

import datetime
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, Q

from finsam.spans import overlap
from participants.codes import Kon
from participants.models import Participation
from stats.tables import share

from .periods import tertial_period


def _sus_summary(date_from: datetime.date, date_to: datetime.date, codes: list[str]) -> dict:
    from reports.summary import sus_summary

    summary = sus_summary(date_from, date_to, codes)
    # Stored as JSON: make it exactly what a snapshot will hold.
    return json.loads(json.dumps(summary, cls=DjangoJSONEncoder))


def by_kon(intervention, date_from: datetime.date, date_to: datetime.date) -> dict:
    """Active, started and ended participations by kön: one query (conditional aggregation)."""
    active = overlap(date_from, date_to)
    started = Q(startdatum__gte=date_from, startdatum__lte=date_to)
    ended = Q(slutdatum__gte=date_from, slutdatum__lte=date_to)
    populations = {"active": active, "started": started, "ended": ended}
    aggregates = {
        f"{name}_{kon}": Count("pk", filter=condition & Q(participant__kon=kon))
        for name, condition in populations.items()
        for kon in Kon.values
    }
    row = Participation.objects.countable().filter(intervention=intervention).aggregate(**aggregates)
    result = {}
    for name in populations:
        counts = {kon: row[f"{name}_{kon}"] for kon in Kon.values}
        counts["total"] = sum(counts.values())
        result[name] = counts
    return result


def period_figures(intervention, date_from: datetime.date, date_to: datetime.date) -> dict:
    sus = _sus_summary(date_from, date_to, [intervention.code])
    counts = by_kon(intervention, date_from, date_to)
    outcome = sus["outcome"]
    work_share = outcome.get("share_work_or_studies")
    goal = intervention.mal_andel_arbete_studier
    return {
        "period": {"from": date_from.isoformat(), "to": date_to.isoformat()},
        "by_kon": counts,
        "outcome": outcome,
        "arsplatser": intervention.arsplatser,
        "active_share_of_arsplatser": share(counts["active"]["total"], intervention.arsplatser),
        "goal_share": goal,
        "share_work_or_studies": work_share,
        "goal_met": None if work_share is None or goal is None else work_share >= goal,
        "sus": sus,
    }


def report_figures(intervention, year: int, tertial: int) -> dict:
    """The live figures of a report: the tertial and the year to date."""
    start, end = tertial_period(year, tertial)
    in_tertial = period_figures(intervention, start, end)
    # For T1 the year to date is the tertial itself.
    year_to_date = in_tertial if tertial == 1 else period_figures(intervention, datetime.date(year, 1, 1), end)
    return {
        "intervention": {"code": intervention.code, "name": intervention.name},
        "tertial": in_tertial,
        "year_to_date": year_to_date,
    }
