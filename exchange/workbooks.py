"""Reading spreadsheet files (XLSX and ODS), both zip archives of XML, with bounded cost.

An upload is refused before any XML is parsed when it unpacks to more than its size
justifies (a zip bomb). The declared dimension of a sheet is not trusted: rows are read as
they come, to the last one there is, and never padded to a declared width or height. Cells
come back typed (date, datetime, int, float, bool, text, None); `exchange.formats` turns
them into text, knowing which columns hold dates.
"""

from __future__ import annotations

import datetime
import zipfile
from collections.abc import Iterator

from .tables import FileUnreadable, Table

# An XLSX/ODS of real data unpacks to 5–30 times its size; a zip bomb to a thousand times.
MAX_RATIO = 100
RATIO_SLACK = 16 * 1024 * 1024  # a small file may still have large fixed parts
MAX_UNPACKED = 1024 * 1024 * 1024
MAX_MEMBERS = 10_000
MAX_ROWS = 1_048_576  # a spreadsheet's own limit
MAX_COLUMNS = 16_384

XLSX_MESSAGE = "Filen kan inte läsas som en Excel-fil (XLSX)."
ODS_MESSAGE = "Filen kan inte läsas som ett OpenDocument-kalkylblad (ODS)."
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"


def open_archive(stream, size: int) -> tuple[zipfile.ZipFile, str]:
    """The zip archive and its kind ("xlsx" or "ods"), after checking its unpacked size."""
    try:
        archive = zipfile.ZipFile(stream)
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise FileUnreadable("Filen är en skadad zip-fil och kan inte läsas som XLSX eller ODS.") from None
    if len(members) > MAX_MEMBERS:
        raise FileUnreadable("Filen innehåller orimligt många delar och läses inte.")
    unpacked = sum(member.file_size for member in members)
    if unpacked > min(MAX_UNPACKED, RATIO_SLACK + MAX_RATIO * size):
        raise FileUnreadable(
            f"Filen packas upp till {unpacked // (1024 * 1024)} MB, orimligt mycket för sin storlek "
            f"({max(size // 1024, 1)} kB), och läses inte. Spara den på nytt i Excel eller LibreOffice, "
            "eller som CSV."
        )
    names = {member.filename for member in members}
    if "xl/workbook.xml" in names:
        return archive, "xlsx"
    if "content.xml" in names:
        try:
            mimetype = archive.read("mimetype").strip() if "mimetype" in names else ODS_MIMETYPE
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            mimetype = b""
        if mimetype == ODS_MIMETYPE:
            return archive, "ods"
        raise FileUnreadable("Filen är ett OpenDocument-dokument men inte ett kalkylblad (ODS).")
    raise FileUnreadable("Filen är en zip-fil men varken en Excel-fil (XLSX) eller ett kalkylblad (ODS).")


def _guarded(rows: Iterator, message: str) -> Iterator:
    """A damaged archive shows only while reading: one clear line, not a traceback."""
    try:
        yield from rows
    except FileUnreadable:
        raise
    except Exception:  # zlib, CRC, XML and openpyxl errors alike
        raise FileUnreadable(message) from None


def _numbered(rows: Iterator[tuple[int, list]]) -> Iterator[tuple[int, list]]:
    """Stops at the spreadsheet's own row limit."""
    for number, values in rows:
        if number > MAX_ROWS:
            raise FileUnreadable(f"Filen har fler än {MAX_ROWS} rader.")
        yield number, values


def _with_header(rows: Iterator, estimated: int, fmt: str, close) -> Table:
    first = next(rows, None)
    if first is None or first[0] != 1:
        close()
        raise FileUnreadable("Filen är tom." if first is None else "Första raden (rubrikraden) är tom.")
    header = list(first[1])
    while header and (header[-1] is None or not str(header[-1]).strip()):
        header.pop()

    def rest() -> Iterator[tuple[int, list]]:
        try:
            yield from rows
        finally:
            close()

    return Table(header=header, rows=rest(), estimated_rows=estimated, format=fmt)


# --- XLSX ------------------------------------------------------------------------------


