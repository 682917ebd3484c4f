"""Writing the exchange tables: the machine CSV of the contract, "CSV för Excel" and XLSX.

CSV (both kinds): every text cell a spreadsheet could run as a formula gets a leading `'`
(stats.writers, the one rule). XLSX: typed cells — dates as dates, whole numbers as
numbers, everything else as text cells, which a spreadsheet never runs, so without the `'`.
"""

from __future__ import annotations

import csv
import datetime
import json
import tempfile

from openpyxl.utils import get_column_letter

from stats.writers import neutralise, xlsx_text_cell

DATE_FORMAT = "YYYY-MM-DD"
MAX_WIDTH = 60


class CsvWriter:
    """The contract's CSV: UTF-8 without BOM, `,` delimiter, `\\n` line ends."""

    encoding, delimiter, line_end = "utf-8", ",", "\n"

    def __init__(self, path, title: str = "", types=None):
        self.file = open(path, "w", encoding=self.encoding, newline="")
        self.writer = csv.writer(self.file, delimiter=self.delimiter, quotechar='"', lineterminator=self.line_end)

    def write(self, cells: list[str]) -> None:
        self.writer.writerow([neutralise(cell) for cell in cells])

    def close(self) -> None:
        self.file.close()


class ExcelCsvWriter(CsvWriter):
    """"CSV för Excel": what Swedish Excel opens by double-click — `;`, UTF-8 with BOM, CRLF."""

    encoding, delimiter, line_end = "utf-8-sig", ";", "\r\n"


def typed(text: str, kind: str):
    """A cell's text as the value an XLSX cell holds for a column of this kind."""
    if text == "":
        return None
    if kind == "date":
        return datetime.date.fromisoformat(text)
    if kind == "int":
        return int(text)
    return text


class XlsxWriter:
    """One sheet with typed cells, columns as wide as their content, the header frozen and
    filtered. Rows wait in a temporary file until the widths are known, then stream into a
    write-only workbook: memory stays small for any number of rows."""

    def __init__(self, path, title: str, types: list[str] | None = None):
        self.path = path
        self.title = title
        self.types = types or []
        self.buffer = tempfile.TemporaryFile("w+", encoding="utf-8")
        self.widths: list[int] = []
        self.rows = 0

    def write(self, cells: list[str]) -> None:
        self.buffer.write(json.dumps(cells, ensure_ascii=False) + "\n")
        self.rows += 1
        for index, cell in enumerate(cells):
            longest = max((len(line) for line in str(cell).splitlines()), default=0)
            if index >= len(self.widths):
                self.widths.append(0)
            self.widths[index] = max(self.widths[index], longest)

    def close(self) -> None:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(title=self.title)
        for index, width in enumerate(self.widths, start=1):
            # a date shows as 10 characters; a little room for the filter button
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width, 10) + 3, MAX_WIDTH)
        sheet.freeze_panes = "A2"
        if self.rows and self.widths:
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(self.widths))}{self.rows}"
        bold = Font(bold=True)
        self.buffer.seek(0)
        for number, line in enumerate(self.buffer):
            cells = json.loads(line)
            row = []
            for index, text in enumerate(cells):
                kind = "text" if number == 0 or index >= len(self.types) else self.types[index]
                cell = xlsx_text_cell(WriteOnlyCell(sheet), typed(text, kind))
                if number == 0:
                    cell.font = bold
                elif kind == "date" and cell.value is not None:
                    cell.number_format = DATE_FORMAT
                row.append(cell)
            sheet.append(row)
        self.buffer.close()
        workbook.save(self.path)


WRITERS = {"csv": CsvWriter, "excel-csv": ExcelCsvWriter, "xlsx": XlsxWriter}
EXTENSIONS = {"csv": "csv", "excel-csv": "csv", "xlsx": "xlsx"}
