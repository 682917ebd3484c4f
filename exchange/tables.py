"""What every reader of an exchange file gives back: a header and a stream of rows, or one
clear sentence saying why the file cannot be read (`FileUnreadable`)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


class FileUnreadable(Exception):
    """The file cannot be read as a table at all: one clear line for the user."""


@dataclass
class Table:
    """A header and a stream of (row number, cells), the header being row 1. A cell is text
    (CSV) or a typed value (XLSX/ODS: date, datetime, number, bool, text or None)."""

    header: list
    rows: Iterator[tuple[int, list]]
    estimated_rows: int = 0
    format: str = "csv"
    notes: list[str] = field(default_factory=list)
