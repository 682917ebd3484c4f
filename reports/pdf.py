"""The summary as a printable PDF through stats.pdf (templates/reports/sus_pdf.html): a title
page with the key figures, the trend and each intervention against its goal, then each table
with counts, column percentages and the page's own SVG chart; the flow matrices as heat tables
on landscape pages, their column heads abbreviated so that no head breaks inside a word."""

from __future__ import annotations

from stats.disclosure import PROTECTED_NOTE
from stats.pdf import render_template
from stats.tables import Cell

from . import charts
from .national import trend_rows
from .presentation import (
    KON_COLUMNS,
    TITLE,
    counts_lines,
    display_tables,
    outcome_rows,
    per_intervention_rows,
    period_label,
    volume_note,
)


def render_pdf(data: dict, *, suppress_below: int | None = None, trend: list[dict] | None = None,
               interventions_label: str | None = None) -> bytes:
    """`trend`: rows {year, local, national} (shares in %) for the trend chart; computed when not given."""
    if trend is None:
        trend = trend_rows(data, suppress_below)
    below = suppress_below
    tables = display_tables(data, below)
    for table in tables:
        if table.kind != "matrix":
            table.extra["chart"] = charts.kon_bars(table)
    lines = counts_lines(data, below)
    context = {
        "data": data,
        "below": below,
        "protected_note": PROTECTED_NOTE if getattr(data, "protecting", None) else "",
        "names": interventions_label or ", ".join(item["name"] for item in data["per_intervention"]) or "inga",
        "counts_head": lines[0],
        "counts": [(line[0], [c if isinstance(c, Cell) else None for c in line[1:]]) for line in lines[1:]],
        "volume_note": volume_note(data),
        "outcome": outcome_rows(data, below),
        "kon_columns": KON_COLUMNS,
        "trend": trend,
        "trend_chart": charts.trend_bars(trend) if trend else "",
        "per_intervention": per_intervention_rows(data, below),
        "goal_chart": charts.goal_bars(data["per_intervention"]),
        "by_kon": [table for table in tables if table.kind != "matrix"],
        "matrices": [table for table in tables if table.kind == "matrix"],
    }
    context["pdf_subject"] = f"Period {period_label(data)}"
    return render_template("reports/sus_pdf.html", context, title=TITLE)
