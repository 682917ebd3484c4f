"""The summary as text, JSON, CSV and XLSX (the PDF is in reports.pdf).

CSV: all tables in one UTF-8 file (comma separated), each table a section that starts
with its title line and is separated from the next by one blank line. Each row has the
counts followed by the column percentages. A hidden (suppressed) count is written `<N`.
"""

from __future__ import annotations

import csv
import io
import json

from .presentation import (
    KON_COLUMNS,
    TITLE,
    DisplayTable,
    counts_rows,
    display_tables,
    outcome_rows,
    percent,
    period_label,
)

FORMATS = ("text", "json", "csv", "xlsx", "pdf")
BINARY_FORMATS = ("xlsx", "pdf")
CONTENT_TYPES = {
    "json": "application/json; charset=utf-8",
    "text": "text/plain; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def filename(data: dict, fmt: str) -> str:
    return f"sus-{data['period']['from']}-{data['period']['to']}.{fmt}"


def render_json(data: dict, **_options) -> str:
    """The contract, deterministic: same data, same bytes."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _count(value, below):
    if value is None:
        return f"<{below}" if below else ""
    return str(value)


def _pct(value):
    return "" if value is None else f"{value:.1f}"


def _table_lines(table: DisplayTable, below) -> list[list[str]]:
    """Header plus rows: label, counts…, percentages…"""
    labels = [label for _code, label in table.columns]
    if table.kind == "matrix":
        header = [f"{table.rows_title} \\ {table.cols_title}", *labels, "Totalt"]
        header += [f"{label} %" for label in labels] + ["Totalt %"]
        lines = [header]
        for row in [*table.rows, table.totals]:
            lines.append(
                [row.label, *[_count(cell.count, below) for cell in row.cells], _count(row.total.count, below)]
                + [_pct(cell.percent) for cell in row.cells] + [_pct(row.total.percent)]
            )
        return lines
    header = [table.rows_title, *labels, *[f"{label} %" for label in labels]]
    lines = [header]
    for row in [*table.rows, table.totals]:
        lines.append([row.label, *[_count(cell.count, below) for cell in row.cells],
                      *[_pct(cell.percent) for cell in row.cells]])
    return lines


def _overview_lines(data: dict, below) -> list[tuple[str, list[list[str]]]]:
    sections = []
    lines = [["", "Kvinnor", "Män", "Totalt"]]
    for label, values in counts_rows(data):
        lines.append([label, *[_count(values[code], below) for code, _ in KON_COLUMNS]])
    lines.append(["Olika personer", "", "", _count(data["counts"]["persons"], below)])
    lines.append(["Samtliga deltagare", "", "", _count(data["counts"]["all"], below)])
    sections.append(("Antal deltagare", lines))
    lines = [["", "Kvinnor", "Män", "Totalt", "Andel av avslutade %"]]
    ended = data["outcome"]["ended"]["total"]
    for label, values in outcome_rows(data):
        lines.append([label, *[_count(values[code], below) for code, _ in KON_COLUMNS],
                      _pct(percent(values["total"], ended))])
    lines.append(["Andel till arbete eller studier %", "", "", _pct(data["outcome"]["share_work_or_studies"])])
    sections.append(("Resultat efter avslutad insats", lines))
    lines = [["Kod", "Insats", "Aktiva kvinnor", "Aktiva män", "Aktiva totalt", "Påbörjade", "Avslutade",
              "Till arbete/studier", "Andel %", "Mål %"]]
    for item in data["per_intervention"]:
        lines.append([
            item["code"], item["name"], *[_count(item["active"][code], below) for code, _ in KON_COLUMNS],
            _count(item["started"], below), _count(item["ended"], below), _count(item["work_or_studies"], below),
            _pct(item["share_work_or_studies"]), "" if item["goal_share"] is None else str(item["goal_share"]),
        ])
    sections.append(("Per insats mot mål", lines))
    return sections


def sections(data: dict, below: int | None) -> list[tuple[str, list[list[str]]]]:
    """Every section (title, lines) in report order: overview, then each table."""
    result = _overview_lines(data, below)
    for table in display_tables(data):
        result.append((f"{table.title} ({table.population_label.lower()})", _table_lines(table, below)))
    return result


def render_text(data: dict, *, suppress_below: int | None = None, **_options) -> str:
    out = [TITLE, f"Period: {period_label(data)}",
           f"Insatser: {', '.join(data['interventions']) or '(inga)'}"]
    if suppress_below:
        out.append(f"Antal under {suppress_below} visas som <{suppress_below}.")
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
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([TITLE])
    writer.writerow(["Period", data["period"]["from"], data["period"]["to"]])
    writer.writerow(["Insatser", *data["interventions"]])
    for title, lines in sections(data, suppress_below):
        writer.writerow([])
        writer.writerow([title])
        writer.writerows(lines)
    return buffer.getvalue()


def _sheet_name(title: str, used: set[str]) -> str:
    name = "".join(ch for ch in title if ch not in "[]:*?/\\")[:31].strip()
    base, number = name, 2
    while name in used:
        suffix = f" {number}"
        name = base[: 31 - len(suffix)] + suffix
        number += 1
    used.add(name)
    return name


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
    head_fill = PatternFill("solid", fgColor="DDE4EE")
    workbook = Workbook()
    used: set[str] = set()

    def put(sheet, row, values, *, header=False):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column, value=value)
            if header:
                cell.font = bold
                cell.fill = head_fill
                cell.alignment = Alignment(wrap_text=True, vertical="top")

    def count_value(value):
        return f"<{suppress_below}" if value is None and suppress_below else value

    def pct_value(value):
        return None if value is None else value / 100

    overview = workbook.active
    overview.title = _sheet_name("Översikt", used)
    put(overview, 1, [TITLE])
    overview.cell(row=1, column=1).font = Font(bold=True, size=14)
    put(overview, 2, ["Period", data["period"]["from"], data["period"]["to"]])
    put(overview, 3, ["Insatser", ", ".join(data["interventions"])])
    if suppress_below:
        put(overview, 4, [f"Antal under {suppress_below} visas som <{suppress_below}."])
    row = 6
    for title, lines in _overview_lines(data, suppress_below):
        put(overview, row, [title])
        overview.cell(row=row, column=1).font = bold
        put(overview, row + 1, lines[0], header=True)
        for offset, line in enumerate(lines[1:], start=2):
            put(overview, row + offset, [_number(value) for value in line])
        row += len(lines) + 2
    overview.column_dimensions["A"].width = 42
    overview.column_dimensions["B"].width = 34

    for table in display_tables(data):
        sheet = workbook.create_sheet(_sheet_name(SHEET_TITLES.get(table.key, table.title), used))
        put(sheet, 1, [table.title])
        sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
        put(sheet, 2, [f"{table.population_label}, {period_label(data)}"])
        labels = [label for _code, label in table.columns]
        with_total = table.kind == "matrix"
        count_labels = labels + (["Totalt"] if with_total else [])
        first = table.rows_title + (f" \\ {table.cols_title}" if with_total else "")
        put(sheet, 4, [first, *count_labels, *[f"{label} %" for label in count_labels]], header=True)
        for index, display_row in enumerate([*table.rows, table.totals], start=5):
            cells = display_row.cells + ([display_row.total] if with_total else [])
            put(sheet, index, [display_row.label, *[count_value(cell.count) for cell in cells],
                               *[pct_value(cell.percent) for cell in cells]])
            for column in range(len(cells) + 2, 2 * len(cells) + 2):
                sheet.cell(row=index, column=column).number_format = "0.0%"
            if display_row.code == "total":
                for column in range(1, 2 * len(cells) + 2):
                    sheet.cell(row=index, column=column).font = bold
        sheet.column_dimensions["A"].width = 40
        sheet.freeze_panes = "B5"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


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
        from .pdf import render_pdf

        return render_pdf(data, suppress_below=suppress_below, **options)
    raise ValueError(f"Okänt format: {fmt}")
