"""The summary as one tidy CSV table (reports.md): one line per figure,
`table,row,row_label,column,value`, which any tool reads with its default options.

`column` is `K`, `M`, `total` or a matrix column code (per intervention: what the figure
is). A count hidden by disclosure control is written as its mark (`<5`, `×`), a share
without a value as an empty cell. The readable layout, one sheet per table, is the XLSX.
"""

from __future__ import annotations

from stats.disclosure import BOARD_NOTE
from stats.writers import csv_text

from .definitions import BY_KON_TABLES, LABELS, MATRIX_TABLES
from .presentation import KON_COLUMNS, count_cell, counts_rows, outcome_rows

HEADER = ("table", "row", "row_label", "column", "value")
COUNT_ROWS = ("individual", "anonymous", "volume")
OUTCOME_ROWS = ("ended", "work", "studies", "work_or_studies")
PER_INTERVENTION = ("started", "ended", "work_or_studies")


def _value(data: dict, path: tuple, below) -> object:
    cell = count_cell(data, path, below)
    return cell.mark if cell.mark is not None else cell.value


def _share(value) -> str:
    return "" if value is None else f"{value:.1f}"


def tidy_rows(data: dict, below: int | None = None):
    """Every figure of the summary as (table, row, row_label, column, value), in report order."""
    for code, (label, _cells) in zip(COUNT_ROWS, counts_rows(data, below), strict=True):
        for column, _name in KON_COLUMNS:
            yield "counts", code, label, column, _value(data, ("counts", code, column), below)
    yield "counts", "persons", "Olika personer", "total", _value(data, ("counts", "persons"), below)
    yield "counts", "all", "Samtliga deltagare", "total", _value(data, ("counts", "all"), below)
    for spec in BY_KON_TABLES:
        block = data[spec.key]
        for index, row in enumerate(block["rows"]):
            for column, _name in KON_COLUMNS:
                value = _value(data, (spec.key, "rows", index, column), below)
                yield spec.key, row["code"], row["label"], column, value
        for column, _name in KON_COLUMNS:
            yield spec.key, "total", "Totalt", column, _value(data, (spec.key, "total", column), below)
    for spec in MATRIX_TABLES:
        block, labels = data[spec.key], LABELS[spec.key + ":rows"]
        for row in block["rows"]:
            for col in block["cols"]:
                yield spec.key, row, str(labels[row]), col, _value(data, (spec.key, "cells", row, col), below)
            yield spec.key, row, str(labels[row]), "total", _value(data, (spec.key, "row_totals", row), below)
        for col in block["cols"]:
            yield spec.key, "total", "Totalt", col, _value(data, (spec.key, "col_totals", col), below)
        yield spec.key, "total", "Totalt", "total", _value(data, (spec.key, "total"), below)
    for code, (label, _cells) in zip(OUTCOME_ROWS, outcome_rows(data, below), strict=True):
        for column, _name in KON_COLUMNS:
            yield "outcome", code, label, column, _value(data, ("outcome", code, column), below)
    yield ("outcome", "share_work_or_studies", "Andel till arbete eller studier %", "total",
           _share(data["outcome"]["share_work_or_studies"]))
    for index, item in enumerate(data["per_intervention"]):
        path = ("per_intervention", index)
        for column, _name in KON_COLUMNS:
            yield "per_intervention", item["code"], item["name"], f"active_{column}", \
                _value(data, (*path, "active", column), below)
        for key in PER_INTERVENTION:
            yield "per_intervention", item["code"], item["name"], key, _value(data, (*path, key), below)
        yield "per_intervention", item["code"], item["name"], "share_work_or_studies", \
            _share(item["share_work_or_studies"])
        goal = item["goal_share"]
        yield "per_intervention", item["code"], item["name"], "goal_share", "" if goal is None else goal


def render_csv(data: dict, *, suppress_below: int | None = None, **_options) -> str:
    # The board's file says, in a row of the same five columns, that its figures are protected.
    note = [("note", "protection", BOARD_NOTE, "", "")] if suppress_below else []
    return csv_text([HEADER, *note, *tidy_rows(data, suppress_below)])
