"""Pathways, gaps (glapp) and cycling (rundgång), computed in the database.

Definitions (shown on the pages too):

- Only countable spells take part (FELREGISTRERING counts nowhere).
- A person's *next spell* after spell s is the following spell by (startdatum, id) across all
  interventions: a window `LEAD(...) OVER (PARTITION BY participant ORDER BY startdatum, id)`.
- The *gap* is next.startdatum − s.slutdatum in days (starting the day after the end is 1).
  A next spell starting on or before s's end day is an *overlap* (parallel spells), counted in
  its own band and never as a gap. A spell with no next spell falls in the band *ingen ny insats*.
- Gap bands: overlap, 1–30, 31–90, 91–180, över 180 dagar, ingen ny insats.
- The population is the spells *ended* in the period, in the selected interventions; the next
  spell may start in any intervention at any later time (up to today).
- "Within N days" shares count people who ended to FORTSATT_REHAB and whose next spell started
  no later than N days after the end (overlaps included); only endings at least N days before
  `today` are in the denominator, as the rest cannot yet be judged.

The window is written with the ORM; the bands are conditional aggregation over it as a
subquery (`SELECT … FROM (<window query>) GROUP BY …`): a fixed number of queries, whatever
the data size.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q, Window
from django.db.models.functions import ExtractYear, FirstValue, Lag, Lead, RowNumber

from participants.codes import Avslutsorsak, Forsorjning
from participants.models import Participation

REHAB = Avslutsorsak.FORTSATT_REHAB.value

# (key, label, lower bound, upper bound) on the gap in days; OVERLAP and NEVER are special.
GAP_BANDS = [
    ("overlap", "Överlapp"),
    ("d1_30", "1–30 d"),
    ("d31_90", "31–90 d"),
    ("d91_180", "91–180 d"),
    ("d181_plus", "Över 180 d"),
    ("never", "Ingen ny insats"),
]
WITHIN_DAYS = (30, 90, 180)


def gap_sql(next_col: str = "s.next_start", end_col: str = "s.slutdatum") -> str:
    """Days from end to next start, as an integer, on SQLite and PostgreSQL."""
    if connection.vendor == "postgresql":
        return f"({next_col} - {end_col})"
    return f"CAST(julianday({next_col}) - julianday({end_col}) AS INTEGER)"


def band_cases() -> list[tuple[str, str]]:
    """(key, SQL condition on g.gap / g.next_start) for each band."""
    return [
        ("overlap", "g.next_start IS NOT NULL AND g.gap <= 0"),
        ("d1_30", "g.gap BETWEEN 1 AND 30"),
        ("d31_90", "g.gap BETWEEN 31 AND 90"),
        ("d91_180", "g.gap BETWEEN 91 AND 180"),
        ("d181_plus", "g.gap > 180"),
        ("never", "g.next_start IS NULL"),
    ]


def _compiled(queryset) -> tuple[str, tuple]:
    sql, params = queryset.query.sql_with_params()
    return sql, tuple(params)


def _fetch(sql: str, params) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [col[0].lower() for col in cursor.description]  # PostgreSQL folds aliases
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _in_list(column: str, ids) -> tuple[str, tuple]:
    """`AND column IN (...)` for a list of ids (None: no restriction; empty: nothing)."""
    if ids is None:
        return "", ()
    ids = tuple(int(i) for i in ids)
    if not ids:
        return " AND 1 = 0", ()
    return f" AND {column} IN ({', '.join(['%s'] * len(ids))})", ids


def spell_sequence(queryset=None):
    """Countable spells with the person's next spell (start, intervention) from a window."""
    order = [F("startdatum").asc(), F("pk").asc()]
    person = [F("participant_id")]
    spells = (queryset if queryset is not None else Participation.objects.all()).countable().order_by()
    return spells.annotate(
        next_start=Window(Lead("startdatum"), partition_by=person, order_by=order),
        next_intervention=Window(Lead("intervention_id"), partition_by=person, order_by=order),
    ).values(
        "id", "participant_id", "intervention_id", "startdatum", "slutdatum", "avslutsorsak",
        "next_start", "next_intervention",
    )


@dataclass
class GapResult:
    pairs: list[dict]  # from, to (None = no next spell), n, rehab, and one count per band
    ending: list[dict]  # per ending intervention: ended, bands, rehab persons and within-N shares
    total: dict  # the same over all selected interventions (distinct people)


