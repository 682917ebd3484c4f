"""The board's start page: key figures for the year so far, charts, and where the tertial
reports stand.

Disclosure: for the board every count comes from the published SUS summary of its latest
year (stats.publication) — the very figures of the board's SUS page and its trend — so a
count hidden there is hidden here. Sums and
shares are worked out here only from counts that are shown; where one input is hidden the
derived figure is not shown either ('–'). Tertial report states are counts of reports, not of
people, and are shown as they are.

A fixed number of queries whatever the number of interventions or spells (the summary's 4–5
or the publication's 1, the trend's 2 or 1, the tertial grid's 2 and the interventions once).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from interventions.models import Intervention
from stats.disclosure import BOARD_NOTE
from stats.publication import for_board, summary, trend_shares
from stats.releases import BoardPeriod
from stats.tables import Cell, format_count, format_percent, share
from tertials.dashboard import grid
from tertials.models import EDITABLE_STATES, Status
from tertials.periods import TERTIAL_LABELS, tertial_deadline, tertial_period

from . import charts
from .national import trend_rows
from .presentation import count_cell, overview, per_intervention_rows
from .summary import sus_summary


@dataclass
class Tile:
    """One key figure: a label, the figure as text, and lines that put it in context."""

    key: str
    label: str
    value: str
    details: list[str] = field(default_factory=list)
    tone: str = ""  # "ok" | "warn" | "" : a word in the text says the same (not colour alone)


def shown(cell: Cell) -> str:
    return cell.mark if cell.mark is not None else format_count(cell.value)


def visible(cell: Cell) -> int | None:
    """The count when it is shown, else None (nothing may be worked out from a hidden count)."""
    return None if cell.mark is not None or cell.value is None else int(cell.value)


def year_so_far(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The fixed period of the page: 1 January to today."""
    return datetime.date(today.year, 1, 1), today


def _places(rows: list[dict], interventions: dict[str, Intervention]) -> list[dict]:
    """Interventions with årsplatser: active this year beside their places (share only when shown)."""
    items = []
    for row in rows:
        intervention = interventions[row["item"]["code"]]
        if not intervention.arsplatser:
            continue
        active = visible(row["active"])
        items.append({"code": intervention.code, "name": intervention.name, "active": row["active"],
                      "places": intervention.arsplatser, "share": share(active, intervention.arsplatser, 0)})
    return items


def _places_tile(individual: Cell, persons: Cell, places: list[dict], year: int) -> Tile:
    tile = Tile("participants", f"Deltagare {year}", shown(individual),
                [f"deltaganden, {shown(persons)} olika personer"])
    if places:
        total = sum(item["places"] for item in places)
        active = [visible(item["active"]) for item in places]
        if None in active:
            tile.details.append(f"{format_count(total)} årsplatser; andelen kan inte visas (dolda antal)")
        else:
            fill = share(sum(active), total, 0)
            tile.details.append(f"{format_count(sum(active))} av {format_count(total)} årsplatser "
                                f"({fill:.0f}\u00a0%) i de {len(places)} insatser som har årsplatser")
            tile.tone = "ok" if fill >= 100 else "warn"
    else:
        tile.details.append("Inga årsplatser inlagda")
    return tile


def _share_tile(data: dict, ended: Cell, rows: list[dict], national: dict | None, year: int) -> Tile:
    value = data["outcome"]["share_work_or_studies"]
    tile = Tile("work_studies", f"Till arbete eller studier {year}", format_percent(value),
                [f"av {shown(ended)} avslutade deltaganden"])
    if national:
        tile.details.append(f"Sverige {national['year']}: {format_percent(national['national'])}")
        if value is not None and national["year"] == year:
            tile.tone = "ok" if value >= national["national"] else "warn"
    with_goal = [row["item"] for row in rows if row["item"]["goal_share"] is not None]
    judged = [item for item in with_goal if item["share_work_or_studies"] is not None]
    met = sum(item["share_work_or_studies"] >= item["goal_share"] for item in judged)
    if with_goal:
        line = f"{met} av {len(judged)} insatser når sitt mål"
        if len(judged) < len(with_goal):
            line += f" ({len(with_goal) - len(judged)} kan inte bedömas)"
        tile.details.append(line)
    return tile


def _trend_tile(trend: list[dict]) -> Tile:
    known = [row for row in trend if row["local"] is not None]
    if len(known) < 2:
        return Tile("trend", "Utveckling", "–", ["För få år med avslutade att jämföra"])
    first, last = known[0], known[-1]
    change = last["local"] - first["local"]
    word = "upp" if change > 0 else "ned" if change < 0 else "oförändrat"
    value = f"{'+' if change > 0 else '−' if change < 0 else '±'}{abs(change):.1f}".replace(".", ",")
    return Tile("trend", f"Utveckling {first['year']}–{last['year']}", f"{value} p.e.",
                [f"Andel till arbete eller studier {word}: {format_percent(first['local'])} → "
                 f"{format_percent(last['local'])}"], tone="ok" if change >= 0 else "warn")


