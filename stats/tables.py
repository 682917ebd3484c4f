"""The table model every aggregated page and download is built from.

A `Table` is a title, column heads and rows of `Cell`s (a footer holds total rows). A cell is
a value of one kind — text, a count, a percentage, an amount of money or another number —
plus what the board must see instead when disclosure control hides it (`mark`, set by
`stats.disclosure`). A table declares which of its counts add up (`row_sums`,
`column_sums`); disclosure control uses these lines so that no hidden count can be worked
back from a total.

Percentages are rounded half up (7.25 → 7.3), never to even: `half_up` and `share` are the
one rounding rule of the registry.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any


def half_up(value, places: int = 1) -> float:
    """`value` rounded half up to `places` decimals (0.25 → 0.3; Python's round gives 0.2)."""
    step = Decimal(1).scaleb(-places)
    return float(Decimal(str(value)).quantize(step, rounding=ROUND_HALF_UP))


def share(part: int | None, whole: int | None, places: int = 1) -> float | None:
    """100 × part / whole rounded half up; None when the whole is 0 or unknown, or the part unknown."""
    if part is None or not whole:
        return None
    exact = Decimal(100) * Decimal(int(part)) / Decimal(int(whole))
    return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def format_count(value: int) -> str:
    """12345 → '12 345' (a no-break space between thousands)."""
    return f"{value:,}".replace(",", "\u00a0")


def format_percent(value, space: str = "\u00a0") -> str:
    """7.25 → '7,3 %' (one decimal, decimal comma); None → '–'."""
    if value is None:
        return "–"
    return f"{float(value):.1f}".replace(".", ",") + space + "%"


@dataclass
class Cell:
    value: Any
    kind: str = "text"  # text | count | pct | money | number
    depends: tuple = ()  # the counts a derived figure is worked out from
    heat: float | None = None  # 0..1: the share of the table's largest value (heat tables)
    sources: tuple | None = None  # columns of its own row a derived figure is worked out from
    percent: float | None = None  # a count's share of its reference total (the SUS tables)
    mark: str | None = None  # shown instead of the value when disclosure control hides it

    def from_columns(self, *columns: int) -> Cell:
        """Name the columns of this row the figure is derived from: it is then hidden only when
        one of them is (without them, whenever any count of its row is hidden)."""
        self.sources = columns
        return self

    @property
    def numeric(self) -> bool:
        return self.kind != "text"

    @property
    def hidden(self) -> bool:
        return self.mark is not None


def text(value) -> Cell:
    return Cell("" if value is None else value)


def count(value, percent: float | None = None) -> Cell:
    return Cell(int(value or 0), "count", percent=percent)


def pct(numerator, denominator) -> Cell:
    """A percentage of two counts; a missing numerator counts as 0 (an empty SQL sum)."""
    return Cell(share(int(numerator or 0), denominator), "pct", depends=(numerator, denominator))


def money(value, *depends) -> Cell:
    return Cell(None if value is None else int(value), "money", depends=depends)


def per(amount, denominator) -> Cell:
    """An amount divided by a count (cost per participant), rounded half up to whole kronor."""
    if amount is None or not denominator:
        return Cell(None, "money", depends=(denominator,))
    return Cell(int(half_up(Decimal(int(amount)) / Decimal(int(denominator)), 0)), "money", depends=(denominator,))


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
    # Lines whose total counts distinct people over rows that may share them: at most the sum
    # of the inner counts, at least each of them.
    unions: list[tuple[tuple, tuple]] = field(default_factory=list)
    # How the SUS report describes its tables: the population counted ("active", "started",
    # "ended"), the layout ("by_kon": rows × kön; "matrix": rows × columns with a total
    # column) and the titles of the row and column dimensions.
    population: str = ""
    kind: str = ""
    rows_title: str = ""
    cols_title: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def grid(self) -> list[list[Cell]]:
        return self.rows + self.footer

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

    def column_unions(self, cols) -> Table:
        """The first footer row holds, in each of cols, the people of the rows above it, each
        counted once (a person in two rows is one): at most their sum, at least each row."""
        if self.footer:
            for c in cols:
                self.unions.append((tuple((r, c) for r in range(len(self.rows))), (len(self.rows), c)))
        return self

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

    def hidden_positions(self) -> set[tuple[int, int]]:
        """(row, column) over rows + footer of every count disclosure control hides."""
        return {(r, c) for r, row in enumerate(self.grid) for c, cell in enumerate(row)
                if cell.kind == "count" and cell.hidden}

    @property
    def max_count(self) -> int:
        """The largest count in the body (the label column and a matrix's total column left out)."""
        end = -1 if self.kind == "matrix" else None
        values = [cell.value or 0 for row in self.rows for cell in row[1:end] if cell.kind == "count"]
        return max(values, default=0)


def to_json(tables: list[Table]) -> list[dict]:
    """Tables (with their marks) as plain data, to store; `from_json` gives them back."""
    return [asdict(table) for table in tables]


def from_json(data: list[dict]) -> list[Table]:
    def cells(rows):
        return [[Cell(**cell) for cell in row] for row in rows]

    def positions(lines):
        return [(tuple(map(tuple, inner)), tuple(total)) for inner, total in lines]

    return [Table(**{**table, "rows": cells(table["rows"]), "footer": cells(table["footer"]),
                     "lines": positions(table["lines"]), "unions": positions(table.get("unions", []))})
            for table in data]


def display(cell: Cell) -> str:
    """The cell as text: its mark when hidden, else its value formatted by kind."""
    if cell.mark is not None:
        return cell.mark
    value = cell.value
    if value is None:
        return "–" if cell.numeric else ""
    if cell.kind == "pct":
        return format_percent(value, " ")
    if cell.kind == "money":
        return format_count(value) + " kr"
    if cell.kind == "count":
        return format_count(value)
    if cell.kind == "number" and isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


def export_value(cell: Cell):
    """The value written to a spreadsheet: the number itself, or the mark that hides it."""
    return cell.mark if cell.mark is not None else cell.value


def heat_class(cell: Cell) -> str:
    if cell.heat is None or cell.mark is not None or not cell.value:
        return ""
    return f"heat{min(5, 1 + int(cell.heat * 5))}"


def rendered(tables: list[Table], *, notes: dict[str, str] | None = None) -> list[dict]:
    """Tables as plain strings for the templates (disclosure control already applied).
    `notes`: text added to a table's note when one of its cells carries that mark."""

    def row_out(row):
        return [{"text": display(c), "num": c.numeric, "heat": heat_class(c)} for c in row]

    out = []
    for t in tables:
        marks = {cell.mark for row in t.grid for cell in row}
        extra = [note for mark, note in (notes or {}).items() if mark in marks]
        out.append({
            "key": t.key,
            "title": t.title,
            "columns": [
                {"label": label, "num": bool(t.rows) and index < len(t.rows[0]) and t.rows[0][index].numeric}
                for index, label in enumerate(t.columns)
            ],
            "rows": [row_out(r) for r in t.rows],
            "footer": [row_out(r) for r in t.footer],
            "note": " ".join([t.note, *extra]) if extra else t.note,
            "heat": t.heat,
        })
    return out
