"""The summary through disclosure control (reports.md: counts 1..N−1 become null).

Hiding the small counts alone is not enough: a total minus the visible cells of its row
gives the hidden one back, and so would a share or a percentage. This module declares what
the summary publishes to `stats.disclosure`, the one place that decides what is hidden:

- every count, under its path in the summary (`("age", "rows", 0, "K")`);
- the additive *lines*: each row of a table with its row total, each column with its
  column total, the totals row with the grand total, the per-intervention columns with the
  population totals, outcome.work = ARBETE + ARBETE_SUBV, and so on;
- the *links*: a quantity that appears in several tables (the active total by kön in
  counts, age and education; the ended total in every ended table; a row total of
  occupation_after and the column total of the occupation matrices; …), hidden everywhere
  at once so that another table cannot give it back.

`suppress` then sets every hidden count to None and every share whose numerator or
denominator is hidden; renderers show column percentages only for visible counts over a
visible total, and mark each None `<N` (small) or `×` (hidden to protect another count).
"""

from __future__ import annotations

import copy
import datetime

from participants.codes import Sysselsattning
from stats.disclosure import Figures, Protection, Release, Released, protect

from .definitions import BY_KON_TABLES, KONS, MATRIX_TABLES

KT = ("K", "M", "total")


def _get(data, path):
    for part in path:
        data = data[part]
    return data


def _set(data, path, value):
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


class _Plan:
    """Figures read from the summary by path: counts registered as the lines and links name them."""

    def __init__(self, data):
        self.data = data
        self.figures = Figures()

    def add(self, path):
        if path not in self.figures.values:
            self.figures.count(path, _get(self.data, path), order=repr(path))

    def line(self, inner, total):
        inner = [tuple(path) for path in inner]
        for path in [*inner, tuple(total)]:
            self.add(path)
        self.figures.line(inner, tuple(total))

    def link(self, *paths):
        paths = [tuple(path) for path in paths]
        for path in paths:
            self.add(path)
        self.figures.link(*paths)


def _kon_lines(plan: _Plan, key: str, codes_count: int):
    for index in range(codes_count):
        plan.line([(key, "rows", index, kon) for kon in KONS], (key, "rows", index, "total"))
    for column in KT:
        plan.line([(key, "rows", index, column) for index in range(codes_count)], (key, "total", column))
    plan.line([(key, "total", kon) for kon in KONS], (key, "total", "total"))


def _matrix_lines(plan: _Plan, key: str, matrix: dict):
    rows, cols = matrix["rows"], matrix["cols"]
    for row in rows:
        plan.line([(key, "cells", row, col) for col in cols], (key, "row_totals", row))
    for col in cols:
        plan.line([(key, "cells", row, col) for row in rows], (key, "col_totals", col))
    plan.line([(key, "row_totals", row) for row in rows], (key, "total",))
    plan.line([(key, "col_totals", col) for col in cols], (key, "total",))


def _row_index(data, key, code):
    return next(index for index, row in enumerate(data[key]["rows"]) if row["code"] == code)


def summary_figures(data: dict) -> Figures:
    """Every count of the summary `data` with the lines that add up and the links between tables."""
    plan = _Plan(data)
    counts = ("counts",)
    plan.line([(*counts, "individual", kon) for kon in KONS], (*counts, "individual", "total"))
    plan.line([(*counts, "anonymous", kon) for kon in KONS], (*counts, "anonymous", "total"))
    plan.line(
        [(*counts, part, "total") for part in ("individual", "anonymous", "volume")], (*counts, "all")
    )
    for part in KT:
        plan.add((*counts, "volume", part))
    plan.add((*counts, "persons"))

    for table in BY_KON_TABLES:
        _kon_lines(plan, table.key, len(data[table.key]["rows"]))
    for table in MATRIX_TABLES:
        _matrix_lines(plan, table.key, data[table.key])

    # The same population totals in several tables.
    for column in KT:
        plan.link((*counts, "individual", column), ("age", "total", column), ("education", "total", column))
        plan.link(("time_in_support", "total", column), ("support_before", "total", column))
        ended = [(table.key, "total", column) for table in BY_KON_TABLES if table.population == "ended"]
        plan.link(*ended, ("outcome", "ended", column))
    plan.link(
        ("end_reason", "total", "total"), *[(table.key, "total") for table in MATRIX_TABLES]
    )
    # Row totals of one table that are column/row totals of a matrix.
    for index, row in enumerate(data["occupation_after"]["rows"]):
        plan.link(
            ("occupation_after", "rows", index, "total"),
            *[(key, "col_totals", row["code"]) for key in
              ("occupation_by_support_before", "occupation_by_time_in_support", "occupation_by_education")],
        )
    for index, row in enumerate(data["support_after"]["rows"]):
        plan.link(("support_after", "rows", index, "total"), ("support_flow", "col_totals", row["code"]))
    for code in data["support_flow"]["rows"]:
        plan.link(("support_flow", "row_totals", code), ("occupation_by_support_before", "row_totals", code))

    # Outcome: work = ARBETE + ARBETE_SUBV, studies = STUDIER, work_or_studies = work + studies.
    arbete = _row_index(data, "occupation_after", Sysselsattning.ARBETE)
    subv = _row_index(data, "occupation_after", Sysselsattning.ARBETE_SUBV)
    studier = _row_index(data, "occupation_after", Sysselsattning.STUDIER)
    for column in KT:
        plan.line(
            [("occupation_after", "rows", arbete, column), ("occupation_after", "rows", subv, column)],
            ("outcome", "work", column),
        )
        plan.link(("outcome", "studies", column), ("occupation_after", "rows", studier, column))
        plan.line([("outcome", "work", column), ("outcome", "studies", column)],
                  ("outcome", "work_or_studies", column))
    for name in ("ended", "work", "studies", "work_or_studies"):
        plan.line([("outcome", name, kon) for kon in KONS], ("outcome", name, "total"))

    # Per intervention: the columns add up to the population totals.
    items = data["per_intervention"]
    for index in range(len(items)):
        plan.line([("per_intervention", index, "active", kon) for kon in KONS],
                  ("per_intervention", index, "active", "total"))
        plan.add(("per_intervention", index, "work_or_studies"))
    if items:
        for column in KT:
            plan.line([("per_intervention", index, "active", column) for index in range(len(items))],
                      (*counts, "individual", column))
        plan.line([("per_intervention", index, "started") for index in range(len(items))],
                  ("time_in_support", "total", "total"))
        plan.line([("per_intervention", index, "ended") for index in range(len(items))],
                  ("outcome", "ended", "total"))
        plan.line([("per_intervention", index, "work_or_studies") for index in range(len(items))],
                  ("outcome", "work_or_studies", "total"))
    # What the board reads first (the start page's tiles): hidden only when nothing else helps.
    plan.figures.prefer_shown(
        (*counts, "individual", "total"), (*counts, "persons"), ("time_in_support", "total", "total"),
        ("outcome", "ended", "total"), ("outcome", "work_or_studies", "total"))
    return plan.figures