def focus_tertial(today: datetime.date) -> int:
    """The latest tertial of this year that has ended (its reports are due), else the first."""
    ended = [t for t in TERTIAL_LABELS if tertial_period(today.year, t)[1] < today]
    return ended[-1] if ended else 1


def _tertial_tile(rows: list[dict], tertial: int, year: int) -> Tile:
    cells = [row["cells"][tertial - 1] for row in rows if row["cells"][tertial - 1].state]
    label = TERTIAL_LABELS[tertial].split()[0]
    if not cells:
        return Tile("tertials", f"Tertialrapporter {label} {year}", "–", ["Ingen insats pågick under tertialen"])
    counts = {state: sum(cell.state == state for cell in cells) for state in [*Status.values, "NONE"]}
    overdue = sum(cell.overdue for cell in cells)
    deadline = f"senast {tertial_deadline(year, tertial):%Y-%m-%d}"
    tile = Tile("tertials", f"Tertialrapporter {label} {year}",
                f"{counts[Status.GODKAND]} av {len(cells)}", ["godkända"])
    if counts[Status.INSKICKAD]:
        tile.details.append(f"{counts[Status.INSKICKAD]} inskickade, väntar på kansliet")
    returned = counts[Status.ATERSKICKAD]
    if returned:
        tile.details.append(f"{returned} återskickade")
    missing = counts["NONE"] + counts[Status.UTKAST]
    if missing:
        tile.details.append(f"{missing} inte inskickade" + ("" if overdue else f" ({deadline})"))
    if overdue:
        tile.details.append(f"{overdue} försenade ({deadline})")
    tile.tone = "warn" if overdue or returned else "ok"
    return tile


def _status_rows(rows: list[dict]) -> list[dict]:
    """The tertial grid for the board: states only (the board does not open reports)."""
    out = []
    for row in rows:
        out.append({"name": row["intervention"].name, "cells": [
            {"label": cell.state_label if cell.state else "Pågick inte", "state": (cell.state or "off").lower(),
             "overdue": cell.overdue, "editable": cell.state in EDITABLE_STATES or cell.state == "NONE"}
            for cell in row["cells"]]})
    return out


def board_overview(today: datetime.date, below: int | None, release: BoardPeriod | None = None) -> dict:
    """Everything the board's start page shows: the figures of `release` (for the board its
    latest ended year: a running year's figures change with every registration, and two days'
    pages would differ by one person) or else of the year so far; the tertial reports of today."""
    period = release.dates if release else year_so_far(today)
    year = period[0].year
    interventions = list(Intervention.objects.order_by("code").only(
        "id", "code", "name", "mal_andel_arbete_studier", "arsplatser", "startdatum", "slutdatum"))
    by_code = {item.code: item for item in interventions}
    if below and release:  # the year as published for the board (stats.publication), never live
        publication = for_board(release.year, today)
        data = summary(publication)
        trend = trend_rows(data, below, shares=trend_shares(publication))
    else:
        data = sus_summary(*period, interventions, suppress_below=below)
        trend = trend_rows(data, below, interventions)
    running = {item.code for item in interventions if item.runs_during(*period)}
    # Interventions that ran this year, or still have participants counted in it.
    rows = [row for row in per_intervention_rows(data, below)
            if row["item"]["code"] in running or row["active"].mark is not None or row["active"].value]
    headline = overview(data, below)
    places = _places(rows, by_code)
    national = next((row for row in reversed(trend) if row["national"] is not None), None)
    tertial = focus_tertial(today)
    status = grid(Intervention.objects.all(), today.year, today)
    goal_items = [row["item"] for row in rows]
    started = count_cell(data, ("time_in_support", "total", "total"), below)
    ended = count_cell(data, ("outcome", "ended", "total"), below)
    return {
        "year": year,
        "period": period,
        "board_note": BOARD_NOTE if below else "",
        "tertial_year": today.year,
        "data": data,
        "below": below,
        "tiles": [
            _places_tile(headline["individual"], headline["persons"], places, year),
            Tile("flow", f"Påbörjade och avslutade {year}", f"{shown(started)} / {shown(ended)}",
                 ["påbörjade / avslutade deltaganden"]),
            _share_tile(data, ended, rows, national, year),
            _trend_tile(trend),
            _tertial_tile(status, tertial, today.year),
        ],
        "rows": rows,
        "places": places,
        "places_chart": charts.places_bars(places),
        "goal_chart": charts.goal_bars(goal_items),
        "trend": trend,
        "trend_chart": charts.trend_bars(trend),
        "tertial": tertial,
        "tertial_labels": TERTIAL_LABELS,
        "status": _status_rows(status),
    }
