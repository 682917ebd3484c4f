"""Report tables shared by the pages and the XLSX/PDF downloads, with small-cell suppression.

A table is a list of rows of `Cell`s. A count from 1 to N−1 is shown as `<N` for users
with suppression (the board); a figure derived from such a count (a percentage, a cost per
participant) is shown as `–`, so that it cannot give the count away.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any


@dataclass
class Cell:
    value: Any
    kind: str = "text"  # text | count | pct | money | number
    depends: tuple = ()
    heat: float | None = None  # 0..1: the share of the table's largest value (heat tables)

    @property
    def numeric(self) -> bool:
        return self.kind != "text"


def text(value) -> Cell:
    return Cell("" if value is None else value)


def count(value) -> Cell:
    return Cell(int(value or 0), "count")


def share(numerator, denominator) -> float | None:
    """100·n/d rounded half up to one decimal, None when d is 0."""
    if not denominator:
        return None
    value = Decimal(100 * int(numerator or 0)) / Decimal(int(denominator))
    return float(value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def pct(numerator, denominator) -> Cell:
    return Cell(share(numerator, denominator), "pct", depends=(numerator, denominator))


def money(value, *depends) -> Cell:
    return Cell(None if value is None else int(value), "money", depends=depends)


def per(amount, denominator) -> Cell:
    """An amount divided by a count (cost per participant), rounded to whole kronor."""
    if amount is None or not denominator:
        return Cell(None, "money", depends=(denominator,))
    value = (Decimal(int(amount)) / Decimal(int(denominator))).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    return Cell(int(value), "money", depends=(denominator,))


def number(value, *depends) -> Cell:
    return Cell(value, "number", depends=depends)


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    footer: list[list[Cell]] = field(default_factory=list)
    note: str = ""
    heat: bool = False

    def apply_heat(self, *, skip_last: bool = False) -> Table:
        """Mark every count cell with its share of the largest count (for heat tables); with
        skip_last the last column (a row sum) is left plain."""
        cells = [row[:-1] if skip_last else row for row in self.rows]
        values = [c.value for row in cells for c in row if c.kind == "count"]
        top = max(values, default=0)
        for row in cells:
            for cell in row:
                if cell.kind == "count":
                    cell.heat = (cell.value / top) if top else 0.0
        self.heat = True
        return self


def is_small(value, below: int | None) -> bool:
    return bool(below) and isinstance(value, int) and 0 < value < below


def suppressed(cell: Cell, below: int | None) -> str | None:
    """The replacement text when the cell must not be shown, else None."""
    if not below:
        return None
    if cell.kind == "count" and is_small(cell.value, below):
        return f"<{below}"
    if any(is_small(value, below) for value in cell.depends):
        return "–"
    return None


def _thousands(value: int) -> str:
    return f"{value:,}".replace(",", "\u00a0")


def display(cell: Cell, below: int | None = None) -> str:
    hidden = suppressed(cell, below)
    if hidden is not None:
        return hidden
    value = cell.value
    if value is None:
        return "–" if cell.numeric else ""
    if cell.kind == "pct":
        return f"{value:.1f}".replace(".", ",") + " %"
    if cell.kind == "money":
        return _thousands(value) + " kr"
    if cell.kind == "count":
        return _thousands(value)
    if cell.kind == "number" and isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


def export_value(cell: Cell, below: int | None = None):
    """The value written to XLSX: the number itself, or the suppression text."""
    hidden = suppressed(cell, below)
    if hidden is not None:
        return hidden
    return cell.value


def heat_class(cell: Cell, below: int | None = None) -> str:
    if cell.heat is None or suppressed(cell, below) is not None or not cell.value:
        return ""
    return f"heat{min(5, 1 + int(cell.heat * 5))}"


def rendered(tables: list[Table], below: int | None) -> list[dict]:
    """Tables as plain strings for the templates (suppression already applied)."""

    def row_out(row):
        return [
            {"text": display(c, below), "num": c.numeric, "heat": heat_class(c, below)} for c in row
        ]

    return [
        {
            "key": t.key,
            "title": t.title,
            "columns": [
                {"label": label, "num": bool(t.rows) and index < len(t.rows[0]) and t.rows[0][index].numeric}
                for index, label in enumerate(t.columns)
            ],
            "rows": [row_out(r) for r in t.rows],
            "footer": [row_out(r) for r in t.footer],
            "note": t.note,
            "heat": t.heat,
        }
        for t in tables
    ]