def _gap_base(date_from, date_to, intervention_ids) -> tuple[str, tuple]:
    """The windowed spells ended in the period (in the selected interventions), with `gap`."""
    ended = Participation.objects.ended_in(date_from, date_to)
    if intervention_ids is not None:
        ended = ended.filter(intervention_id__in=list(intervention_ids))
    # LEAD only looks forward, so a person's sequence is needed from their first spell that
    # ended in the period onwards: the spells at or after the start of such a spell.
    needed = Participation.objects.filter(
        Exists(ended.filter(participant_id=OuterRef("participant_id"), startdatum__lte=OuterRef("startdatum")))
    )
    inner, inner_params = _compiled(spell_sequence(needed))
    scope, scope_params = _in_list("s.intervention_id", intervention_ids)
    sql = (
        f"SELECT s.*, {gap_sql()} AS gap FROM ({inner}) s "
        f"WHERE s.slutdatum >= %s AND s.slutdatum <= %s{scope}"
    )
    return sql, inner_params + (date_from, date_to) + scope_params


def gaps_and_flows(date_from, date_to, intervention_ids=None, *, today: datetime.date | None = None) -> GapResult:
    """Flows (from → next intervention) and gap bands for spells ended in the period.

    One statement: the windowed spells once (CTE g), aggregated per (from, to) pair, per ending
    intervention and in total (UNION ALL). People are counted through a per-person step (CTE pp:
    one row per ending intervention and person, with 0/1 flags) instead of COUNT(DISTINCT …),
    which would sort the spells once per column."""
    today = today or datetime.date.today()
    base, params = _gap_base(date_from, date_to, intervention_ids)
    bands = ", ".join(f"SUM(CASE WHEN {cond} THEN 1 ELSE 0 END) AS {key}" for key, cond in band_cases())
    band_refs = ", ".join(f"s.{key}" for key, _ in band_cases())
    flags, flag_params = [], []
    for days in WITHIN_DAYS:
        cutoff = today - datetime.timedelta(days=days)
        flags.append(f"MAX(CASE WHEN g.slutdatum <= %s THEN 1 ELSE 0 END) AS obs_{days}")
        flags.append(
            f"MAX(CASE WHEN g.slutdatum <= %s AND g.next_start IS NOT NULL AND g.gap <= {days} "
            f"THEN 1 ELSE 0 END) AS within_{days}"
        )
        flag_params += [cutoff, cutoff]
    flag_names = [f"{kind}_{d}" for d in WITHIN_DAYS for kind in ("obs", "within")]
    people_sums = ", ".join(
        ["COUNT(*) AS rehab_persons"]
        + [f"SUM(x.obs_{d}) AS rehab_observable_{d}, SUM(x.within_{d}) AS rehab_within_{d}" for d in WITHIN_DAYS]
    )
    people_cols = ", ".join(
        ["p.rehab_persons"] + [f"p.rehab_observable_{d}, p.rehab_within_{d}" for d in WITHIN_DAYS]
    )
    spell_sums = f"COUNT(*) AS n, SUM(CASE WHEN g.avslutsorsak = %s THEN 1 ELSE 0 END) AS rehab, {bands}"
    empty_people = ", ".join(["NULL"] + ["NULL, NULL" for _ in WITHIN_DAYS])
    sql = (
        f"WITH g AS ({base}), "
        f"pp AS (SELECT g.intervention_id, g.participant_id, {', '.join(flags)} "
        "FROM g WHERE g.avslutsorsak = %s GROUP BY g.intervention_id, g.participant_id), "
        f"s_by AS (SELECT g.intervention_id, {spell_sums} FROM g GROUP BY g.intervention_id), "
        f"p_by AS (SELECT x.intervention_id, {people_sums} FROM pp x GROUP BY x.intervention_id), "
        f"s_all AS (SELECT {spell_sums} FROM g), "
        f"p_all AS (SELECT {people_sums} FROM (SELECT pp.participant_id, "
        + ", ".join(f"MAX(pp.{name}) AS {name}" for name in flag_names)
        + " FROM pp GROUP BY pp.participant_id) x) "
        # the pairs: spell counts only
        f"SELECT 'pair' AS level, g.intervention_id AS source, g.next_intervention AS target, COUNT(*) AS n, "
        f"SUM(CASE WHEN g.avslutsorsak = %s THEN 1 ELSE 0 END) AS rehab, {bands}, {empty_people} "
        "FROM g GROUP BY g.intervention_id, g.next_intervention "
        f"UNION ALL SELECT 'ending', s.intervention_id, NULL, s.n, s.rehab, {band_refs}, {people_cols} "
        "FROM s_by s LEFT JOIN p_by p ON p.intervention_id = s.intervention_id "
        f"UNION ALL SELECT 'total', NULL, NULL, s.n, s.rehab, {band_refs}, {people_cols} "
        "FROM s_all s CROSS JOIN p_all p"
    )
    sql_params = params + tuple(flag_params) + (REHAB,) * 4
    with transaction.atomic(using=connection.alias):
        if connection.vendor == "postgresql":
            # Compiling this one-off query takes longer than running it, and its sorts (the
            # window's and the grouping's, a few MB) should stay in memory.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
                cursor.execute("SET LOCAL work_mem = '64MB'")
        with connection.cursor() as cursor:
            cursor.execute(sql, sql_params)
            rows = cursor.fetchall()
    names = ["level", "source", "target", "n", "rehab", *[k for k, _ in band_cases()], "rehab_persons",
             *[f"rehab_{kind}_{d}" for d in WITHIN_DAYS for kind in ("observable", "within")]]
    rows = [dict(zip(names, row, strict=True)) for row in rows]
    pairs = [row for row in rows if row["level"] == "pair"]
    ending = [{**row, "ended": row["n"]} for row in rows if row["level"] == "ending"]
    total = next(row for row in rows if row["level"] == "total")
    return GapResult(pairs=pairs, ending=ending, total={**total, "ended": total["n"]})


