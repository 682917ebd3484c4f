"""Benchmark of the SUS summary against a hand-written SQL baseline.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/reports .venv/bin/python benchmarks/report.py
    DATABASE_URL=sqlite:////tmp/reports-bench.sqlite3 .venv/bin/python benchmarks/report.py
    options: --n N (default 1,000,000 on PostgreSQL, 200,000 on SQLite)  --year 2015  --keep  --repeat 3

Fills the configured database (migrating it first) with N synthetic participations over
10 years (2007–2016) and 12 interventions (codes BENCH01–BENCH12; earlier BENCH data is
replaced unless --keep finds the same N), then times, in the same run:
- the one-year summary `sus_summary(year)` (wall time, query count);
- the scan floor: ONE query that reads the year's active spells joined to the person and
  counts them by kön — no report can read less (issue 16 asks for the summary within 3× of it);
- the baseline: ONE hand-written SQL GROUP BY giving the education × kön (active) and
  end-reason × kön (ended) tables;
- the report page /reports/sus/?year=… rendered through the test client as kansli.
Prints the best of --repeat runs of each, and the ratios summary / floor and summary / baseline.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

# The script directory holds import_export.py, which would shadow the package of that name.
sys.path[0] = str(Path(__file__).resolve().parent.parent)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "finsam.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from interventions.models import Intervention  # noqa: E402
from participants.codes import Avslutsorsak, Forsorjning, Sysselsattning, TidOffentligForsorjning, Utbildning  # noqa: E402
from participants.models import Participation  # noqa: E402
from reports.summary import sus_summary  # noqa: E402

FIRST_YEAR, YEARS = 2007, 10
CODES = [f"BENCH{n:02d}" for n in range(1, 13)]
END_REASONS = [code for code in Avslutsorsak.values if code != Avslutsorsak.FELREGISTRERING]

BASELINE_SQL = """
SELECT pp.kon, pt.utbildning,
       CASE WHEN pt.slutdatum <= %s THEN pt.avslutsorsak ELSE '' END AS reason,
       COUNT(*)
FROM participants_participation pt
JOIN participants_participant pp ON pp.id = pt.participant_id
WHERE pt.startdatum <= %s AND (pt.slutdatum IS NULL OR pt.slutdatum >= %s)
  AND pt.avslutsorsak <> 'FELREGISTRERING'
GROUP BY pp.kon, pt.utbildning, reason
"""


FLOOR_SQL = """
SELECT pp.kon, COUNT(*)
FROM participants_participation pt
JOIN participants_participant pp ON pp.id = pt.participant_id
WHERE pt.startdatum <= %s AND (pt.slutdatum IS NULL OR pt.slutdatum >= %s)
  AND pt.avslutsorsak <> 'FELREGISTRERING' AND pt.intervention_id IN ({ids})
