"""Benchmark: import and SUS export of participations on the configured DATABASE_URL.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python benchmarks/import_export.py --n 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/exchange .venv/bin/python benchmarks/import_export.py
    .venv/bin/python benchmarks/import_export.py --n 0 --export-n 1000000   # streaming-export memory check

Generates N synthetic participations (unique, Luhn-valid numbers that are never real) as
a CSV file in the exchange format, then measures in the same run:
  baseline  the same rows read with csv and inserted with cursor.executemany in one
            transaction (personnummer encrypted and hashed as storage needs; rolled back);
  import    `exchange.importing.import_file` (validation by full_clean, all or nothing);
  reimport  the same file again (every row unchanged);
  (--compare-bulk-create R: first R imports each way, new rows by exchange.bulk or by Django's
            bulk_create, alternating, each rolled back by plain DELETEs);
  export    `exchange.exporting.export_sus` (streaming, sorted by key).
It prints rows/s, the CPU time of this process (steadier than wall time on a busy machine),
the import/baseline ratio, and the peak memory growth of each phase
(Linux VmHWM reset per phase, otherwise ru_maxrss). Everything it adds is deleted again.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import os
import resource
import sys
import tempfile
import time
from pathlib import Path
from unittest import mock

# This file's own directory must not shadow the `import_export` package it benchmarks.
HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "finsam.settings")

import django  # noqa: E402

django.setup()

from auditlog.models import LogEntry  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from exchange import bulk  # noqa: E402
from exchange.exporting import export_sus  # noqa: E402
from exchange.importing import import_file  # noqa: E402
from interventions.models import Intervention  # noqa: E402
from participants.identity import lookup_hash, parse_personnummer, personnummer_for  # noqa: E402
from participants.models import Participant, Participation, age_on  # noqa: E402

CODE = "BENCHMARK"
FIRST_BIRTH = datetime.date(1950, 1, 1)
BIRTH_DAYS = 365 * 40
COLUMNS = [
    "insats", "personnummer", "kon", "fornamn", "efternamn", "samtycke_datum", "startdatum", "utbildning",
    "tid_offentlig_forsorjning", "forsorjning_fore", "slutdatum", "avslutsorsak", "sysselsattning_efter",
    "forsorjning_efter",
]


def synthetic_number(index: int) -> str:
    birth = FIRST_BIRTH + datetime.timedelta(days=index % BIRTH_DAYS)
    serial = index // BIRTH_DAYS % 999 + 1  # serial 000 is not a valid number
    return personnummer_for(birth, serial)


def synthetic_row(index: int) -> list[str]:
    start = datetime.date(2015, 1, 1) + datetime.timedelta(days=index % 700)
    ended = index % 3 == 0
    end = start + datetime.timedelta(days=90) if ended else None
    return [
        CODE, synthetic_number(index), "", "", "", start.isoformat(), start.isoformat(), "GYMNASIUM",
        "UPP_TILL_1", "FORSORJNINGSSTOD", end.isoformat() if end else "", "ARBETSMARKNAD" if ended else "",
        "ARBETE" if ended else "", "LON" if ended else "",
    ]


def write_file(path: Path, n: int) -> None:
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        for index in range(n):
            writer.writerow(synthetic_row(index))


def baseline_insert(path: Path, intervention_id: int) -> int:
    """Plain executemany of the same rows in one transaction; returns the row count."""
    person_field = Participant._meta.get_field("personnummer")
    now = datetime.datetime.now(datetime.UTC)
    people_sql = (
        "INSERT INTO participants_participant (personnummer, pnr_hash, kon, birth_date, birth_year,"
        " is_coordination_number, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s)"
    )
    spell_sql = (
        "INSERT INTO participants_participation (version, participant_id, intervention_id, samtycke_datum,"
        " startdatum, utbildning, tid_offentlig_forsorjning, forsorjning_fore, slutdatum, avslutsorsak,"
        " sysselsattning_efter, forsorjning_efter, alder_vid_start, created_at, updated_at)"
        " VALUES (1, (SELECT id FROM participants_participant WHERE pnr_hash = %s), %s, %s, %s, %s, %s, %s, %s,"
        " %s, %s, %s, %s, %s, %s)"
    )
    count = 0
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        with connection.cursor() as cursor:
            batch_people, batch_spells = [], []
            for row in reader:
                identity = parse_personnummer(row[1])
                pnr_hash = lookup_hash(identity.number)
                start = datetime.date.fromisoformat(row[6])
                batch_people.append((
                    person_field.get_db_prep_value(identity.number, connection), pnr_hash, identity.kon,
                    identity.birth_date, identity.birth_date.year, identity.is_coordination_number, now,
                ))
                batch_spells.append((
                    pnr_hash, intervention_id, row[5], row[6], row[7], row[8], row[9], row[10] or None, row[11],
                    row[12], row[13], age_on(identity.birth_date, start), now, now,
                ))
                count += 1
                if len(batch_people) >= 1000:
                    cursor.executemany(people_sql, batch_people)
                    cursor.executemany(spell_sql, batch_spells)
                    batch_people, batch_spells = [], []
            if batch_people:
                cursor.executemany(people_sql, batch_people)
                cursor.executemany(spell_sql, batch_spells)
    return count


def insert_for_export(n: int, intervention_id: int) -> None:
    """n spells in one intervention, ten per person (so only n/10 numbers to encrypt), committed."""
    person_field = Participant._meta.get_field("personnummer")
    now = datetime.datetime.now(datetime.UTC)
    people = (n + 9) // 10
    with transaction.atomic(), connection.cursor() as cursor:
        for offset in range(0, people, 5000):
            batch = []
            for index in range(offset, min(offset + 5000, people)):
                identity = parse_personnummer(synthetic_number(index))
                batch.append((
                    person_field.get_db_prep_value(identity.number, connection), lookup_hash(identity.number),
                    identity.kon, identity.birth_date, identity.birth_date.year, False, now,
                ))
            cursor.executemany(
                "INSERT INTO participants_participant (personnummer, pnr_hash, kon, birth_date, birth_year,"
                " is_coordination_number, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s)", batch,
            )
        first = Participant.objects.order_by("-pk").values_list("pk", flat=True)[people - 1]
        spells = []
        for person in range(people):
            for k in range(10):
                if person * 10 + k >= n:
                    break
                start = datetime.date(2008, 1, 1) + datetime.timedelta(days=400 * k)
                spells.append((first + person, intervention_id, start, start, start + datetime.timedelta(days=300),
                               20, now, now))
            if len(spells) >= 10_000:
                _insert_spells(cursor, spells)
                spells = []
        if spells:
            _insert_spells(cursor, spells)


def _insert_spells(cursor, spells) -> None:
    cursor.executemany(
        "INSERT INTO participants_participation (version, participant_id, intervention_id, samtycke_datum,"
        " startdatum, utbildning, tid_offentlig_forsorjning, forsorjning_fore, slutdatum, avslutsorsak,"
        " sysselsattning_efter, forsorjning_efter, alder_vid_start, created_at, updated_at)"
        " VALUES (1, %s, %s, %s, %s, 'GYMNASIUM', 'UPP_TILL_1', 'LON', %s, 'ARBETSMARKNAD', 'ARBETE', 'LON',"
        " %s, %s, %s)",
        spells,
    )


class PeakMemory:
    """Peak resident memory growth from now on (Linux: VmHWM reset; else ru_maxrss)."""

    def __init__(self):
        self.exact = False
        try:
            with open("/proc/self/clear_refs", "w") as handle:
                handle.write("5")
            self.exact = True
        except OSError:
            pass
        self.start = self._current_kb()

    @staticmethod
    def _status(key: str) -> int | None:
        try:
            with open("/proc/self/status") as handle:
                for line in handle:
                    if line.startswith(key + ":"):
                        return int(line.split()[1])
        except OSError:
            return None
        return None

    def _current_kb(self) -> int:
        return self._status("VmRSS") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    def growth_mb(self) -> float:
        peak = (self._status("VmHWM") if self.exact else None) or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return max(peak - self.start, 0) / 1024


class Rollback(Exception):
    pass


def measure(label: str, rows: int, func):
    memory = PeakMemory()
    started, cpu_started = time.perf_counter(), time.process_time()
    value = func()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    growth = memory.growth_mb()
    rate = rows / seconds if seconds else float("inf")
    print(f"{label:<9} {rows:>9,} rows  {seconds:8.2f} s  {rate:>10,.0f} rows/s  (this process's CPU {cpu:7.2f} s)"
          f"  peak memory growth {growth:7.1f} MB")
    return seconds, value


def cleanup(intervention: Intervention, first_new_person: int, last_log_entry: int) -> None:
    """Plain DELETEs: the ORM's delete() would load (and signal) each of a million rows first.
    Nothing else refers to the benchmark's own spells and people; the change-log entries its
    imports wrote go too, so repeated runs do not grow the log."""
    spells, people = Participation._meta.db_table, Participant._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {LogEntry._meta.db_table} WHERE id > %s", [last_log_entry])
        cursor.execute(f"DELETE FROM {spells} WHERE intervention_id = %s", [intervention.pk])
        cursor.execute(
            f"DELETE FROM {people} WHERE id > %s AND NOT EXISTS "
            f"(SELECT 1 FROM {spells} WHERE {spells}.participant_id = {people}.id)",
            [first_new_person],
        )


def compare_bulk_create(rounds: int, n: int, run_import, clean) -> None:
    """The import as it is against the same import with Model.objects.bulk_create for the new
    people and spells, alternating so that a busy machine weighs on both alike; the best of each."""
    plain = {"exchange.bulk": bulk.insert, "bulk_create": lambda model, objs: model.objects.bulk_create(objs)}
    best = {}
    for _ in range(rounds):
        for label, insert in plain.items():
            with mock.patch.object(bulk, "insert", insert):
                seconds, _result = measure(label[:9], n, run_import)
            clean()
            best[label] = min(best.get(label, seconds), seconds)
    print(f"bulk_create / exchange.bulk best time ratio: {best['bulk_create'] / best['exchange.bulk']:.2f}x "
          f"(exchange.bulk {n / best['exchange.bulk']:,.0f} rows/s, bulk_create {n / best['bulk_create']:,.0f} rows/s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000, help="participations to import (default 100000)")
    parser.add_argument("--export-n", type=int, default=0,
                        help="also insert this many rows directly and measure the streaming export alone")
    parser.add_argument("--compare-bulk-create", type=int, default=0, metavar="ROUNDS",
                        help="first import ROUNDS times each way, alternating: new rows by exchange.bulk "
                             "against Django's own bulk_create (is the hand-written insert still worth it?)")
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    settings.DEBUG = False  # as in production: no query log kept in memory
    print("DEBUG off (as in production), query log not kept")
    vendor = connection.vendor
    print(f"database: {vendor} ({connection.settings_dict['NAME']}), n={args.n:,}")
    intervention, _ = Intervention.objects.get_or_create(
        code=CODE, defaults={"name": "Benchmark", "startdatum": datetime.date(2000, 1, 1), "allows_person": True}
    )
    first_new_person = Participant.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    last_log_entry = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    cleanup(intervention, first_new_person, last_log_entry)
    workdir = Path(tempfile.mkdtemp(prefix="bench-exchange-"))
    try:
        if args.n:
            source = workdir / "participations.csv"
            write_file(source, args.n)

            def baseline():
                try:
                    with transaction.atomic():
                        baseline_insert(source, intervention.pk)
                        raise Rollback
                except Rollback:
                    pass

            base_seconds, _ = measure("baseline", args.n, baseline)

            def run_import():
                with open(source, "rb") as stream:
                    return import_file(stream, kind="participations")

            if args.compare_bulk_create:
                compare_bulk_create(args.compare_bulk_create, args.n, run_import,
                                    lambda: cleanup(intervention, first_new_person, last_log_entry))
            import_seconds, result = measure("import", args.n, run_import)
            print(f"          result: {result.summary}; errors {len(result.errors)}; fatal {result.fatal or '-'}")
            print(f"import / baseline time ratio: {import_seconds / base_seconds:.2f}x "
                  f"(target: within 5x; ≥ 2,000 rows/s)")
            reimport_seconds, again = measure("reimport", args.n, run_import)
            print(f"          result: {again.summary}")
            total = Participation.objects.count()
            measure("export", total, lambda: export_sus(workdir / "out", fmt="csv"))
            cleanup(intervention, first_new_person, last_log_entry)
        if args.export_n:
            print(f"inserting {args.export_n:,} rows for the export memory check …")
            insert_for_export(args.export_n, intervention.pk)
            total = Participation.objects.count()
            measure("export", total, lambda: export_sus(workdir / "out-big", fmt="csv"))
            cleanup(intervention, first_new_person, last_log_entry)
    finally:
        for path in sorted(workdir.rglob("*"), reverse=True):
            path.unlink() if path.is_file() else path.rmdir()
        workdir.rmdir()


if __name__ == "__main__":
    main()
