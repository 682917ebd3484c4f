"""The summary as display tables (`stats.tables.Table`: counts with their percentages), shared by
the page, the text, CSV, XLSX and PDF renderers. Nothing here queries the database.

A by-kön table has rows [label, K, M, total] and a footer row of totals, each count with its
column percentage; a matrix has rows [label, cells…, row total] (cells with their row
percentage, the row total with its share of the grand total) and a footer of column totals.
A count hidden by disclosure control is None with its mark: `<N` (small) or `×` (hidden to
protect another count).
"""

from __future__ import annotations

from stats.disclosure import BOARD_NOTE, DERIVED, PROTECTED_NOTE, small_mark
from stats.tables import Cell, Table, format_count, share, text

from .definitions import BY_KON_TABLES, LABELS, MATRIX_TABLES, POPULATION_LABELS, TableSpec

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


def _get(data, path):
    for part in path:
        data = data[part]
    return data


def count_cell(data: dict, path: tuple, below: int | None, total=None) -> Cell:
    """The count at `path` of the summary, with its share of `total` and its mark when hidden."""
    value = _get(data, path)
    cell = Cell(value, "count", percent=percent(value, total))
    if value is None:
        mark = getattr(data, "mark", None)
        cell.mark = mark(path) if mark else (small_mark(below) if below else DERIVED)
    return cell


def shown(cell: Cell) -> str:
    """A count as text: its mark, or the number with thousands spaced."""
    return cell.mark if cell.mark is not None else format_count(cell.value)


def by_kon_table(data: dict, spec: TableSpec, below: int | None = None) -> Table:
    key = spec.key
    totals = data[key]["total"]
    table = Table(key, spec.title, [spec.rows_title, *[label for _code, label in KON_COLUMNS]],
                  population=spec.population, kind="by_kon", rows_title=spec.rows_title,
                  extra={"population_label": POPULATION_LABELS.get(spec.population, "")})
    for index, row in enumerate(data[key]["rows"]):
        table.rows.append([text(row["label"]), *[count_cell(data, (key, "rows", index, code), below, totals[code])
                                                 for code, _label in KON_COLUMNS]])
    table.footer.append([text("Totalt"), *[count_cell(data, (key, "total", code), below, totals[code])
                                          for code, _label in KON_COLUMNS]])
    return table


def matrix_table(data: dict, spec: TableSpec, below: int | None = None) -> Table:
    key = spec.key
    block = data[key]
    row_labels = LABELS[key + ":rows"]
    labels = [str(LABELS[key + ":cols"][col]) for col in block["cols"]]
    table = Table(key, spec.title, [spec.rows_title, *labels, "Totalt"], population=spec.population,
                  kind="matrix", rows_title=spec.rows_title, cols_title=spec.cols_title,
                  extra={"population_label": POPULATION_LABELS.get(spec.population, ""),
                         "short_columns": [(col, SHORT.get(label, label), label)
                                           for col, label in zip(block["cols"], labels, strict=True)]})
    for row in block["rows"]:
        row_total = block["row_totals"][row]
        table.rows.append([
            text(str(row_labels[row])),
            *[count_cell(data, (key, "cells", row, col), below, row_total) for col in block["cols"]],
            count_cell(data, (key, "row_totals", row), below, block["total"]),
        ])
    table.footer.append([
        text("Totalt"),
        *[count_cell(data, (key, "col_totals", col), below, block["total"]) for col in block["cols"]],
        count_cell(data, (key, "total"), below, block["total"]),
    ])
    return table


def mostly_hidden(table: Table) -> dict | None:
    """For a matrix whose cells with people in them are mostly hidden by disclosure control
    (more than half): how many are hidden of how many, so the page can fold it away and say why."""
    if table.kind != "matrix":
        return None
    cells = [cell for row in table.rows for cell in row[1:-1] if cell.kind == "count"]
    hidden = sum(cell.hidden for cell in cells)
    with_people = sum(cell.hidden or bool(cell.value) for cell in cells)
    return {"hidden": hidden, "of": with_people} if with_people and 2 * hidden > with_people else None


def display_tables(data: dict, below: int | None = None) -> list[Table]:
    """Every table of the summary in report order."""
    tables = [by_kon_table(data, spec, below) for spec in BY_KON_TABLES]
    tables += [matrix_table(data, spec, below) for spec in MATRIX_TABLES]
    return tables


def _kon_cells(data: dict, path: tuple, below) -> list[Cell]:
    return [count_cell(data, (*path, code), below) for code, _label in KON_COLUMNS]


def counts_rows(data: dict, below: int | None = None) -> list[tuple[str, list[Cell]]]:
    return [
        ("Med personuppgifter (deltaganden)", _kon_cells(data, ("counts", "individual"), below)),
        ("Anonymt registrerade", _kon_cells(data, ("counts", "anonymous"), below)),
        ("Deltagande i volyminsats", _kon_cells(data, ("counts", "volume"), below)),
    ]


