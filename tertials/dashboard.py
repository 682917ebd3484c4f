"""The two overviews: interventions × tertials for kansli (and the insatsansvarig's own row),
and the year view for the board. A fixed number of queries whatever the number of rows."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Min
from django.urls import reverse

from interventions.models import Intervention
from stats.tables import share

from .models import EDITABLE_STATES, Status, TertialReport
from .periods import TERTIAL_LABELS, tertial_deadline, tertial_period


def year_choices(today: datetime.date) -> list[int]:
    first = Intervention.objects.aggregate(first=Min("startdatum"))["first"]
    first_year = first.year if first else today.year
    return list(range(today.year, min(first_year, today.year) - 1, -1))


def parse_year(value, today: datetime.date) -> tuple[int, str | None]:
    """The year asked for, or this year with a message naming the bad value."""
    if value in (None, ""):
        return today.year, None
    try:
        year = int(value)
    except (TypeError, ValueError):
        return today.year, f"Ogiltigt år: {value!r}. Visar {today.year}."
    if not 2000 <= year <= 2100:
        return today.year, f"Året måste ligga mellan 2000 och 2100. Visar {today.year}."
    return year, None


@dataclass
class StatusCell:
    tertial: int
    label: str
    state: str  # a Status value, "NONE" (not started) or "" (intervention not running)
    state_label: str
    overdue: bool
    url: str
    deadline: datetime.date

    @property
    def css(self) -> str:
        classes = ["cell", f"state-{self.state.lower() or 'off'}"]
        if self.overdue:
            classes.append("overdue")
        return " ".join(classes)


def grid(interventions, year: int, today: datetime.date) -> list[dict]:
    """One row per intervention running in `year`, one cell per tertial. Two queries."""
    interventions = list(interventions.running_in(year).order_by("name"))
    states = dict(
        ((row["intervention_id"], row["tertial"]), row["status"])
        for row in TertialReport.objects.filter(year=year, intervention__in=[i.pk for i in interventions]).values(
            "intervention_id", "tertial", "status"
        )
    )
    rows = []
    for intervention in interventions:
        cells = []
        for tertial in (1, 2, 3):
            start, end = tertial_period(year, tertial)
            deadline = tertial_deadline(year, tertial)
            running = intervention.runs_during(start, end)
            state = states.get((intervention.pk, tertial), "NONE") if running else ""
            waiting = state == "NONE" or state in EDITABLE_STATES
            cells.append(
                StatusCell(
                    tertial=tertial,
                    label=TERTIAL_LABELS[tertial],
                    state=state,
                    state_label=Status(state).label if state in Status.values else ("Ej påbörjad" if running else "–"),
                    overdue=running and waiting and today > deadline,
                    url=reverse("tertials:report", args=[intervention.code, year, tertial]) if running else "",
                    deadline=deadline,
                )
            )
        rows.append({"intervention": intervention, "cells": cells})
    return rows


def state_counts(rows: list[dict]) -> dict[str, int]:
    counts = {"NONE": 0, **{state: 0 for state in Status.values}, "overdue": 0}
    for row in rows:
        for cell in row["cells"]:
            if cell.state:
                counts[cell.state] += 1
            counts["overdue"] += cell.overdue
    return counts


def todo_counts(interventions, today: datetime.date) -> dict[str, int]:
    """For the insatsansvarig's start page: reports sent back to them, and reports past their
    deadline and not yet submitted (this year's and last year's, whose third tertial is due in January)."""
    returned = TertialReport.objects.filter(intervention__in=interventions, status=Status.ATERSKICKAD).count()
    overdue = sum(
        cell.overdue for year in (today.year - 1, today.year) for row in grid(interventions, year, today)
        for cell in row["cells"]
    )
    return {"returned": returned, "overdue": overdue}


def year_overview(year: int, today: datetime.date, *, suppress_below: int | None) -> dict:
    """Each running intervention's figures for the year (to date) and goal fulfilment.

    Counts come from the reports service; for the board from the year's published summary
    (stats.publication: the same counts and marks as its SUS page); årsplatser and goals are
    the intervention's own; the goal-fulfilment text is the latest approved (else submitted)
    report's."""
    from reports.presentation import count_cell
    from reports.summary import sus_summary
    from stats.publication import for_board
    from stats.publication import summary as published

    interventions = list(Intervention.objects.running_in(year).order_by("code"))
    date_from = datetime.date(year, 1, 1)
    date_to = min(datetime.date(year, 12, 31), max(today, date_from))
    rows: list[dict] = []
    summary = None
    if interventions and suppress_below:
        summary = published(for_board(year, today))
    elif interventions:
        summary = sus_summary(date_from, date_to, [i.code for i in interventions])
    texts: dict[int, TertialReport] = {}
    reports = (
        TertialReport.objects.filter(year=year, intervention__in=interventions, status__in=[Status.GODKAND,
                                                                                           Status.INSKICKAD])
        .only("intervention_id", "tertial", "status", "goal_fulfilment")
        .order_by("tertial")
    )
    for report in reports:
        kept = texts.get(report.intervention_id)
        # The latest tertial wins; within a tertial the approved text wins.
        if kept is None or report.tertial > kept.tertial or report.status == Status.GODKAND:
            texts[report.intervention_id] = report
    by_code = {i.code: i for i in interventions}
    for index, entry in enumerate((summary or {}).get("per_intervention", [])):
        intervention = by_code.get(entry["code"])
        if intervention is None:
            continue
        active = entry["active"]["total"]
        work_share = entry.get("share_work_or_studies")
        goal = entry.get("goal_share")
        # The counts as shown: a hidden one with its mark (<5 small, × protecting another).
        paths = {"active": ("active", "total"), "K": ("active", "K"), "M": ("active", "M"), "started": ("started",),
                 "ended": ("ended",), "work_or_studies": ("work_or_studies",)}
        rows.append(
            {
                "intervention": intervention,
                "figures": entry,
                "counts": {name: count_cell(summary, ("per_intervention", index, *path), suppress_below)
                           for name, path in paths.items()},
                "arsplatser": intervention.arsplatser,
                "active_share_of_arsplatser": share(active, intervention.arsplatser),
                "goal_met": None if work_share is None or goal is None else work_share >= goal,
                "text_report": texts.get(intervention.pk),
            }
        )
    rows.sort(key=lambda row: row["intervention"].name)
    return {"period": (date_from, date_to), "rows": rows, "summary": summary}
