"""The follow-up outcomes for kansli: one row per spell ended in a period, with the situation at
exit and at each follow-up after exit (codes from the code lists). No notes, no personnummer, no
names: the spell's registry id, kön and birth year only. Not part of the SUS exchange format."""

from __future__ import annotations

import csv
import datetime
import io

from django.conf import settings
from django.db.models import IntegerField, Max, Q
from django.db.models.functions import Cast

from participants.models import Participation
from stats.writers import neutralise, xlsx_text_cell

BASE_COLUMNS = ["deltagande_id", "insats", "kon", "fodelsear", "startdatum", "slutdatum", "avslutsorsak",
                "sysselsattning_efter", "forsorjning_efter"]
PER_FOLLOWUP = ["datum", "nadd", "sysselsattning", "forsorjning"]


def columns() -> list[str]:
    return BASE_COLUMNS + [f"uppfoljning_{m}_{part}" for m in settings.FINSAM_FOLLOWUP_MONTHS for part in PER_FOLLOWUP]


def followup_rows(date_from: datetime.date, date_to: datetime.date, intervention_ids=None):
    """Rows (lists in `columns()` order), one query: the follow-ups pivoted with conditional MAX."""
    spells = Participation.objects.ended_in(date_from, date_to)
    if intervention_ids is not None:
        spells = spells.filter(intervention_id__in=list(intervention_ids))
    pivot = {}
    for m in settings.FINSAM_FOLLOWUP_MONTHS:
        at = Q(followups__months=m)
        pivot[f"d{m}"] = Max("followups__date", filter=at)
        pivot[f"r{m}"] = Max(Cast("followups__reached", IntegerField()), filter=at)  # no MAX(boolean) in PostgreSQL
        pivot[f"s{m}"] = Max("followups__sysselsattning", filter=at)
        pivot[f"f{m}"] = Max("followups__forsorjning", filter=at)
    fields = ["pk", "intervention__code", "participant__kon", "participant__birth_year", "startdatum", "slutdatum",
              "avslutsorsak", "sysselsattning_efter", "forsorjning_efter"]
    rows = spells.order_by().values(*fields).annotate(**pivot).order_by("slutdatum", "pk")
    for row in rows.iterator(chunk_size=5000):
        out = [row[name] for name in fields]
        for m in settings.FINSAM_FOLLOWUP_MONTHS:
            done = row[f"d{m}"] is not None
            out += [row[f"d{m}"], ("ja" if row[f"r{m}"] else "nej") if done else "", row[f"s{m}"] or "",
                    row[f"f{m}"] or ""]
        yield [value.isoformat() if isinstance(value, datetime.date) else value for value in out]


def to_csv(rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(columns())
    writer.writerows([neutralise(value) if isinstance(value, str) else value for value in row] for row in rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the BOM: Excel reads å, ä, ö right


def to_xlsx(rows) -> bytes:
    """Typed cells: the date columns as dates (YYYY-MM-DD), ids and years as numbers, codes as text."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Uppföljningar")
    sheet.freeze_panes = "A2"
    dates = {index for index, name in enumerate(columns()) if name.endswith("datum")}
    sheet.append(columns())
    for row in rows:
        cells = []
        for index, value in enumerate(row):
            if index in dates and value:
                value = datetime.date.fromisoformat(value)
            cell = xlsx_text_cell(WriteOnlyCell(sheet), value)
            if index in dates and value:
                cell.number_format = "YYYY-MM-DD"
            cells.append(cell)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