def outcome_rows(data: dict, below: int | None = None) -> list[tuple[str, list[Cell]]]:
    return [
        ("Avslutade", _kon_cells(data, ("outcome", "ended"), below)),
        ("Till arbete (med och utan subvention)", _kon_cells(data, ("outcome", "work"), below)),
        ("Till studier", _kon_cells(data, ("outcome", "studies"), below)),
        ("Till arbete eller studier", _kon_cells(data, ("outcome", "work_or_studies"), below)),
    ]


def overview(data: dict, below: int | None = None) -> dict[str, Cell]:
    """The headline counts: participations, people, anonymous, volume and all."""
    counts = ("counts",)
    return {
        "individual": count_cell(data, (*counts, "individual", "total"), below),
        "persons": count_cell(data, (*counts, "persons"), below),
        "anonymous": count_cell(data, (*counts, "anonymous", "total"), below),
        "volume": count_cell(data, (*counts, "volume", "total"), below),
        "all": count_cell(data, (*counts, "all"), below),
    }


def counts_lines(data: dict, below: int | None = None) -> list[list]:
    """The 'Antal deltagare' overview as lines: a head, then label and cells (K, M, total), the
    distinct people and all participants (text stays text, counts are cells)."""
    headline = overview(data, below)
    return [
        ["", "Kvinnor", "Män", "Totalt"],
        *[[label, *cells] for label, cells in counts_rows(data, below)],
        ["Olika personer", "", "", headline["persons"]],
        ["Samtliga deltagare", "", "", headline["all"]],
    ]


def per_intervention_rows(data: dict, below: int | None = None) -> list[dict]:
    """Each selected intervention with its counts as cells (active total, started, ended, to
    work or studies) beside its share and goal."""
    rows = []
    for index, item in enumerate(data["per_intervention"]):
        path = ("per_intervention", index)
        active = _kon_cells(data, (*path, "active"), below)
        rows.append({
            "item": item,
            "active_by_kon": active,
            "active": active[-1],
            "started": count_cell(data, (*path, "started"), below),
            "ended": count_cell(data, (*path, "ended"), below),
            "work_or_studies": count_cell(data, (*path, "work_or_studies"), below),
        })
    return rows


def period_label(data: dict) -> str:
    return f"{data['period']['from']} – {data['period']['to']}"


def export_text(cell: Cell) -> str:
    return cell.mark if cell.mark is not None else str(cell.value)


def percent_text(value):
    return "" if value is None else f"{value:.1f}"


def legend(data: dict, below: int | None) -> str:
    """How hidden counts are shown ('' without suppression)."""
    if not below:
        return ""
    text = f"{BOARD_NOTE} Antal under {below} visas som <{below}."
    return f"{text} {PROTECTED_NOTE}" if getattr(data, "protecting", None) else text


def overview_lines(data: dict, below) -> list[tuple[str, list[list[str]]]]:
    sections = []
    lines = [[export_text(value) if isinstance(value, Cell) else value for value in line]
             for line in counts_lines(data, below)]
    sections.append(("Antal deltagare", lines))
    lines = [["", "Kvinnor", "Män", "Totalt", "Andel av avslutade %"]]
    ended = data["outcome"]["ended"]["total"]
    for label, cells in outcome_rows(data, below):
        lines.append([label, *[export_text(cell) for cell in cells], percent_text(percent(cells[-1].value, ended))])
    lines.append(["Andel till arbete eller studier %", "", "", percent_text(data["outcome"]["share_work_or_studies"])])
    sections.append(("Resultat efter avslutad insats", lines))
    lines = [["Kod", "Insats", "Aktiva kvinnor", "Aktiva män", "Aktiva totalt", "Påbörjade", "Avslutade",
              "Till arbete/studier", "Andel %", "Mål %"]]
    for row in per_intervention_rows(data, below):
        item = row["item"]
        lines.append([
            item["code"], item["name"], *[export_text(cell) for cell in row["active_by_kon"]],
            export_text(row["started"]), export_text(row["ended"]), export_text(row["work_or_studies"]),
            percent_text(item["share_work_or_studies"]), "" if item["goal_share"] is None else str(item["goal_share"]),
        ])
    sections.append(("Per insats mot mål", lines))
    return sections
def volume_note(data: dict) -> str:
    """Why the volume row's women and men do not add up to its total (volume registrations
    count participants, with kön only when it was registered); '' when they add up."""
    volume = data["counts"]["volume"]
    women, men, total = volume["K"], volume["M"], volume["total"]
    if None not in (women, men, total) and women + men == total:
        return ""
    return ("Deltagande i volyminsats: totalen omfattar också deltagare som registrerats utan uppgift om kön, "
            "så kvinnor och män summerar inte alltid till totalen.")
