"""Reading and writing the exchange tables (CSV and XLSX), as exchange-format.md describes.

Reading streams: rows come one at a time from an open binary file, so a large file never
sits in memory as a whole. `open_table` opens the file, `read_header` checks its columns
against a kind's resource, `raw_rows` gives the cleaned cells of each row. Everything a user
can get wrong about the file as a whole raises `FileUnreadable` with one clear Swedish
sentence; the commands and views print it as it is.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from stats.writers import is_formula_like, neutralise  # the one rule for formula cells

if TYPE_CHECKING:
    from .resources import ExchangeResource

MAX_CELL = 1000
SNIFF_BYTES = 64 * 1024
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"

# A record may be long (text columns); the 1,000-character rule is checked per cell with a
# clear row error, so the csv module must not stop first with its own 128 kB limit.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


class FileUnreadable(Exception):
    """The file cannot be read as a table at all: one clear line for the user."""


def unneutralise(text: str) -> str:
    """Import: remove the one ' that export added (any other ' is kept)."""
    if text.startswith("'") and is_formula_like(text[1:]):
        return text[1:]
    return text


def normalise_header(name) -> str:
    return str(name if name is not None else "").strip().casefold()


@dataclass
class Table:
    """A header and a stream of (row number, cells), the header being row 1."""

    header: list[str]
    rows: Iterator[tuple[int, list[str]]]
    estimated_rows: int = 0
    format: str = "csv"
    notes: list[str] = field(default_factory=list)


def clean_cell(value: str) -> str:
    return unneutralise(value.strip())


# --- CSV -------------------------------------------------------------------------------


def _detect_encoding(stream) -> str:
    """UTF-8 (BOM or not) when every byte decodes as UTF-8, otherwise Windows-1252."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    stream.seek(0)
    try:
        while True:
            block = stream.read(1024 * 1024)
            if not block:
                decoder.decode(b"", final=True)
                break
            decoder.decode(block)
    except UnicodeDecodeError:
        return "cp1252"
    finally:
        stream.seek(0)
    return "utf-8-sig"


def _delimiter(header_line: str) -> str:
    """`,` or `;`, whichever the header line uses outside quotes (`,` if neither)."""
    counts = {",": 0, ";": 0}
    quoted = False
    for char in header_line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    return ";" if counts[";"] > counts[","] else ","


def _looks_binary(head: bytes) -> bool:
    if b"\x00" in head:
        return True
    sample = head[:4096]
    controls = sum(1 for byte in sample if byte < 32 and byte not in (9, 10, 13))
    return bool(sample) and controls / len(sample) > 0.05


def _read_csv(stream) -> Table:
    encoding = _detect_encoding(stream)
    errors = "strict" if encoding == "utf-8-sig" else "replace"
    text = io.TextIOWrapper(stream, encoding=encoding, newline="", errors=errors)
    # A header with a quoted newline still shows its delimiter on the first line.
    delimiter = _delimiter(text.readline())
    text.seek(0)
    reader = csv.reader(text, delimiter=delimiter, quotechar='"', strict=False)
    try:
        header = next(reader)
    except StopIteration:
        raise FileUnreadable("Filen är tom.") from None
    except csv.Error as error:
        raise FileUnreadable(f"Rubrikraden kan inte läsas som CSV ({error}).") from None

    def rows() -> Iterator[tuple[int, list[str]]]:
        number = 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise FileUnreadable(f"Rad {number + 1} kan inte läsas som CSV ({error}).") from None
            number += 1
            yield number, cells

    return Table(header=header, rows=rows(), format="csv")


# --- XLSX ------------------------------------------------------------------------------


