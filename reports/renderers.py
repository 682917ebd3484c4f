"""The summary as text, JSON, CSV and XLSX (the PDF is in reports.pdf), written through the
stats writers.

CSV: all tables in one UTF-8 file (comma separated), each table a section that starts
with its title line and is separated from the next by one blank line. Each row has the
counts followed by the column percentages. A hidden count is written as its mark: `<N`
(small) or `×` (hidden to protect another count).
"""

from __future__ import annotations

import json

from stats.disclosure import BOARD_NOTE, PROTECTED_NOTE
from stats.tables import Cell, Table
from stats.writers import csv_text, put, sheet_name, workbook_bytes

from .pdf import render_pdf
from .presentation import (
    TITLE,
    counts_lines,
    display_tables,
    outcome_rows,
    per_intervention_rows,
    percent,
    period_label,
)

FORMATS = ("text", "json", "csv", "xlsx", "pdf")
BINARY_FORMATS = ("xlsx", "pdf")


def filename(data: dict, fmt: str) -> str:
    return f"sus-{data['period']['from']}-{data['period']['to']}.{fmt}"


def render_json(data: dict, **_options) -> str:
    """The contract, deterministic: same data, same bytes."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _count(cell: Cell) -> str:
    return cell.mark if cell.mark is not None else str(cell.value)


def _pct(value):
    return "" if value is None else f"{value:.1f}"


def legend(data: dict, below: int | None) -> str:
    """How hidden counts are shown ('' without suppression)."""
    if not below:
        return ""
    text = f"{BOARD_NOTE} Antal under {below} visas som <{below}."
    return f"{text} {PROTECTED_NOTE}" if getattr(data, "protecting", None) else text


def _table_lines(table: Table) -> list[list[str]]:
    """Header plus rows: label, counts…, percentages…"""
    labels = table.columns[1:]
    first = table.rows_title + (f" \\ {table.cols_title}" if table.kind == "matrix" else "")
    lines = [[first, *labels, *[f"{label} %" for label in labels]]]
    for row in table.grid:
        lines.append([row[0].value, *[_count(cell) for cell in row[1:]], *[_pct(cell.percent) for cell in row[1:]]])
    return lines


def _overview_lines(data: dict, below) -> list[tuple[str, list[list[str]]]]:
    sections = []
    lines = [[_count(value) if isinstance(value, Cell) else value for value in line]
             for line in counts_lines(data, below)]
    sections.append(("Antal deltagare", lines))
    lines = [["", "Kvinnor", "Män", "Totalt", "Andel av avslutade %"]]
    ended = data["outcome"]["ended"]["total"]
    for label, cells in outcome_rows(data, below):
        lines.append([label, *[_count(cell) for cell in cells], _pct(percent(cells[-1].value, ended))])
    lines.append(["Andel till arbete eller studier %", "", "", _pct(data["outcome"]["share_work_or_studies"])])
    sections.append(("Resultat efter avslutad insats", lines))
    lines = [["Kod", "Insats", "Aktiva kvinnor", "Aktiva män", "Aktiva totalt", "Påbörjade", "Avslutade",
              "Till arbete/studier", "Andel %", "Mål %"]]
    for row in per_intervention_rows(data, below):
        item = row["item"]
        lines.append([
            item["code"], item["name"], *[_count(cell) for cell in row["active_by_kon"]],
            _count(row["started"]), _count(row["ended"]), _count(row["work_or_studies"]),
            _pct(item["share_work_or_studies"]), "" if item["goal_share"] is None else str(item["goal_share"]),
        ])
    sections.append(("Per insats mot mål", lines))
    return sections


def sections(data: dict, below: int | None) -> list[tuple[str, list[list[str]]]]:
    """Every section (title, lines) in report order: overview, then each table."""
    result = _overview_lines(data, below)
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


def render_csv(data: dict, *, suppress_below: int | None = None, **_options) -> str:
    rows = [[TITLE], ["Period", data["period"]["from"], data["period"]["to"]], ["Insatser", *data["interventions"]]]
    if suppress_below:
        rows.append([legend(data, suppress_below)])
    for title, lines in sections(data, suppress_below):
        rows += [[], [title], *lines]
    return csv_text(rows)


SHEET_TITLES = {
    "age": "Ålder",
    "education": "Utbildning",
    "time_in_support": "Tid i offentlig försörjning",
    "support_before": "Försörjning före",
    "end_reason": "Avslutsanledning",
    "occupation_after": "Sysselsättning efter",
    "support_after": "Försörjning efter",
    "time_in_intervention": "Tid i insats",
    "support_flow": "Försörjningsflöden",
    "occupation_by_support_before": "Syss. efter – försörjning före",
    "occupation_by_time_in_support": "Syss. efter – tid i försörjning",
    "occupation_by_education": "Syss. efter – utbildning",
}


def render_xlsx(data: dict, *, suppress_below: int | None = None, **_options) -> bytes:
    """One sheet per table: counts, then column percentages (numbers, formatted 0.0 %)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    bold = Font(bold=True)
    head = {"font": bold, "fill": PatternFill("solid", fgColor="DDE4EE"),
            "alignment": Alignment(wrap_text=True, vertical="top")}
    workbook = Workbook()
    used: set[str] = set()

    def count_value(cell: Cell):
        return cell.mark if cell.mark is not None else cell.value

    def pct_value(value):
        return None if value is None else value / 100

    sheet = workbook.active
    sheet.title = sheet_name("Översikt", used)
    put(sheet, 1, [TITLE], font=Font(bold=True, size=14))
    put(sheet, 2, ["Period", data["period"]["from"], data["period"]["to"]])
    put(sheet, 3, ["Insatser", ", ".join(data["interventions"])])
    if suppress_below:
        put(sheet, 4, [legend(data, suppress_below)])
    row = 6
    for title, lines in _overview_lines(data, suppress_below):
        put(sheet, row, [title], font=bold)
        put(sheet, row + 1, lines[0], **head)
        for offset, line in enumerate(lines[1:], start=2):
            put(sheet, row + offset, [_number(value) for value in line])
        row += len(lines) + 2
    sheet.column_dimensions["A"].width = 42
    sheet.column_dimensions["B"].width = 34

    for table in display_tables(data, suppress_below):
        sheet = workbook.create_sheet(sheet_name(SHEET_TITLES.get(table.key, table.title), used))
        put(sheet, 1, [table.title], font=Font(bold=True, size=13))
        put(sheet, 2, [f"{table.extra['population_label']}, {period_label(data)}"])
        labels = table.columns[1:]
        first = table.rows_title + (f" \\ {table.cols_title}" if table.kind == "matrix" else "")
        put(sheet, 4, [first, *labels, *[f"{label} %" for label in labels]], **head)
        for index, cells in enumerate(table.grid, start=5):
            counts = cells[1:]
            put(sheet, index, [cells[0].value, *[count_value(cell) for cell in counts],
                               *[pct_value(cell.percent) for cell in counts]],
                font=bold if index - 5 >= len(table.rows) else None)
            for column in range(len(counts) + 2, 2 * len(counts) + 2):
                sheet.cell(row=index, column=column).number_format = "0.0%"
        sheet.column_dimensions["A"].width = 40
        sheet.freeze_panes = "B5"
    return workbook_bytes(workbook)


def _number(value: str):
    """Numbers as numbers in the overview sheet (text such as `<5` stays text)."""
    text = value.replace(" ", "")
    try:
        return int(text)
    except ValueError:
        try:
            return float(text)
        except ValueError:
            return value


def render(data: dict, fmt: str, *, suppress_below: int | None = None, **options) -> str | bytes:
    if fmt == "json":
        return render_json(data)
    if fmt == "text":
        return render_text(data, suppress_below=suppress_below)
    if fmt == "csv":
        return render_csv(data, suppress_below=suppress_below)
    if fmt == "xlsx":
        return render_xlsx(data, suppress_below=suppress_below)
    if fmt == "pdf":
        return render_pdf(data, suppress_below=suppress_below, **options)
    raise ValueError(f"Okänt format: {fmt}")
