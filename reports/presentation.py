"""The summary as display tables (counts with column percentages), shared by the page,
the text, CSV, XLSX and PDF renderers. Nothing here queries the database."""

from __future__ import annotations

from dataclasses import dataclass, field

from .summary import BY_KON_TABLES, LABELS, MATRIX_TABLES, POPULATION_LABELS, Table, share

TITLE = "Uppföljning av individinriktade insatser (SUS-sammanställning)"
KON_COLUMNS = (("K", "Kvinnor"), ("M", "Män"), ("total", "Totalt"))
# Short column heads for the wide matrices (the full label goes in a tooltip / the row heads).
SHORT = {
    "Försörjningsstöd": "Förs.stöd",
    "Sjukpenning/rehabiliteringspenning": "Sjukpenning",
    "Sjukersättning": "Sjukersättn.",
    "Aktivitetsersättning": "Akt.ersättn.",
    "Etableringsersättning": "Etabl.ersättn.",
    "Aktivitetsstöd/utvecklingsersättning": "Akt.stöd",
    "Arbetslöshetsersättning": "A-kassa",
    "Lön": "Lön",
    "Studiemedel": "Studiemedel",
    "Ingen offentlig försörjning": "Ingen off.",
    "Annan försörjning": "Annan",
    "Okänd": "Okänd",
    "Arbete, osubventionerat": "Arbete",
    "Arbete med subvention": "Arbete subv.",
    "Studier": "Studier",
    "Arbetssökande": "Arbetssök.",
    "Arbetsmarknadspolitiskt program": "AF-program",
    "Annan rehabiliterande insats": "Rehab",
    "Ingen sysselsättning": "Ingen",
}


def percent(count, total) -> float | None:
    """Column percentage, half up to one decimal; None for a hidden count or total."""
    if count is None or total is None:
        return None
    return share(count, total)


def format_count(value, below: int | None) -> str:
    if value is None:
        return f"<{below}" if below else "–"
    return f"{value:,}".replace(",", "\u00a0")


def format_percent(value) -> str:
    if value is None:
        return "–"
    return f"{value:.1f}".replace(".", ",") + "\u00a0%"


@dataclass
class Cell:
    count: int | None
    percent: float | None = None
    level: int = 0

    @property
    def hidden(self) -> bool:
        return self.count is None


@dataclass
class Row:
    code: str
    label: str
    cells: list[Cell]
    total: Cell | None = None


@dataclass
class DisplayTable:
    key: str
    title: str
    population: str
    kind: str
    rows_title: str
    columns: list[tuple[str, str]]  # (code, label)
    rows: list[Row]
    totals: Row
    cols_title: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def population_label(self) -> str:
        return POPULATION_LABELS.get(self.population, "")

    @property
    def short_columns(self) -> list[tuple[str, str, str]]:
        return [(code, SHORT.get(label, label), label) for code, label in self.columns]

    @property
    def max_count(self) -> int:
        values = [cell.count or 0 for row in self.rows for cell in row.cells]
        return max(values, default=0)


def by_kon_table(data: dict, table: Table) -> DisplayTable:
    block = data[table.key]
    totals = block["total"]
    rows = []
    for row in block["rows"]:
        rows.append(
            Row(
                row["code"],
                row["label"],
                [Cell(row[code], percent(row[code], totals[code])) for code, _label in KON_COLUMNS],
            )
        )
    total_row = Row("total", "Totalt", [Cell(totals[code], percent(totals[code], totals[code]))
                                        for code, _label in KON_COLUMNS])
    return DisplayTable(table.key, table.title, table.population, "by_kon", table.rows_title,
                        list(KON_COLUMNS), rows, total_row)


def matrix_table(data: dict, table: Table) -> DisplayTable:
    block = data[table.key]
    row_labels = LABELS[table.key + ":rows"]
    col_labels = LABELS[table.key + ":cols"]
    columns = [(col, str(col_labels[col])) for col in block["cols"]]
    rows = []
    for row in block["rows"]:
        cells = [Cell(block["cells"][row][col], percent(block["cells"][row][col], block["row_totals"][row]))
                 for col in block["cols"]]
        rows.append(Row(row, str(row_labels[row]), cells,
                        Cell(block["row_totals"][row], percent(block["row_totals"][row], block["total"]))))
    totals = Row("total", "Totalt",
                 [Cell(block["col_totals"][col], percent(block["col_totals"][col], block["total"]))
                  for col in block["cols"]],
                 Cell(block["total"], percent(block["total"], block["total"])))
    return DisplayTable(table.key, table.title, table.population, "matrix", table.rows_title, columns, rows,
                        totals, cols_title=table.cols_title)


def display_tables(data: dict) -> list[DisplayTable]:
    """Every table of the summary in report order."""
    tables = [by_kon_table(data, table) for table in BY_KON_TABLES]
    tables += [matrix_table(data, table) for table in MATRIX_TABLES]
    return tables


def counts_rows(data: dict) -> list[tuple[str, dict]]:
    counts = data["counts"]
    return [
        ("Med personuppgifter (deltaganden)", counts["individual"]),
        ("Anonymt registrerade", counts["anonymous"]),
        ("Deltagande i volyminsats", counts["volume"]),
    ]


def outcome_rows(data: dict) -> list[tuple[str, dict]]:
    outcome = data["outcome"]
    return [
        ("Avslutade", outcome["ended"]),
        ("Till arbete (med och utan subvention)", outcome["work"]),
        ("Till studier", outcome["studies"]),
        ("Till arbete eller studier", outcome["work_or_studies"]),
    ]


def period_label(data: dict) -> str:
    return f"{data['period']['from']} – {data['period']['to']}"