# Tables whose counts add up over periods (started or ended in the period; not "active", which
# counts a person active in T1 and T2 in both): Y = T1 + T2 + T3 and T1T2 = T1 + T2, cell by cell.
ADDITIVE = {table.key for table in BY_KON_TABLES + MATRIX_TABLES if table.population != "active"} | {"outcome"}
PER_INTERVENTION_ADDITIVE = ("started", "ended", "work_or_studies")


def _additive(path) -> bool:
    return path[0] in ADDITIVE or (path[0] == "per_intervention" and path[2] in PER_INTERVENTION_ADDITIVE)


def family_figures(members: dict[str, dict]) -> Figures:
    """The summaries of the periods of one family (stats.releases: `2015`, `2015-T1`, …) as one
    set of figures: each under its period key, plus the lines that make one period the sum of
    others, so that no hidden count of one is the difference of shown counts of the others."""
    combined = Figures()
    paths = None
    for key, data in members.items():
        figures = summary_figures(data)
        paths = paths or [path for path in figures.values if _additive(path)]
        for path, value in figures.values.items():
            combined.count((key, *path), value, order=(key, figures.order[path]))
        for inner, total in figures.lines:
            combined.line([(key, *path) for path in inner], None if total is None else (key, *total))
        for group in set(figures.links.values()):
            combined.link(*[(key, *path) for path in group])
    for whole, parts in _period_sums(list(members)):
        for path in paths or ():
            combined.line([(part, *path) for part in parts], (whole, *path))
    return combined


def _period_sums(keys: list[str]) -> list[tuple[str, list[str]]]:
    sums = []
    for key in keys:
        year = key.split("-")[0]
        for whole, parts in ((year, ["T1", "T2", "T3"]), (f"{year}-T1T2", ["T1", "T2"])):
            names = [f"{year}-{part}" for part in parts]
            if key == whole and all(name in keys for name in names):
                sums.append((whole, names))
    return sums


def suppress(data: dict, below: int, *, release: Release | None = None, family: dict | None = None,
             own: str | None = None) -> Released:
    """A copy of `data` with every count to hide replaced by None, and shares that would reveal one.
    `family`: the raw summaries of the other ended periods of its year (keys as `own`), protected
    together with it (the same hides whichever member is asked for)."""
    release = release or Release(below, _period(data), tuple(data["interventions"]))
    if family:
        together = protect(family_figures({**family, own: data}), release)
        mine = {path[1:] for path in together.small if path[0] == own}
        protection = Protection(release, mine, {path[1:] for path in together.protecting if path[0] == own},
                                {path[1:] for path in together.lifted if path[0] == own})
    else:
        protection = protect(summary_figures(data), release)
    return released(data, protection)


def released(data: dict, protection: Protection) -> Released:
    """A copy of the summary `data` as `protection` (keyed by path) lets it be published."""
    result = copy.deepcopy(data)
    for path in protection.small | protection.protecting:
        _set(result, path, None)
    outcome = result["outcome"]
    if outcome["work_or_studies"]["total"] is None or outcome["ended"]["total"] is None:
        outcome["share_work_or_studies"] = None
    for item in result["per_intervention"]:
        if item["work_or_studies"] is None or item["ended"] is None:
            item["share_work_or_studies"] = None
    return Released(result, protection)


def _period(data: dict) -> tuple[datetime.date, datetime.date]:
    return (datetime.date.fromisoformat(data["period"]["from"]), datetime.date.fromisoformat(data["period"]["to"]))
