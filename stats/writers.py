"""The spreadsheet writers of every aggregated download (CSV and XLSX), and the one rule that
keeps a spreadsheet from running a cell as a formula (the SUS exchange files use it too).

CSV: every text cell that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, `|`,
`%` or a tab first) gets a leading `'`. XLSX: a text cell is stored as a cell of type text,
which a spreadsheet never runs, so it needs no `'` and shows exactly its text.
"""

from __future__ import annotations

import csv
import io

FORMULA_START = frozenset("=+-@|%\t")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET_NAME_MAX = 31  # Excel's limit
SHEET_NAME_FORBIDDEN = "[]:*?/\\"


def _first_meaningful(text: str) -> str:
    """The first character after leading spaces and control characters ('' if none)."""
    for char in text:
        if char == "\t":
            return char
        if char == " " or ord(char) < 32 or 127 <= ord(char) < 160:
            continue
        return char
    return ""


def is_formula_like(text: str) -> bool:
    return bool(text) and (text[0] == "\t" or _first_meaningful(text) in FORMULA_START)


def neutralise(text: str) -> str:
    """A leading ' keeps a spreadsheet from running the cell as a formula."""
    return "'" + text if is_formula_like(text) else text


def csv_text(rows) -> str:
    """Rows as one UTF-8 CSV text (`,`, `\\n`), formula-like text cells neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for row in rows:
        writer.writerow([neutralise(value) if isinstance(value, str) else value for value in row])
    return buffer.getvalue()


def xlsx_text_cell(cell, value):
    """Put `value` into a workbook cell: numbers and dates typed, text as a text cell (openpyxl
    would otherwise make a text starting with `=` a formula). Returns the cell."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def sheet_name(title: str, used: set[str]) -> str:
    """A sheet name from a title: Excel's forbidden characters out, at most 31 characters,
    unique in the workbook (' 2', ' 3', … added)."""
    name = "".join(ch for ch in title if ch not in SHEET_NAME_FORBIDDEN)[:SHEET_NAME_MAX].strip() or "Blad"
    base, number = name, 2
    while name in used:
        suffix = f" {number}"
        name = base[: SHEET_NAME_MAX - len(suffix)] + suffix
        number += 1
    used.add(name)
    return name


def put(sheet, row: int, values, *, font=None, fill=None, alignment=None) -> None:
    """Write `values` into `row` from column A, styled when asked."""
    for column, value in enumerate(values, start=1):
        cell = xlsx_text_cell(sheet.cell(row=row, column=column), value)
        if font is not None:
            cell.font = font
        if fill is not None:
            cell.fill = fill
        if alignment is not None:
            cell.alignment = alignment


def workbook_bytes(workbook) -> bytes:
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def tables_xlsx(title: str, subtitle: str, tables, *, legend: str = "") -> bytes:
    """One sheet per table: title, subtitle, table title, column heads, rows (hidden cells as
    their marks), the footer in bold, then the table's note and the legend."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    from .tables import export_value

    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    header_fill = PatternFill("solid", fgColor="EEF2F6")
    bold = Font(bold=True)
    for table in tables:
        sheet = workbook.create_sheet(sheet_name(table.title or table.key, used))
        put(sheet, 1, [title], font=Font(bold=True, size=13))
        put(sheet, 2, [subtitle])
        put(sheet, 3, [table.title], font=bold)
        put(sheet, 4, table.columns, font=bold, fill=header_fill)
        row = 5
        for cells in table.rows:
            put(sheet, row, [export_value(cell) for cell in cells])
            row += 1
        for cells in table.footer:
            put(sheet, row, [export_value(cell) for cell in cells], font=bold)
            row += 1
        if table.note:
            put(sheet, row + 1, [table.note])
            row += 2
        if legend:
            put(sheet, row, [legend])
        for index, _ in enumerate(table.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = 30 if index == 1 else 16
    return workbook_bytes(workbook)