def worklist(interventions, *, days: int = 30, today: datetime.date | None = None):
    """Spells in `interventions` ended to FORTSATT_REHAB at least `days` ago, after which the
    person has nothing: no other countable spell still open or ending later than this one.
    Spells that started on or after this one's start but ended by its end (inside it, or on
    the same days) do not count. One query, oldest ending first."""
    today = today or datetime.date.today()
    cutoff = today - datetime.timedelta(days=days)
    later = (
        Participation.objects.countable()
        .filter(participant_id=OuterRef("participant_id"))
        .exclude(pk=OuterRef("pk"))
        .filter(Q(slutdatum__isnull=True) | Q(slutdatum__gt=OuterRef("slutdatum")))
    )
    return (
        Participation.objects.filter(
            intervention__in=interventions, avslutsorsak=REHAB, slutdatum__lte=cutoff
        )
        .filter(~Exists(later))
        .select_related("participant", "intervention", "ansvarig")
        .order_by("slutdatum", "pk")
    )


# --- cycling (rundgång) -------------------------------------------------------------------

def cycling_sequence():
    """Countable spells with their place in the person's sequence and their history."""
    order = [F("startdatum").asc(), F("pk").asc()]
    person = [F("participant_id")]
    return (
        Participation.objects.countable()
        .order_by()
        .annotate(
            seq=Window(RowNumber(), partition_by=person, order_by=order),
            prev_same=Window(Lag("id"), partition_by=[F("participant_id"), F("intervention_id")], order_by=order),
            first_fore=Window(FirstValue("forsorjning_fore"), partition_by=person, order_by=order),
            start_year=ExtractYear("startdatum"),
            end_year=ExtractYear("slutdatum"),
        )
        .values(
            "id", "participant_id", "intervention_id", "slutdatum", "forsorjning_fore", "forsorjning_efter",
            "seq", "prev_same", "first_fore", "start_year", "end_year",
        )
    )


def cycling(intervention_ids=None) -> dict:
    """Per year: people starting a spell, of whom returning (an earlier spell anywhere) and back in the
    same intervention; people ending a spell, of whom back on the support form they had before their
    first spell (after at least two spells), and ending on the same support form as before. 3 queries."""
    inner, params = _compiled(cycling_sequence())
    scope, scope_params = _in_list("s.intervention_id", intervention_ids)
    starts = _fetch(
        f"SELECT s.start_year AS year, COUNT(DISTINCT s.participant_id) AS persons, "
        f"COUNT(DISTINCT CASE WHEN s.seq > 1 THEN s.participant_id END) AS returners, "
        f"COUNT(DISTINCT CASE WHEN s.prev_same IS NOT NULL THEN s.participant_id END) AS same_intervention "
        f"FROM ({inner}) s WHERE 1 = 1{scope} GROUP BY s.start_year ORDER BY s.start_year",
        params + scope_params,
    )
    ends = _fetch(
        f"SELECT s.end_year AS year, COUNT(DISTINCT s.participant_id) AS persons, "
        f"COUNT(DISTINCT CASE WHEN s.seq > 1 AND s.forsorjning_efter = s.first_fore "
        f"THEN s.participant_id END) AS back_to_first_support, "
        f"COUNT(DISTINCT CASE WHEN s.forsorjning_efter = s.forsorjning_fore "
        f"AND s.forsorjning_efter NOT IN (%s, %s) THEN s.participant_id END) AS same_support "
        f"FROM ({inner}) s WHERE s.slutdatum IS NOT NULL{scope} GROUP BY s.end_year ORDER BY s.end_year",
        (Forsorjning.INGEN.value, Forsorjning.LON.value) + params + scope_params,
    )
    total = _fetch(
        f"SELECT COUNT(DISTINCT s.participant_id) AS persons, "
        f"COUNT(DISTINCT CASE WHEN s.seq > 1 THEN s.participant_id END) AS repeated, "
        f"COUNT(DISTINCT CASE WHEN s.prev_same IS NOT NULL THEN s.participant_id END) AS same_intervention "
        f"FROM ({inner}) s WHERE 1 = 1{scope}",
        params + scope_params,
    )[0]
    return {"starts": starts, "ends": ends, "total": total}
