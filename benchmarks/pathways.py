"""Benchmark of the gap and flow analysis (pathways) against a hand-written SQL window query.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pathways .venv/bin/python benchmarks/pathways.py
    DATABASE_URL=sqlite:////tmp/pathways-bench.sqlite3 .venv/bin/python benchmarks/pathways.py --n 100000 --people 30000
    options: --n N (default 1,000,000)  --people P (default 300,000)  --year 2015  --repeat 3  --keep

Fills the configured database (migrated first) with N synthetic participations over P people
(bulk inserts: COPY on PostgreSQL, bulk_create elsewhere) in 8 interventions (codes
PWBENCH1–PWBENCH8; earlier PWBENCH data is replaced unless --keep finds the same N). Each
person has a sequence of spells 2010–2020 with gaps (some overlapping, some open at the end).
Then, in the same run, times:
- the analysis: `pathways.analysis.gaps_and_flows(year)` — flows from → to, gap bands per
  pair and per ending intervention, within-30/90/180-day shares (3 queries);
- the baseline: ONE hand-written SQL window query giving the gap bands per ending intervention
  (LEAD over every spell of every person);
and prints the best of --repeat runs of each, and the ratio analysis / baseline.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "finsam.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from interventions.models import Intervention  # noqa: E402
from participants.models import Participant, Participation  # noqa: E402
from pathways import analysis  # noqa: E402

CODES = [f"PWBENCH{n}" for n in range(1, 9)]
FIRST_DAY = datetime.date(2010, 1, 1)
LAST_DAY = datetime.date(2020, 12, 31)
END_REASONS = ["ARBETSMARKNAD", "FORTSATT_REHAB", "FORTSATT_REHAB", "FORTSATT_REHAB", "OHALSA", "AVBROTT", "ANNAT"]
GAPS = [-20, 0, 1, 5, 14, 30, 45, 75, 120, 200, 400]


def baseline_sql() -> str:
    gap = analysis.gap_sql("s.next_start", "s.slutdatum")
    return f"""
SELECT s.intervention_id, COUNT(*) AS ended,
  SUM(CASE WHEN s.next_start IS NULL THEN 1 ELSE 0 END) AS never,
  SUM(CASE WHEN s.next_start IS NOT NULL AND {gap} <= 0 THEN 1 ELSE 0 END) AS overlap,
  SUM(CASE WHEN {gap} BETWEEN 1 AND 30 THEN 1 ELSE 0 END) AS d1_30,
  SUM(CASE WHEN {gap} BETWEEN 31 AND 90 THEN 1 ELSE 0 END) AS d31_90,
  SUM(CASE WHEN {gap} BETWEEN 91 AND 180 THEN 1 ELSE 0 END) AS d91_180,
  SUM(CASE WHEN {gap} > 180 THEN 1 ELSE 0 END) AS d181
