"""The summary as text, JSON, CSV and XLSX (the PDF is in reports.pdf), written through the
stats writers.

CSV: one tidy table, one line per figure (reports.tidy). XLSX: one sheet per table with
counts, column percentages and native charts (reports.workbook). A hidden count is written
as its mark: `<N` (small) or `×` (hidden to protect another count).
"""

from __future__ import annotations

import json

from stats.tables import Table

from .pdf import render_pdf
from .presentation import TITLE, display_tables, export_text, legend, overview_lines, percent_text, period_label
from .tidy import render_csv
from .workbook import render_xlsx

FORMATS = ("text", "json", "csv", "xlsx", "pdf")
BINARY_FORMATS = ("xlsx", "pdf")


def filename(data: dict, fmt: str) -> str:
    return f"sus-{data['period']['from']}-{data['period']['to']}.{fmt}"


def render_json(data: dict, **_options) -> str:
    """The contract, deterministic: same data, same bytes."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _table_lines(table: Table) -> list[list[str]]:
    """Header plus rows: label, counts…, percentages…"""
    labels = table.columns[1:]
    first = table.rows_title + (f" \\ {table.cols_title}" if table.kind == "matrix" else "")
    lines = [[first, *labels, *[f"{label} %" for label in labels]]]
    for row in table.grid:
        lines.append([row[0].value, *[export_text(cell) for cell in row[1:]],
                      *[percent_text(cell.percent) for cell in row[1:]]])
    return lines


def sections(data: dict, below: int | None) -> list[tuple[str, list[list[str]]]]:
    """Every section (title, lines) in report order: overview, then each table."""
    result = overview_lines(data, below)
    for table in display_tables(data, below):
        result.append((f"{table.title} ({table.extra['population_label'].lower()})", _table_lines(table)))
    return result


def render_text(data: dict, *, suppress_below: int | None = None, **_options) -> str:
    out = [TITLE, f"Period: {period_label(data)}",
           f"Insatser: {', '.join(data['interventions']) or '(inga)'}"]
    if suppress_below:
        out.append(legend(data, suppress_below))
    for title, lines in sections(data, suppress_below):
        out += ["", title, "=" * len(title)]
        size = max(len(line) for line in lines)
        lines = [line + [""] * (size - len(line)) for line in lines]
        widths = [max(len(line[i]) for line in lines) for i in range(size)]
        for line in lines:
            cells = [line[0].ljust(widths[0])] + [cell.rjust(widths[i + 1]) for i, cell in enumerate(line[1:])]
            out.append("  ".join(cells).rstrip())
    return "\n".join(out) + "\n"


def render(data: dict, fmt: str, *, suppress_below: int | None = None, **options) -> str | bytes:
    if fmt == "json":
        return render_json(data)
    if fmt == "text":
        return render_text(data, suppress_below=suppress_below)
    if fmt == "csv":
        return render_csv(data, suppress_below=suppress_below)
    if fmt == "xlsx":
        return render_xlsx(data, suppress_below=suppress_below, **options)
    if fmt == "pdf":
        return render_pdf(data, suppress_below=suppress_below, **options)
    raise ValueError(f"Okänt format: {fmt}")
