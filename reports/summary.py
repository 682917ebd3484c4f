"""The SUS-style summary for any period and set of interventions (reports.md).

    from reports.summary import sus_summary
    data = sus_summary(date(2015, 1, 1), date(2015, 12, 31), ["PTSD"], suppress_below=5)

One function returns the whole JSON contract. It aggregates in the database with a fixed
number of queries (4; 5 on PostgreSQL) whatever the data size:

1. the selected interventions (codes, names, goals);
2. ONE statement for every participation figure: the active spells (with the person's kön
   copied on the spell, so no join) are materialised in a CTE of narrow rows — raw age and
   completed months, 0/1 flags, no CASE per row (the row SQL is built by the ORM from
   `Participation.objects.active_in()`) — then six GROUP BYs over that CTE, each feeding one or
   more tables, glued with UNION ALL — by-kön tables, matrices, per intervention — and the
   distinct persons; ages and months are put in their bands in Python, over the grouped rows.
   (An earlier version used one GROUP BY with ~50 ``Count(filter=Q(...))`` columns; evaluating
   every filter on every row made it 3–4× slower than a plain GROUP BY; GROUPING SETS over the
   CTE measured slower than the UNION ALL too.) On PostgreSQL a `set_config(..., true)` before
   it turns JIT off, raises work_mem and lets the CTE be read by parallel workers, for that
   transaction only.
3. anonymous registrations, SUM(antal) GROUP BY kön;
4. volume registrations, SUM(antal), SUM(antal_kvinnor), SUM(antal_man).

Only the grouped rows (a few hundred at most) are folded into tables in Python.
Suppression (`suppress_below`) is applied afterwards by :mod:`reports.suppression`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Case, Count, F, Func, IntegerField, Q, Sum, Value, When
from django.db.models.lookups import GreaterThan

from interventions.models import Intervention
from participants.models import AnonymousRegistration, Participation, VolumeRegistration
from stats.disclosure import Release, protect_tables
from stats.releases import year_periods
from stats.tables import Table, count, pct, share, text

from .definitions import (
    AGE_BANDS,
    BY_KON_TABLES,
    KONS,
    MATRIX_CODES,
    MATRIX_TABLES,
    MONTH_BANDS,
    ROW_CODES,
    STUDY_CODES,
    WORK_CODES,
)
from .suppression import suppress


class UnknownIntervention(ValueError):
    """One or more intervention codes do not exist."""

    def __init__(self, codes: Iterable[str]):
        self.codes = sorted(codes)
        super().__init__(f"Okänd insatskod: {', '.join(self.codes)}")


class DatePart(Func):
    """The year, month or day of a date as an integer.

    Django's Extract on SQLite calls a Python function per row; dates are stored there as
    'YYYY-MM-DD', so the part is cut out natively instead (same results, ~20× faster). On
    PostgreSQL EXTRACT gives a numeric, slow to calculate with; date_part gives a float."""

    output_field = IntegerField()
    template = "EXTRACT(%(part)s FROM %(expressions)s)"
    POSITIONS = {"YEAR": (1, 4), "MONTH": (6, 2), "DAY": (9, 2)}

    def __init__(self, expression, part: str, **extra):
        super().__init__(expression, part=part.upper(), **extra)

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection,
                           template=f"CAST(date_part('{self.extra['part']}', %(expressions)s) AS integer)", **extra)

    def as_sqlite(self, compiler, connection, **extra):
        start, length = self.POSITIONS[self.extra["part"]]
        return self.as_sql(compiler, connection,
                           template=f"CAST(SUBSTR(%(expressions)s, {start}, {length}) AS INTEGER)", **extra)


def completed_months_expression(start="startdatum", end="slutdatum"):
    """12·(y₂−y₁) + (m₂−m₁) − (1 if d₂ < d₁), as an SQL expression on start → end."""
    return (
        (DatePart(end, "year") - DatePart(start, "year")) * 12
        + DatePart(end, "month")
        - DatePart(start, "month")
        - Case(When(GreaterThan(DatePart(start, "day"), DatePart(end, "day")), then=Value(1)), default=Value(0))
    )


def resolve_interventions(interventions) -> list[Intervention]:
    """The selected interventions sorted by code (None: all). Raises UnknownIntervention."""
    queryset = Intervention.objects.order_by("code").only(
        "id", "code", "name", "mal_andel_arbete_studier"
    )
    if interventions is None:
        return list(queryset)
    if isinstance(interventions, (str, Intervention)):
        interventions = [interventions]
    codes, pks = set(), set()
    for item in interventions:
        if isinstance(item, Intervention):
            pks.add(item.pk)
        else:
            codes.add(str(item).strip())
    if not codes and not pks:
        return []
    found = list(queryset.filter(Q(code__in=codes) | Q(pk__in=pks)))
    missing = codes - {item.code for item in found}
    if missing:
        raise UnknownIntervention(missing)
    return found


def _by_kon() -> dict:
    return {kon: 0 for kon in KONS}


def _kon_row(values: dict) -> dict:
    row = {kon: values.get(kon, 0) for kon in KONS}
    row["total"] = sum(row[kon] for kon in KONS)
    return row


def _by_kon_table(key: str, counts: dict[str, dict[str, int]]) -> dict:
    rows = []
    for code, label in ROW_CODES[key]:
        rows.append({"code": code, "label": str(label), **_kon_row(counts.get(code, {}))})
    total = {kon: sum(row[kon] for row in rows) for kon in KONS}
    total["total"] = sum(total[kon] for kon in KONS)
    return {"rows": rows, "total": total}


def _matrix(key: str, cells: dict[tuple[str, str], int]) -> dict:
    row_codes, col_codes = MATRIX_CODES[key]
    rows = [code for code, _ in row_codes]
    cols = [code for code, _ in col_codes]
    grid = {row: {col: cells.get((row, col), 0) for col in cols} for row in rows}
    return {
        "rows": rows,
        "cols": cols,
        "cells": grid,
        "row_totals": {row: sum(grid[row].values()) for row in rows},
        "col_totals": {col: sum(grid[row][col] for row in rows) for col in cols},
        "total": sum(sum(grid[row].values()) for row in rows),
    }


# The GROUP BYs over the spells: (name, population, four columns ('' = unused)). Each feeds
# several tables, so the spells are grouped 7 times, not once per table.
GROUPINGS = (
    ("active", "active", ("kon", "age", "utbildning", "''")),
    ("started", "started", ("kon", "tid_offentlig_forsorjning", "forsorjning_fore", "''")),
    ("ended_reason", "ended", ("kon", "avslutsorsak", "months", "''")),
    ("ended_support", "ended", ("kon", "forsorjning_fore", "sysselsattning_efter", "forsorjning_efter")),
    ("ended_background", "ended", ("tid_offentlig_forsorjning", "utbildning", "sysselsattning_efter", "''")),
    ("intervention", "active", ("intervention_id", "kon", "started * 2 + ended", "sysselsattning_efter")),
)
GROUPED_BY = {"started * 2 + ended": "started, ended"}
# (table, grouping, row column, column column) — by-kön tables use kon as the column.
TABLE_SOURCES = (
    ("age", "active", 1, 0),
    ("education", "active", 2, 0),
    ("time_in_support", "started", 1, 0),
    ("support_before", "started", 2, 0),
    ("end_reason", "ended_reason", 1, 0),
    ("time_in_intervention", "ended_reason", 2, 0),
    ("occupation_after", "ended_support", 2, 0),
    ("support_after", "ended_support", 3, 0),
    ("support_flow", "ended_support", 1, 3),
    ("occupation_by_support_before", "ended_support", 1, 2),
    ("occupation_by_time_in_support", "ended_background", 0, 2),
    ("occupation_by_education", "ended_background", 1, 2),
)


# Grouped numbers are put in their bands here, not per spell in SQL: (code, first number above).
BANDED = {
    "age": [(code, None if high is None else high + 1) for code, _label, _low, high in AGE_BANDS],
    "time_in_intervention": [(code, below) for code, _label, _low, below in MONTH_BANDS],
}


def _band(bands, value: str) -> str:
    number = int(value)
    return next(code for code, above in bands if above is None or number < above)


TABLE = Participation._meta.db_table
TUNING_SQL = ("SELECT set_config('jit', 'off', true), set_config('work_mem', '64MB', true), "
              "set_config('parallel_tuple_cost', '0.01', true)")


def _spells_sql(date_from, date_to, interventions, selected_all) -> tuple[str, list]:
    """The active spells with what every table needs, one narrow row each (compiled by the
    ORM, so vendor differences such as the date parts stay in Django)."""
    participations = Participation.objects.active_in(date_from, date_to)
    if not selected_all:
        participations = participations.filter(intervention_id__in=[item.pk for item in interventions])
    ended = Q(slutdatum__lte=date_to)
    spells = participations.annotate(
        started=Case(When(startdatum__gte=date_from, then=Value(1)), default=Value(0)),
        ended=Case(When(ended, then=Value(1)), default=Value(0)),
        age=F("alder_vid_start"),
        months=Case(When(ended, then=completed_months_expression()), default=None, output_field=IntegerField()),
    ).values(
        "participant_id", "intervention_id", "kon", "started", "ended", "age", "months", "utbildning",
        "tid_offentlig_forsorjning", "forsorjning_fore", "avslutsorsak", "sysselsattning_efter",
        "forsorjning_efter",
    ).order_by()
    sql, params = spells.query.sql_with_params()
    return sql, list(params)


def _grouped_rows(date_from, date_to, interventions, selected_all) -> list[tuple]:
    """ONE statement: the spells are read once into a materialised CTE, then every table is a
    small GROUP BY over it, glued with UNION ALL.

    Rows: (grouping, a, b, c, d, count), the columns as text."""
    spells_sql, params = _spells_sql(date_from, date_to, interventions, selected_all)
    where = {"active": "", "started": " WHERE started = 1", "ended": " WHERE ended = 1"}
    parts = []
    for name, population, columns in GROUPINGS:
        shown = ", ".join(column if column == "''" else f"CAST({column} AS TEXT)" for column in columns)
        used = ", ".join(GROUPED_BY.get(column, column) for column in columns if column != "''")
        parts.append(f"SELECT '{name}', {shown}, COUNT(*) FROM spells{where[population]} GROUP BY {used}")
    parts.append("SELECT 'persons', '', '', '', '', COUNT(DISTINCT participant_id) FROM spells")
    sql = f"WITH spells AS MATERIALIZED ({spells_sql}) " + " UNION ALL ".join(parts)
    if connection.vendor == "sqlite":
        # SQLite picks the startdatum index for `startdatum <= to`, which matches most rows of a
        # multi-year table and costs a random row lookup each: 3–5× slower than reading the table.
        sql = sql.replace(f'FROM "{TABLE}"', f'FROM "{TABLE}" NOT INDEXED', 1)
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()
    with transaction.atomic(), connection.cursor() as cursor:
        # For this one reporting statement (local to its transaction): JIT compilation of the
        # aggregates costs more than it saves at any size, a 4 MB work_mem spills the CTE to
        # disk, and at the default tuple cost the planner reads the spells in one process.
        cursor.execute(TUNING_SQL)
        cursor.execute(sql, params)
        return cursor.fetchall()


def _compute(date_from, date_to, interventions: list[Intervention], selected_all: bool) -> dict:
    by_kon: dict[str, dict[str, dict[str, int]]] = {table.key: {} for table in BY_KON_TABLES}
    matrices: dict[str, dict[tuple[str, str], int]] = {table.key: {} for table in MATRIX_TABLES}
    per_intervention = {
        str(item.pk): {"active": _by_kon(), "started": 0, "ended": 0, "work_or_studies": 0}
        for item in interventions
    }
    persons = 0
    sources: dict[str, list[tuple[str, int, int]]] = {}
    for table, grouping, row_column, col_column in TABLE_SOURCES:
        sources.setdefault(grouping, []).append((table, row_column, col_column))
    rows = _grouped_rows(date_from, date_to, interventions, selected_all) if interventions else []
    for grouping, *values, n in rows:
        if grouping == "intervention":
            iv, kon, flags, syss = values
            figures = per_intervention[iv]
            figures["active"][kon] += n
            figures["started"] += n if flags in ("2", "3") else 0
            if flags in ("1", "3"):
                figures["ended"] += n
                figures["work_or_studies"] += n if syss in WORK_CODES + STUDY_CODES else 0
        elif grouping == "persons":
            persons = n
        else:
            for table, row_column, col_column in sources[grouping]:
                row, col = values[row_column], values[col_column]
                if table in BANDED:
                    row = _band(BANDED[table], row)
                if table in matrices:
                    matrices[table][(row, col)] = matrices[table].get((row, col), 0) + n
                else:
                    cell = by_kon[table].setdefault(row, {})
                    cell[col] = cell.get(col, 0) + n

    result = {"persons": persons}
    for table in BY_KON_TABLES:
        result[table.key] = _by_kon_table(table.key, by_kon[table.key])
    for table in MATRIX_TABLES:
        result[table.key] = _matrix(table.key, matrices[table.key])
    result["individual"] = dict(result["education"]["total"])
    occupation = {row["code"]: row for row in result["occupation_after"]["rows"]}

    def kon_sum(codes):
        return _kon_row({kon: sum(occupation[code][kon] for code in codes) for kon in KONS})

    result["outcome"] = {
        "ended": dict(result["occupation_after"]["total"]),
        "work": kon_sum(WORK_CODES),
        "studies": kon_sum(STUDY_CODES),
        "work_or_studies": kon_sum(WORK_CODES + STUDY_CODES),
    }
    result["outcome"]["share_work_or_studies"] = share(
        result["outcome"]["work_or_studies"]["total"], result["outcome"]["ended"]["total"]
    )
    result["per_intervention"] = []
    for item in interventions:
        figures = per_intervention[str(item.pk)]
        result["per_intervention"].append(
            {
                "code": item.code,
                "name": item.name,
                "active": _kon_row(figures["active"]),
                "started": figures["started"],
                "ended": figures["ended"],
                "work_or_studies": figures["work_or_studies"],
                "share_work_or_studies": share(figures["work_or_studies"], figures["ended"]),
                "goal_share": item.mal_andel_arbete_studier,
            }
        )
    return result


def _anonymous(date_from, date_to, interventions, selected_all) -> dict:
    counts = _by_kon()
    if interventions:
        registrations = AnonymousRegistration.objects.active_in(date_from, date_to)
        if not selected_all:
            registrations = registrations.filter(intervention_id__in=[item.pk for item in interventions])
        for row in registrations.values("kon").annotate(n=Sum("antal")).order_by():
            counts[row["kon"]] += row["n"] or 0
    return _kon_row(counts)


def _volume(date_from, date_to, interventions, selected_all) -> dict:
    if not interventions:
        return {"total": 0, "K": 0, "M": 0}
    registrations = VolumeRegistration.objects.dated_in(date_from, date_to)
    if not selected_all:
        registrations = registrations.filter(intervention_id__in=[item.pk for item in interventions])
    sums = registrations.aggregate(total=Sum("antal"), K=Sum("antal_kvinnor"), M=Sum("antal_man"))
    return {"total": sums["total"] or 0, "K": sums["K"] or 0, "M": sums["M"] or 0}


def sus_summary(
    date_from: datetime.date,
    date_to: datetime.date,
    interventions=None,
    *,
    suppress_below: int | None = None,
) -> dict:
    """The whole summary as the JSON contract of reports.md (a plain, JSON-serialisable dict).

    `interventions`: None for all, or an iterable of codes or Intervention objects (an
    unknown code raises UnknownIntervention). `suppress_below`: replace counts 1..N−1 by
    None (and hide what would reveal them, see reports.suppression).
    """
    if date_from > date_to:
        raise ValueError("Från-datum måste vara före eller samma som till-datum.")
    selected = resolve_interventions(interventions)
    selected_all = interventions is None
    computed = _compute(date_from, date_to, selected, selected_all)
    individual = computed.pop("individual")
    anonymous = _anonymous(date_from, date_to, selected, selected_all)
    volume = _volume(date_from, date_to, selected, selected_all)
    data = {
        "period": {"from": date_from.isoformat(), "to": date_to.isoformat()},
        "interventions": [item.code for item in selected],
        "counts": {
            "individual": individual,
            "persons": computed.pop("persons"),
            "anonymous": anonymous,
            "volume": volume,
            "all": individual["total"] + anonymous["total"] + volume["total"],
        },
    }
    for table in BY_KON_TABLES:
        data[table.key] = computed[table.key]
    for table in MATRIX_TABLES:
        data[table.key] = computed[table.key]
    data["outcome"] = computed["outcome"]
    data["per_intervention"] = computed["per_intervention"]
    if suppress_below and suppress_below > 1:
        own, family = _family(date_from, date_to, interventions)
        data = suppress(data, suppress_below, family=family, own=own)
    return data


def _family(date_from, date_to, interventions) -> tuple[str | None, dict]:
    """A board period's key and the exact summaries of the other ended periods of its year
    (stats.releases), to be protected together; (None, {}) for any other period."""
    period = next((p for p in year_periods(date_from.year) if p.dates == (date_from, date_to)), None)
    if period is None:
        return None, {}
    today = datetime.date.today()
    return period.key, {member.key: sus_summary(*member.dates, interventions)
                        for member in period.family(today) if member != period}


def work_share_by_year(years, interventions=None, *, suppress_below: int | None = None) -> dict[int, float | None]:
    """Share (%) of the participations ended each calendar year that ended to work or studies.

    One GROUP BY query. The yearly counts go through disclosure control: a year whose count
    ended, or ended to work or studies, is hidden shows None (the share would give it back)."""
    years = sorted(set(years))
    if not years:
        return {}
    first, last = datetime.date(years[0], 1, 1), datetime.date(years[-1], 12, 31)
    participations = Participation.objects.countable().filter(slutdatum__gte=first, slutdatum__lte=last)
    codes = None
    if interventions is not None:
        ids = [item.pk if isinstance(item, Intervention) else item for item in interventions]
        participations = participations.filter(intervention_id__in=ids)
        codes = tuple(item.code for item in interventions if isinstance(item, Intervention))
    rows = (
        participations.annotate(year=DatePart("slutdatum", "year"))
        .values("year")
        .annotate(n=Count("id"), good=Count("id", filter=Q(sysselsattning_efter__in=WORK_CODES + STUDY_CODES)))
        .order_by()
    )
    found = {row["year"]: (row["n"], row["good"]) for row in rows}
    table = Table("work_share_by_year", "Andel till arbete eller studier", ["År", "Avslutade", "Till arbete/studier",
                                                                           "Andel"])
    for year in years:
        n, good = found.get(year, (0, 0))
        table.rows.append([text(year), count(n), count(good), pct(good, n)])
    protect_tables([table], Release(suppress_below, (first, last), codes))
    return {year: None if row[3].hidden else row[3].value for year, row in zip(years, table.rows, strict=True)}