FROM (
  SELECT p.intervention_id, p.slutdatum,
         LEAD(p.startdatum) OVER (PARTITION BY p.participant_id ORDER BY p.startdatum, p.id) AS next_start
  FROM participants_participation p
  WHERE p.avslutsorsak <> 'FELREGISTRERING'
) s
WHERE s.slutdatum >= %s AND s.slutdatum <= %s
GROUP BY s.intervention_id
"""


def interventions() -> list[Intervention]:
    found = []
    for code in CODES:
        intervention, _ = Intervention.objects.get_or_create(
            code=code, defaults={"name": f"Benchmark {code[-1]}", "startdatum": datetime.date(2000, 1, 1)}
        )
        found.append(intervention)
    return found


def spells_for(rng: random.Random, people: list[tuple[int, int]], n: int, intervention_ids: list[int]):
    """Yield participation rows: per person a sequence of spells, N in all."""
    per_person, extra = divmod(n, len(people))
    span = (LAST_DAY - FIRST_DAY).days
    for index, (participant_id, birth_year) in enumerate(people):
        count = per_person + (1 if index < extra else 0)
        day = FIRST_DAY + datetime.timedelta(days=rng.randrange(0, span - 400 * count if span > 400 * count else 1))
        for number in range(count):
            length = rng.randint(30, 400)
            end = day + datetime.timedelta(days=length)
            last = number == count - 1
            ended = not (last and rng.random() < 0.15) and end <= LAST_DAY
            reason = rng.choice(END_REASONS) if ended else ""
            yield (
                participant_id, rng.choice(intervention_ids), day - datetime.timedelta(days=rng.randint(0, 10)), day,
                "GYMNASIUM", "UPP_TILL_1", rng.choice(["FORSORJNINGSSTOD", "SJUKPENNING", "AKTIVITETSSTOD"]),
                end if ended else None, reason,
                ("ARBETE" if reason == "ARBETSMARKNAD" else "REHAB") if ended else "",
                rng.choice(["FORSORJNINGSSTOD", "LON", "SJUKPENNING"]) if ended else "",
                max(16, day.year - birth_year),
            )
            if not ended:
                break
            day = end + datetime.timedelta(days=max(1, rng.choice(GAPS)) if rng.random() < 0.9 else 1)
            if rng.random() < 0.05:
                day = end - datetime.timedelta(days=10)  # an overlapping spell elsewhere
            day = max(day, FIRST_DAY)


COLUMNS = ["participant_id", "intervention_id", "samtycke_datum", "startdatum", "utbildning",
           "tid_offentlig_forsorjning", "forsorjning_fore", "slutdatum", "avslutsorsak", "sysselsattning_efter",
           "forsorjning_efter", "alder_vid_start"]


def fill(n: int, people: int) -> None:
    rng = random.Random(2017)
    ids = [i.pk for i in interventions()]
    with transaction.atomic():
        Participation.objects.filter(intervention_id__in=ids).delete()
        Participant.objects.filter(participations=None).delete()
    now = timezone.now()
    started = time.perf_counter()
    births = [rng.randint(1950, 1999) for _ in range(people)]
    first_new = (Participant.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    with transaction.atomic():
        Participant.objects.bulk_create(
            [Participant(kon=rng.choice("KM"), birth_year=year) for year in births], batch_size=10_000
        )
    people_rows = list(
        Participant.objects.filter(pk__gte=first_new).order_by("pk").values_list("pk", "birth_year")
    )
    rows = spells_for(rng, people_rows, n, ids)
    written = 0
    # The same person may not have two spells starting the same day in one intervention.
    seen: set[tuple] = set()
    if connection.vendor == "postgresql":
        with transaction.atomic(), connection.cursor() as cursor:
            columns = ", ".join([*COLUMNS, "version", "created_at", "updated_at"])
            with cursor.cursor.copy(f"COPY participants_participation ({columns}) FROM STDIN") as copy:
                for row in rows:
                    if (row[0], row[1], row[3]) in seen:
                        continue
                    seen.add((row[0], row[1], row[3]))
                    copy.write_row((*row, 1, now, now))
                    written += 1
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE participants_participation")
            cursor.execute("ANALYZE participants_participant")
    else:
        batch = []
        with transaction.atomic():
            for row in rows:
                if (row[0], row[1], row[3]) in seen:
                    continue
                seen.add((row[0], row[1], row[3]))
                batch.append(Participation(**dict(zip(COLUMNS, row, strict=True))))
                written += 1
                if len(batch) == 20_000:
                    Participation.objects.bulk_create(batch)
                    batch = []
            Participation.objects.bulk_create(batch)
    print(f"filled {written:,} participations over {people:,} people in {time.perf_counter() - started:.1f} s")


def best_of(repeat: int, fn) -> tuple[float, object, int]:
    best, result, queries = float("inf"), None, 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            result = fn()
            elapsed = time.perf_counter() - started
        best = min(best, elapsed)
        queries = len(ctx.captured_queries)
    return best, result, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--people", type=int, default=300_000)
    parser.add_argument("--year", type=int, default=2015)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="reuse the data if it has the same size")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    ids = [i.pk for i in interventions()]
    existing = Participation.objects.filter(intervention_id__in=ids).count()
    if not (args.keep and existing and abs(existing - args.n) <= args.n // 100):
        fill(args.n, args.people)
    total = Participation.objects.count()
    persons = Participation.objects.values("participant_id").distinct().count()
    print(f"database: {connection.vendor}, {total:,} participations, {persons:,} people")

    date_from, date_to = datetime.date(args.year, 1, 1), datetime.date(args.year, 12, 31)
    today = datetime.date(2021, 6, 30)
    t_analysis, result, q_analysis = best_of(
        args.repeat, lambda: analysis.gaps_and_flows(date_from, date_to, today=today)
    )

    def baseline():
        with connection.cursor() as cursor:
            cursor.execute(baseline_sql(), [date_from, date_to])
            return cursor.fetchall()

    t_baseline, base_rows, q_baseline = best_of(args.repeat, baseline)

    ended = result.total["ended"]
    assert ended == sum(row[1] for row in base_rows), "analysis and baseline disagree on the ended spells"
    never = result.total["never"]
    assert never == sum(row[2] for row in base_rows), "analysis and baseline disagree on the never band"
    print(f"year {args.year}: {ended:,} spells ended, {len(result.pairs)} from→to pairs, {never:,} with no next spell")
    print(f"gap+flow analysis (gaps_and_flows): {t_analysis:.3f} s  ({q_analysis} queries, best of {args.repeat})")
    print(f"baseline (one hand-written SQL window query, gap bands only): {t_baseline:.3f} s  "
          f"({q_baseline} query, best of {args.repeat})")
    print(f"ratio analysis / baseline: {t_analysis / t_baseline:.2f}")
    print(f"target < 2 s: {'met' if t_analysis < 2 else 'NOT met'}")


if __name__ == "__main__":
    main()