GROUP BY pp.kon
"""


def vendor() -> str:
    return connection.vendor


def ensure_interventions() -> list[Intervention]:
    items = []
    for code in CODES:
        item, _ = Intervention.objects.get_or_create(
            code=code, defaults={"name": f"Benchmark {code}", "startdatum": datetime.date(2000, 1, 1),
                                 "mal_andel_arbete_studier": 30},
        )
        items.append(item)
    return items


def existing(interventions) -> int:
    return Participation.objects.filter(intervention__in=interventions).count()


def clear(interventions):
    """Raw deletes (the ORM would send an audit signal per row)."""
    ids = ",".join(str(item.pk) for item in interventions)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM participants_participation WHERE intervention_id IN ({ids})")
        cursor.execute(
            "DELETE FROM participants_participant WHERE pnr_hash IS NULL AND identity_removed_at IS NULL AND NOT "
            "EXISTS (SELECT 1 FROM participants_participation pt WHERE pt.participant_id = participants_participant.id)"
        )


def rows(n: int, persons: int, person_offset: int, interventions, seed: int = 2015):
    """Synthetic spells: start uniform over 10 years, 0–30 months long, open when the end
    would fall after 2016; 1 % registration errors."""
    rng = random.Random(seed)
    first = datetime.date(FIRST_YEAR, 1, 1).toordinal()
    last = datetime.date(FIRST_YEAR + YEARS - 1, 12, 31).toordinal()
    horizon = last
    utb, tid, fore = Utbildning.values, TidOffentligForsorjning.values, Forsorjning.values
    syss = Sysselsattning.values
    ids = [item.pk for item in interventions]
    for i in range(n):
        base = i % persons
        intervention = ids[(base + i // persons) % len(ids)]
        start = rng.randint(first, last)
        end = start + rng.randint(0, 915)
        start_date = datetime.date.fromordinal(start)
        if end > horizon:
            end_date, reason, after_s, after_f = None, "", "", ""
        else:
            end_date = datetime.date.fromordinal(end)
            reason = "FELREGISTRERING" if rng.random() < 0.01 else rng.choice(END_REASONS)
            after_s, after_f = rng.choice(syss), rng.choice(fore)
        yield (person_offset + base, intervention, start_date, start_date, rng.choice(utb), rng.choice(tid),
               rng.choice(fore), end_date, reason, after_s, after_f, rng.randint(16, 66))


PARTICIPATION_COLUMNS = ("participant_id", "intervention_id", "samtycke_datum", "startdatum", "utbildning",
                         "tid_offentlig_forsorjning", "forsorjning_fore", "slutdatum", "avslutsorsak",
                         "sysselsattning_efter", "forsorjning_efter", "alder_vid_start")


def fill(n: int, interventions) -> float:
    """Raw bulk load (COPY on PostgreSQL, executemany on SQLite). Returns seconds."""
    began = time.perf_counter()
    persons = max(1, int(n * 0.7))
    now = timezone.now()
    rng = random.Random(7)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM participants_participant")
        offset = cursor.fetchone()[0] + 1
        people = ((offset + i, rng.choice("KM"), 1950 + rng.randint(0, 50), False, now) for i in range(persons))
        people_cols = ("id", "kon", "birth_year", "is_coordination_number", "created_at")
        spell_cols = PARTICIPATION_COLUMNS + ("version", "created_at", "updated_at")
        spells = (row + (1, now, now) for row in rows(n, persons, offset, interventions))
        if vendor() == "postgresql":
            with cursor.cursor.copy(f"COPY participants_participant ({','.join(people_cols)}) FROM STDIN") as copy:
                for row in people:
                    copy.write_row(row)
            with cursor.cursor.copy(
                f"COPY participants_participation ({','.join(spell_cols)}) FROM STDIN"
            ) as copy:
                for row in spells:
                    copy.write_row(row)
            cursor.execute("SELECT setval(pg_get_serial_sequence('participants_participant', 'id'), "
                           "(SELECT MAX(id) FROM participants_participant))")
        else:
            marks = ",".join(["%s"] * len(people_cols))
            cursor.executemany(
                f"INSERT INTO participants_participant ({','.join(people_cols)}) VALUES ({marks})", list(people))
            marks = ",".join(["%s"] * len(spell_cols))
            batch = []
            for row in spells:
                batch.append(row)
                if len(batch) == 50000:
                    cursor.executemany(
                        f"INSERT INTO participants_participation ({','.join(spell_cols)}) VALUES ({marks})", batch)
                    batch = []
            if batch:
                cursor.executemany(
                    f"INSERT INTO participants_participation ({','.join(spell_cols)}) VALUES ({marks})", batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return time.perf_counter() - began


def timed(function, repeat: int):
    best, result, queries = None, None, 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            began = time.perf_counter()
            result = function()
            elapsed = time.perf_counter() - began
        queries = len(captured.captured_queries)
        best = elapsed if best is None else min(best, elapsed)
    return best, queries, result


def baseline(date_from, date_to):
    with connection.cursor() as cursor:
        cursor.execute(BASELINE_SQL, [date_to, date_to, date_from])
        return cursor.fetchall()


def scan_floor(date_from, date_to, interventions):
    """The year's active spells of the interventions, joined to the person, counted by kön:
    one read of what the summary reads (with its session settings on PostgreSQL)."""
    from reports.summary import TUNING_SQL

    sql = FLOOR_SQL.format(ids=",".join(str(item.pk) for item in interventions))
    if vendor() == "sqlite":  # read as the summary reads there: a table scan
        sql = sql.replace("participants_participation pt", "participants_participation pt NOT INDEXED")
    with transaction.atomic(), connection.cursor() as cursor:
        if vendor() == "postgresql":
            cursor.execute(TUNING_SQL)
        cursor.execute(sql, [date_to, date_from])
        return cursor.fetchall()


def page_client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    from accounts import roles
    from accounts.setup import ensure_role_groups

    ensure_role_groups()
    user, _ = get_user_model().objects.get_or_create(username="bench_kansli")
    user.groups.add(*__import__("django.contrib.auth.models", fromlist=["Group"]).Group.objects.filter(
        name=roles.KANSLI))
    client = Client()
    client.force_login(user)
    return client


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=None)
    parser.add_argument("--year", type=int, default=2015)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="reuse BENCH data when it already has N rows")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    n = args.n or (1_000_000 if vendor() == "postgresql" else 200_000)
    interventions = ensure_interventions()
    print(f"database: {vendor()} ({connection.settings_dict['NAME']}), N = {n:,} participations, "
          f"{YEARS} years, {len(interventions)} interventions")
    if args.keep and existing(interventions) == n:
        print("fill: kept existing benchmark data")
    else:
        clear(interventions)
        print(f"fill: {fill(n, interventions):.1f} s")

    date_from, date_to = datetime.date(args.year, 1, 1), datetime.date(args.year, 12, 31)
    codes = [item.code for item in interventions]
    summary_time, summary_queries, data = timed(lambda: sus_summary(date_from, date_to, codes), args.repeat)
    floor_time, _queries, floor_rows = timed(lambda: scan_floor(date_from, date_to, interventions), args.repeat)
    assert sum(n for _kon, n in floor_rows) == data["counts"]["individual"]["total"], floor_rows
    base_time, base_queries, base_rows = timed(lambda: baseline(date_from, date_to), args.repeat)
    tuned_time = None
    if vendor() == "postgresql":
        from reports.summary import TUNING_SQL

        def tuned_baseline():
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(TUNING_SQL)
                return baseline(date_from, date_to)

        tuned_time, _queries, _rows = timed(tuned_baseline, args.repeat)
    else:
        def scan_baseline():
            with connection.cursor() as cursor:
                cursor.execute(BASELINE_SQL.replace("participants_participation pt", "participants_participation pt "
                                                    "NOT INDEXED"), [date_to, date_to, date_from])
                return cursor.fetchall()

        tuned_time, _queries, _rows = timed(scan_baseline, args.repeat)
    # Same population, same figures: the baseline's education totals equal the summary's.
    education_total = sum(count for _kon, _utb, _reason, count in base_rows)
    assert education_total == data["education"]["total"]["total"], (education_total, data["education"]["total"])
    ended = sum(count for _kon, _utb, reason, count in base_rows if reason)
    assert ended == data["end_reason"]["total"]["total"], (ended, data["end_reason"]["total"])

    client = page_client()
    url = f"/reports/sus/?year={args.year}"

    def page():
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return response

    page_time, page_queries, _ = timed(page, args.repeat)
    print(f"active in {args.year}: {data['counts']['individual']['total']:,}, "
          f"ended: {data['outcome']['ended']['total']:,}")
    print(f"summary  : {summary_time * 1000:8.1f} ms  {summary_queries} queries")
    print(f"floor    : {floor_time * 1000:8.1f} ms  1 query (the year's active spells joined to the person, once)")
    print(f"ratio0   : {summary_time / floor_time:8.2f} × floor (target: at most 3)")
    print(f"baseline : {base_time * 1000:8.1f} ms  {base_queries} query (hand-written GROUP BY)")
    print(f"ratio    : {summary_time / base_time:8.2f} × baseline")
    if tuned_time is not None:
        how = "session settings" if vendor() == "postgresql" else "NOT INDEXED: a table scan"
        print(f"baseline2: {tuned_time * 1000:8.1f} ms  (same query with the summary's {how})")
        print(f"ratio2   : {summary_time / tuned_time:8.2f} × baseline2")
    print(f"page     : {page_time * 1000:8.1f} ms  {page_queries} queries  (GET {url} as kansli)")


if __name__ == "__main__":
    main()
