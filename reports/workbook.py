"""The summary as a workbook: an overview sheet, one sheet per table (counts, then column
percentages as numbers formatted 0.0 %) with a native bar chart by kön for the by-kön tables
(the flow matrices are heat tables on the page, numbers here), and the trend of the
work/studies share beside Sverige as a chart. Written through the stats writers, so a text
cell is a text cell, never a formula.
"""

from __future__ import annotations

import datetime

from stats.tables import Cell
from stats.writers import put, sheet_name, workbook_bytes

from .national import trend_rows
from .presentation import TITLE, display_tables, legend, overview_lines, period_label

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




def _count_value(cell: Cell):
    return cell.mark if cell.mark is not None else cell.value


def _share(value):
    return None if value is None else value / 100


def _kon_chart(sheet, table, anchor: str):
    """Clustered bars, women and men, one group per row of the table (totals left out)."""
    from openpyxl.chart import BarChart, Reference

    chart = BarChart()
    chart.type = "bar"  # horizontal: long labels stay readable
    chart.title = table.title
    chart.y_axis.title = "Antal"
    chart.height, chart.width = 7.5 + 0.5 * len(table.rows), 16
    last = 4 + len(table.rows)
    chart.add_data(Reference(sheet, min_col=2, max_col=3, min_row=4, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=5, max_row=last))
    sheet.add_chart(chart, anchor)


def _trend_sheet(workbook, used: set[str], trend: list[dict], head: dict) -> None:
    from openpyxl.chart import BarChart, Reference
    from openpyxl.styles import Font

    sheet = workbook.create_sheet(sheet_name("Trend", used))
    put(sheet, 1, ["Andel till arbete eller studier per år"], font=Font(bold=True, size=13))
    put(sheet, 2, ["Malmö: deltagare som avslutade under året; Sverige: nationell jämförelse inlagd av kansliet."])
    put(sheet, 4, ["År", "Malmö", "Sverige"], **head)
    for index, row in enumerate(trend, start=5):
        put(sheet, index, [row["year"], _share(row["local"]), _share(row["national"])])
        for column in (2, 3):
            sheet.cell(row=index, column=column).number_format = "0.0%"
    chart = BarChart()
    chart.title = "Andel till arbete eller studier"
    chart.y_axis.title = "Andel"
    chart.y_axis.numFmt = "0%"
    last = 4 + len(trend)
    chart.add_data(Reference(sheet, min_col=2, max_col=3, min_row=4, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=5, max_row=last))
    sheet.add_chart(chart, "E4")
    sheet.column_dimensions["A"].width = 12


def render_xlsx(data: dict, *, suppress_below: int | None = None, trend: list[dict] | None = None,
                **_options) -> bytes:
    """`trend`: rows {year, local, national} (shares in %); computed when not given."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    if trend is None:
        trend = trend_rows(data, suppress_below)
    bold = Font(bold=True)
    head = {"font": bold, "fill": PatternFill("solid", fgColor="DDE4EE"),
            "alignment": Alignment(wrap_text=True, vertical="top")}
    workbook = Workbook()
    used: set[str] = set()

    sheet = workbook.active
    sheet.title = sheet_name("Översikt", used)
    put(sheet, 1, [TITLE], font=Font(bold=True, size=14))
    period = [datetime.date.fromisoformat(data["period"][key]) for key in ("from", "to")]
    put(sheet, 2, ["Period", *period])
    for column in (2, 3):
        sheet.cell(row=2, column=column).number_format = "YYYY-MM-DD"
    put(sheet, 3, ["Insatser", ", ".join(data["interventions"])])
    if suppress_below:
        put(sheet, 4, [legend(data, suppress_below)])
    row = 6
    for title, lines in overview_lines(data, suppress_below):
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
            put(sheet, index, [cells[0].value, *[_count_value(cell) for cell in counts],
                               *[_share(cell.percent) for cell in counts]],
                font=bold if index - 5 >= len(table.rows) else None)
            for column in range(len(counts) + 2, 2 * len(counts) + 2):
                sheet.cell(row=index, column=column).number_format = "0.0%"
        sheet.column_dimensions["A"].width = 40
        sheet.freeze_panes = "B5"
        if table.kind == "by_kon":
            _kon_chart(sheet, table, f"B{len(table.grid) + 7}")
    if trend:
        _trend_sheet(workbook, used, trend, head)
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


