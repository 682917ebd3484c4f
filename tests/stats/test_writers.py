"""The one writer rule for spreadsheet cells: CSV neutralises formula-like text with a `'`, XLSX
stores it as a text cell (never run, so no visible `'`)."""

import io

import openpyxl

from stats.tables import Table, count, text
from stats.writers import csv_text, tables_xlsx


def test_csv_neutralises_and_xlsx_writes_plain_text_cells():
    formula = '=HYPERLINK("http://example.com","klicka")'
    expected = "\"'=HYPERLINK(\"\"http://example.com\"\",\"\"klicka\"\")\",'-5 grader,Åsa,3\n"
    assert csv_text([[formula, "-5 grader", "Åsa", 3]]) == expected
    table = Table("t", "Tabell", ["Namn", "Antal"], rows=[[text(formula), count(7)], [text("+46 40"), count(0)]])
    sheet = openpyxl.load_workbook(io.BytesIO(tables_xlsx("Titel", "Undertitel", [table]))).active
    cells = {cell.value: cell for row in sheet.iter_rows() for cell in row if cell.value is not None}
    assert cells[formula].data_type == "s" and cells["+46 40"].data_type == "s"
    assert cells[7].data_type == "n"
    assert not any(isinstance(value, str) and value.startswith("'") for value in cells)