def xlsx_cell_text(value) -> str:
    """Typed cells: a date is a date, a whole number is its digits."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime.datetime):
        if value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _read_xlsx(stream) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except Exception:  # openpyxl raises many kinds for a damaged or foreign zip
        raise FileUnreadable("Filen kan inte läsas som en Excel-fil (XLSX).") from None
    iterator = sheet.iter_rows(values_only=True)
    try:
        header_values = next(iterator)
    except StopIteration:
        workbook.close()
        raise FileUnreadable("Filen är tom.") from None
    header = [xlsx_cell_text(value) for value in header_values]
    while header and not header[-1].strip():
        header.pop()

    def rows() -> Iterator[tuple[int, list[str]]]:
        try:
            for number, values in enumerate(iterator, start=2):
                yield number, [xlsx_cell_text(value) for value in values]
        finally:
            workbook.close()

    estimated = max((sheet.max_row or 1) - 1, 0)
    return Table(header=header, rows=rows(), estimated_rows=estimated, format="xlsx")


# --- entry point -----------------------------------------------------------------------


def open_table(stream) -> Table:
    """Open a binary, seekable stream as a table, or raise FileUnreadable."""
    stream.seek(0)
    head = stream.read(SNIFF_BYTES)
    stream.seek(0)
    if not head.strip(b" \t\r\n\xef\xbb\xbf"):
        raise FileUnreadable("Filen är tom.")
    if head.startswith(ZIP_MAGIC):
        if not zipfile.is_zipfile(stream):
            raise FileUnreadable("Filen kan inte läsas som en Excel-fil (XLSX).")
        stream.seek(0)
        return _read_xlsx(stream)
    if head.startswith(OLE_MAGIC):
        raise FileUnreadable("Gamla Excel-filer (.xls) kan inte läsas: spara som .xlsx eller CSV.")
    if _looks_binary(head):
        raise FileUnreadable("Filen är inte en tabell (CSV eller XLSX) utan binärt innehåll.")
    estimated = max(_count_lines(stream) - 1, 0)
    stream.seek(0)
    table = _read_csv(stream)
    table.estimated_rows = estimated
    return table


def _count_lines(stream) -> int:
    count = 0
    last = b""
    while True:
        block = stream.read(1024 * 1024)
        if not block:
            break
        count += block.count(b"\n")
        last = block[-1:]
    return count + (1 if last and last != b"\n" else 0)


# --- header and rows ---------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.column}: {self.message}"


@dataclass
class RawRow:
    number: int
    cells: dict[str, str]
    errors: dict[str, str]


def read_header(table: Table, resource_cls: type[ExchangeResource]) -> tuple[list[str], list[RowError]]:
    """The table's columns, normalised, and an error for each one the kind does not know;
    FileUnreadable when a required column is missing (the file is probably of another kind)."""
    header = [normalise_header(name) for name in table.header]
    while header and not header[-1]:
        header.pop()
    known = resource_cls.columns()
    missing = [column for column in resource_cls.required if column not in header]
    if missing:
        other = resource_cls.other_kind(header)
        hint = f" Filen ser ut att vara av typen {other}, inte {resource_cls.kind}." if other else ""
        what = "Obligatoriska kolumner saknas" if len(missing) > 1 else "Obligatorisk kolumn saknas"
        raise FileUnreadable(f"{what}: {', '.join(missing)}.{hint}")
    errors = []
    seen: set[str] = set()
    for position, name in enumerate(header, start=1):
        if not name:
            errors.append(RowError(1, f"kolumn {position}", "Kolumnen saknar rubrik."))
        elif name not in known:
            errors.append(RowError(1, name, f"Okänd kolumn (kända kolumner: {', '.join(known)})."))
        elif name in seen:
            errors.append(RowError(1, name, "Kolumnen förekommer två gånger."))
        seen.add(name)
    return header, errors


def raw_rows(table: Table, header: list[str]) -> Iterator[RawRow]:
    """Each row that has a value, its cells cleaned and keyed by column; a cell too long or
    a row wider than the header is an error on the row."""
    width = len(header)
    for number, values in table.rows:
        if not any(value and value.strip() for value in values):
            continue
        cells: dict[str, str] = {}
        errors: dict[str, str] = {}
        for column, value in zip(header, values, strict=False):
            text = clean_cell(value or "")
            if len(text) > MAX_CELL:
                errors[column] = f"Texten är {len(text)} tecken lång; högst {MAX_CELL} tecken är tillåtet."
                text = ""
            cells[column] = text
        for column in header[len(values):]:
            cells[column] = ""
        if any(value and value.strip() for value in values[width:]):
            errors["*"] = f"Raden har {len(values)} fält men rubrikraden bara {width}."
        yield RawRow(number, cells, errors)


# --- writing ---------------------------------------------------------------------------


class CsvWriter:
    """UTF-8 without BOM, `,` delimiter, `\\n` line ends, formula cells neutralised."""

    def __init__(self, path):
        self.file = open(path, "w", encoding="utf-8", newline="")
        self.writer = csv.writer(self.file, delimiter=",", quotechar='"', lineterminator="\n")

    def write(self, cells: list[str]) -> None:
        self.writer.writerow([neutralise(cell) for cell in cells])

    def close(self) -> None:
        self.file.close()


class XlsxWriter:
    """A write-only workbook (streamed to disk by openpyxl); every cell is text."""

    def __init__(self, path, title: str):
        from openpyxl import Workbook

        self.path = path
        self.workbook = Workbook(write_only=True)
        self.sheet = self.workbook.create_sheet(title=title)

    def write(self, cells: list[str]) -> None:
        self.sheet.append([neutralise(cell) for cell in cells])

    def close(self) -> None:
        self.workbook.save(self.path)
