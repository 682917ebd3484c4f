"""Reading the exchange tables (CSV here; XLSX and ODS in `exchange.workbooks`), as
exchange-format.md describes.

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
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from stats.writers import is_formula_like  # the one rule for formula cells

from .tables import FileUnreadable, Table
from .workbooks import read_workbook

if TYPE_CHECKING:
    from .resources import ExchangeResource

MAX_CELL = 1000
SNIFF_BYTES = 64 * 1024
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"

# A record may be long (text columns); the 1,000-character rule is checked per cell with a
# clear row error, so the csv module must not stop first with its own 128 kB limit.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def unneutralise(text: str) -> str:
    """Import: remove the one ' that export added (any other ' is kept)."""
    if text.startswith("'") and is_formula_like(text[1:]):
        return text[1:]
    return text


def normalise_header(name) -> str:
    return str(name if name is not None else "").strip().casefold()


def clean_cell(value: str) -> str:
    return unneutralise(value.strip())


# UTF-8 read as Windows-1252 and saved again: a lead byte (Ã, Â, â) followed by what
# Windows-1252 (or Latin-1) shows for UTF-8's continuation bytes 0x80–0xBF.
_CONTINUATION = "".join(
    sorted(set(bytes(range(0x80, 0xC0)).decode("cp1252", errors="ignore")) | set(map(chr, range(0x80, 0xC0))))
)
_CP1252_DEFINED = frozenset(bytes(range(0x80, 0x100)).decode("cp1252", errors="ignore"))
_MOJIBAKE = re.compile(f"[\u00c2-\u00df][{re.escape(_CONTINUATION)}]|\u00e2[{re.escape(_CONTINUATION)}]{{2}}")
MOJIBAKE_MESSAGE = (
    "Texten ”{sample}” har fel teckenkodning (”{seen}” ska vara ”{meant}”): filen har öppnats med fel "
    "teckenuppsättning och sparats igen. Öppna originalfilen med teckenuppsättningen UTF-8 (Unicode) "
    "och spara den som CSV UTF-8 eller XLSX."
)


def _undo_mojibake(seen: str) -> str | None:
    """The UTF-8 text `seen` was made from (Windows-1252 leaves 0x81, 0x8D, 0x8F, 0x90 and
    0x9D undefined; programs show them as the Latin-1 control characters)."""
    try:
        raw = b"".join(char.encode("cp1252") if ord(char) > 0xFF or char in _CP1252_DEFINED
                       else char.encode("latin-1") for char in seen)
        return raw.decode("utf-8")
    except UnicodeError:
        return None


def mojibake_error(text: str) -> str | None:
    """The row error for text showing UTF-8 read as Windows-1252, or None."""
    for match in _MOJIBAKE.finditer(text):
        meant = _undo_mojibake(match.group())
        if meant and len(meant) == 1:
            sample = text if len(text) <= 60 else text[:57] + "…"
            return MOJIBAKE_MESSAGE.format(sample=sample, seen=match.group(), meant=meant)
    return None


def cell_text(value, *, date_column: bool = False) -> str:
    """A cell as text. Typed cells (XLSX/ODS): a date is its date, a date-time on a date
    column is its date, a whole number is its digits."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime.datetime):
        if date_column or value.time() == datetime.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


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


# --- entry point -----------------------------------------------------------------------


def open_table(stream) -> Table:
    """Open a binary, seekable stream as a table, or raise FileUnreadable."""
    stream.seek(0)
    head = stream.read(SNIFF_BYTES)
    stream.seek(0)
    if not head.strip(b" \t\r\n\xef\xbb\xbf"):
        raise FileUnreadable("Filen är tom.")
    if head.startswith(ZIP_MAGIC):
        size = stream.seek(0, io.SEEK_END)
        stream.seek(0)
        return read_workbook(stream, size)
    if head.startswith(OLE_MAGIC):
        raise FileUnreadable("Gamla Excel-filer (.xls) kan inte läsas: spara som .xlsx, .ods eller CSV.")
    if _looks_binary(head):
        raise FileUnreadable("Filen är inte en tabell (CSV, XLSX eller ODS) utan binärt innehåll.")
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
    header = [normalise_header(cell_text(name)) for name in table.header]
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


def _has_value(value) -> bool:
    return value is not None and (not isinstance(value, str) or bool(value.strip()))


def raw_rows(table: Table, header: list[str], resource_cls: type[ExchangeResource] | None = None) -> Iterator[RawRow]:
    """Each row that has a value, its cells cleaned and keyed by column; a cell too long, a
    text in the wrong character set or a row wider than the header is an error on the row."""
    width = len(header)
    dates = resource_cls.date_columns() if resource_cls else frozenset()
    for number, values in table.rows:
        if not any(_has_value(value) for value in values):
            continue
        cells: dict[str, str] = {}
        errors: dict[str, str] = {}
        for column, value in zip(header, values, strict=False):
            text = clean_cell(cell_text(value, date_column=column in dates))
            if len(text) > MAX_CELL:
                errors[column] = f"Texten är {len(text)} tecken lång; högst {MAX_CELL} tecken är tillåtet."
                text = ""
            elif (garbled := mojibake_error(text)) is not None:
                errors[column] = garbled
            cells[column] = text
        for column in header[len(values):]:
            cells[column] = ""
        if any(_has_value(value) for value in values[width:]):
            errors["*"] = f"Raden har {len(values)} fält men rubrikraden bara {width}."
        yield RawRow(number, cells, errors)
