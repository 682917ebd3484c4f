"""Report tables shared by the pages and the XLSX/PDF downloads, with small-cell suppression.

A table is a list of rows of `Cell`s. A count from 1 to N−1 is shown as `<N` for users
with suppression (the board); a figure derived from such a count (a percentage, a cost per
participant) is shown as `–`, so that it cannot give the count away.

Hiding the small counts alone is not enough where a table adds up: a row total minus the
visible cells gives the hidden one back. A table declares its sums (`row_sums`,
`column_sums`); whenever such a line has exactly one hidden count, its smallest positive
visible count is hidden too (shown as `×`), until no line has exactly one — the rule of
reports.suppression. A derived figure in a row with a hidden count is hidden as well.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

SECONDARY = "×"  # a count hidden so that a hidden small count cannot be worked out
SECONDARY_NOTE = f"{SECONDARY} = dold så att ett litet antal inte kan räknas fram."


@dataclass
class Cell:
    value: Any
    kind: str = "text"  # text | count | pct | money | number
    depends: tuple = ()
    heat: float | None = None  # 0..1: the share of the table's largest value (heat tables)
    sources: tuple | None = None  # columns of its own row a derived figure is worked out from

    def from_columns(self, *columns: int) -> Cell:
        """Name the columns of this row the figure is derived from: it is then hidden only when
        one of them is (without them, whenever any count of its row is hidden)."""
        self.sources = columns
        return self

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

    # (inner positions, total position) of every line that adds up; positions are
    # (row, column) over rows + footer.
    lines: list[tuple[tuple, tuple]] = field(default_factory=list)

    def row_sums(self, inner_cols, total_col: int) -> Table:
        """In every row and footer row the counts in inner_cols add up to total_col (call
        once the rows are in)."""
        for r in range(len(self.rows) + len(self.footer)):
            self.lines.append((tuple((r, c) for c in inner_cols), (r, total_col)))
        return self

    def column_sums(self, cols) -> Table:
        """The first footer row holds, in each of cols, the sum of the rows above it."""
        if self.footer:
            for c in cols:
                self.lines.append((tuple((r, c) for r in range(len(self.rows))), (len(self.rows), c)))
        return self

    def hidden_counts(self, below: int | None) -> set[tuple[int, int]]:
        """Positions of the counts not shown: the small ones, and those a line would give them back by."""
        if not below:
            return set()
        grid = self.rows + self.footer

        def cell(position):
            r, c = position
            if r < len(grid) and c < len(grid[r]) and grid[r][c].kind == "count":
                return grid[r][c]
            return None

        hidden = {(r, c) for r, row in enumerate(grid) for c, item in enumerate(row)
                  if item.kind == "count" and is_small(item.value, below)}
        changed = True
        while changed:
            changed = False
            for inner, total in self.lines:
                members = [p for p in (*inner, total) if cell(p) is not None]
                if sum(p in hidden for p in members) != 1:
                    continue
                candidates = [p for p in inner if cell(p) is not None and p not in hidden and cell(p).value > 0]
                if not candidates and cell(total) is not None and total not in hidden and cell(total).value > 0:
                    candidates = [total]
                if candidates:
                    hidden.add(min(candidates, key=lambda p: (cell(p).value, p)))
                    changed = True
        return hidden

    def masks(self, below: int | None) -> list[list[str | None]]:
        """For rows + footer: each cell's replacement text when it must not be shown, else None."""
        grid = self.rows + self.footer
        hidden = self.hidden_counts(below)
        hidden_rows = {r for r, _c in hidden}
        hidden_values = {grid[r][c].value for r, c in hidden}
        result = []
        for r, row in enumerate(grid):
            out = []
            for c, item in enumerate(row):
                text_ = suppressed(item, below)
                if (r, c) in hidden and text_ is None:
                    text_ = SECONDARY
                elif text_ is None and item.depends:
                    if item.sources is not None:  # it says what it is made of
                        gives_away = any((r, source) in hidden for source in item.sources)
                    else:  # it may be made of anything in its row, or of a total elsewhere
                        gives_away = r in hidden_rows or any(value in hidden_values for value in item.depends)
                    if gives_away:
                        text_ = "–"
                out.append(text_)
            result.append(out)
        return result

    def shown(self, below: int | None) -> tuple[list[list[tuple[Cell, str | None]]], list[list[tuple]]]:
        """The rows and the footer rows, each cell paired with its mask (see masks)."""
        grid = self.rows + self.footer
        paired = [list(zip(row, mask, strict=True)) for row, mask in zip(grid, self.masks(below), strict=True)]
        return paired[:len(self.rows)], paired[len(self.rows):]

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


_UNKNOWN = object()


def display(cell: Cell, below: int | None = None, hidden=_UNKNOWN) -> str:
    """The cell as text; `hidden`: its mask from Table.masks (else the cell alone decides)."""
    if hidden is _UNKNOWN:
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


def export_value(cell: Cell, below: int | None = None, hidden=_UNKNOWN):
    """The value written to XLSX: the number itself, or the suppression text."""
    if hidden is _UNKNOWN:
        hidden = suppressed(cell, below)
    if hidden is not None:
        return hidden
    return cell.value


def heat_class(cell: Cell, below: int | None = None, hidden=_UNKNOWN) -> str:
    if hidden is _UNKNOWN:
        hidden = suppressed(cell, below)
    if cell.heat is None or hidden is not None or not cell.value:
        return ""
    return f"heat{min(5, 1 + int(cell.heat * 5))}"


def rendered(tables: list[Table], below: int | None) -> list[dict]:
    """Tables as plain strings for the templates (suppression already applied)."""

    def row_out(row):
        return [{"text": display(c, below, m), "num": c.numeric, "heat": heat_class(c, below, m)} for c, m in row]

    out = []
    for t in tables:
        rows, footer = t.shown(below)
        out.append({
            "key": t.key,
            "title": t.title,
            "columns": [
                {"label": label, "num": bool(t.rows) and index < len(t.rows[0]) and t.rows[0][index].numeric}
                for index, label in enumerate(t.columns)
            ],
            "rows": [row_out(r) for r in rows],
            "footer": [row_out(r) for r in footer],
            "note": t.note + (f" {SECONDARY_NOTE}" if any(m == SECONDARY for r in rows + footer for _c, m in r)
                              else ""),
            "heat": t.heat,
        })
    return out