def read_xlsx(stream, archive: zipfile.ZipFile) -> Table:
    from openpyxl import load_workbook

    stream.seek(0)
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        declared = sheet.max_row
        sheet.reset_dimensions()  # read what is there, neither padded nor cut to a declared size
        path = getattr(sheet, "_worksheet_path", None)  # openpyxl's; only for the estimate below
        source = archive.getinfo(path).file_size if path in archive.namelist() else 0
    except FileUnreadable:
        raise
    except Exception:  # openpyxl raises many kinds for a damaged or foreign archive
        raise FileUnreadable(XLSX_MESSAGE) from None

    def rows() -> Iterator[tuple[int, list]]:
        # openpyxl gives an empty tuple for each missing row in between: numbering stays exact
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            yield number, list(values[:MAX_COLUMNS])

    # A row takes 40 bytes of sheet XML at the least: the declared height only where plausible.
    estimated = min(declared or 0, source // 40) or source // 400
    return _with_header(_numbered(_guarded(rows(), XLSX_MESSAGE)), max(estimated - 1, 0), "xlsx", workbook.close)


# --- ODS -------------------------------------------------------------------------------

TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
CELLS = (f"{TABLE}table-cell", f"{TABLE}covered-table-cell")


def _paragraph_text(element) -> str:
    """The text of a text:p with its spaces (text:s), tabs and line breaks."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == f"{TEXT}s":
            parts.append(" " * int(child.get(f"{TEXT}c", "1") or 1))
        elif child.tag == f"{TEXT}tab":
            parts.append("\t")
        elif child.tag == f"{TEXT}line-break":
            parts.append("\n")
        else:
            parts.append(_paragraph_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _ods_value(cell):
    """The typed value of a cell; a typed value that does not parse is read as the text the
    cell shows, so the row check names it (row and column) instead of the file failing."""
    kind = cell.get(f"{OFFICE}value-type")
    try:
        if kind in ("float", "percentage", "currency"):
            number = float(cell.get(f"{OFFICE}value", ""))
            return int(number) if number.is_integer() and abs(number) < 10**15 else number
        if kind == "date":
            value = cell.get(f"{OFFICE}date-value", "")
            if "T" in value:
                return datetime.datetime.fromisoformat(value)
            return datetime.date.fromisoformat(value)
    except ValueError:
        pass
    if kind == "boolean":
        return cell.get(f"{OFFICE}boolean-value") == "true"
    paragraphs = [_paragraph_text(child) for child in cell if child.tag == f"{TEXT}p"]
    return "\n".join(paragraphs) if paragraphs else None


def _repeat(element, name: str) -> int:
    try:
        return max(int(element.get(f"{TABLE}{name}", "1")), 1)
    except ValueError:
        return 1


def _ods_row(row) -> list:
    """The cells of one row; runs of empty cells are expanded only before a value."""
    values: list = []
    empty = 0
    for cell in row:
        if cell.tag not in CELLS:
            continue
        value = _ods_value(cell)
        repeat = _repeat(cell, "number-columns-repeated")
        if value is None or value == "":
            empty += repeat
            continue
        if len(values) + empty >= MAX_COLUMNS:
            break
        values.extend([None] * empty)
        empty = 0
        values.extend([value] * min(repeat, MAX_COLUMNS - len(values)))
    return values


def read_ods(archive: zipfile.ZipFile) -> Table:
    from defusedxml.ElementTree import iterparse

    try:
        content = archive.open("content.xml")
        source = archive.getinfo("content.xml").file_size
    except Exception:
        raise FileUnreadable(ODS_MESSAGE) from None

    def rows() -> Iterator[tuple[int, list]]:
        tables = 0
        stack: list = []
        number = 0
        for event, element in iterparse(content, events=("start", "end")):
            if event == "start":
                stack.append(element)
                if element.tag == f"{TABLE}table":
                    tables += 1
                continue
            stack.pop()
            if element.tag == f"{TABLE}table" and tables == 1:
                return  # the first sheet only
            if element.tag != f"{TABLE}table-row" or tables != 1:
                continue
            values = _ods_row(element)
            repeat = _repeat(element, "number-rows-repeated")
            if stack:
                stack[-1].remove(element)  # bounded memory: a finished row is dropped
            if not values:
                number += repeat  # empty rows (LibreOffice writes a million of them as one)
                continue
            for _ in range(repeat):
                number += 1
                yield number, values

    def close() -> None:
        content.close()
        archive.close()

    return _with_header(_numbered(_guarded(rows(), ODS_MESSAGE)), max(source // 400 - 1, 0), "ods", close)


def read_workbook(stream, size: int) -> Table:
    archive, kind = open_archive(stream, size)
    if kind == "ods":
        return read_ods(archive)
    try:
        return read_xlsx(stream, archive)
    finally:
        archive.close()  # openpyxl reads through an archive of its own
