# ruff: noqa: E402
"""Case tracking under a full caseload: the worklist and the case page under load, the
lasting-effect table for one year.

    .venv/bin/python benchmarks/caseload.py        # PostgreSQL wt_cases_bench, 1,000,000 spells
    .venv/bin/python benchmarks/caseload.py --duration 60 --database postgres://postgres@127.0.0.1:5432/NAME

Fills a scratch PostgreSQL database (created when missing) in SQL, server side, with
INSERT … SELECT over generate_series (no ORM, no row sent from Python): 1,000,000
participations in 40 interventions (10 staff each, 8 % open), 5,000,000 contacts (every third
with an encrypted note), 2,000,000 plan activities, and follow-ups after exit for about half
of the ended spells. Then, in the same run:

- locust, 20 staff users on loopback for a bounded time: their worklist (their own cases, the
  whole intervention, one category, page 2) and case pages; baseline: the login page (the
  middleware stack, no view work), each page's p95 beside it;
- the lasting-effect table for the last full year (best of --repeat), against a hand-written
  GROUP BY of the same spells (baseline), with its query count.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path[:] = [str(Path(__file__).resolve().parent.parent)] + [
    p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent
]

from locust import HttpUser, between, events, task  # isort: skip  # noqa: E402,I001

import argparse
import datetime
import importlib.util
import os
import random
import re
import signal
import subprocess
import time

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("web_load", Path(__file__).with_name("web_load.py"))
web_load = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(web_load)

PASSWORD = "bench-password-1"
INTERVENTIONS = 40
STAFF_PER_INTERVENTION = 10
OPEN_PERCENT = 8


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def staff_users() -> list[list[int]]:
    """10 deltagaransvarig per bench intervention (ORM: 400 users), ids by intervention."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group

    from accounts import roles
    from accounts.setup import ensure_role_groups
    from cases.models import PlannedLength
    from interventions.models import Assignment, Intervention

    ensure_role_groups()
    group = Group.objects.get(name=roles.DELTAGARANSVARIG)
    User = get_user_model()
    password = make_password(PASSWORD)
    ids = []
    for i in range(INTERVENTIONS):
        intervention, _ = Intervention.objects.get_or_create(
            code=f"CASEBENCH{i:02d}", defaults={"name": f"Ärendebänk {i:02d}", "startdatum": datetime.date(2000, 1, 1)})
        PlannedLength.objects.update_or_create(intervention=intervention, defaults={"months": 12})
        row = []
        for s in range(STAFF_PER_INTERVENTION):
            user, created = User.objects.get_or_create(username=f"casebench_{i:02d}_{s}",
                                                       defaults={"password": password, "first_name": "Bänk"})
            if created:
                user.groups.add(group)
                Assignment.objects.create(user=user, intervention=intervention)
            row.append(user.pk)
        ids.append(row)
    return ids


def _encrypted(text: str) -> str:
    """One Fernet token, inserted everywhere: every read decrypts a real token."""
    from participants.identity import PersonalTextField

    return PersonalTextField().get_prep_value(text)


def fill(n: int) -> None:
    from django.db import connection

    from participants.models import Participation

    users = staff_users()
    interventions = list(range(INTERVENTIONS))
    from interventions.models import Intervention

    iv_ids = [Intervention.objects.get(code=f"CASEBENCH{i:02d}").pk for i in interventions]
    have = Participation.objects.filter(intervention_id__in=iv_ids).count()
    if have >= n:
        print(f"database holds {have:,} bench participations: no fill", flush=True)
        return
    if have:
        raise SystemExit(f"the database holds {have:,} of {n:,} bench participations: drop it and run again")
    people = n // 2
    note, name = _encrypted("Uppföljningsmöte: arbetsträningen går bra, nästa steg praktik."), _encrypted("Bänk")
    started = time.perf_counter()
    with connection.cursor() as cursor:
        def run(label, sql, params=()):
            t = time.perf_counter()
            if params:  # the SQL's modulo operators next to the placeholders
                sql = sql.replace("%", "%%").replace("%%s", "%s")
            cursor.execute(sql, params or None)
            print(f"  {label}: {cursor.rowcount:,} rows, {time.perf_counter() - t:.0f} s", flush=True)

        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM participants_participant")
        p0 = cursor.fetchone()[0] + 1
        run("people", "INSERT INTO participants_participant (personnummer, pnr_hash, first_name, last_name, kon, "
            "birth_date, birth_year, is_coordination_number, identity_removed_at, created_at) "
            "SELECT NULL, NULL, %s, %s, CASE WHEN g % 2 = 0 THEN 'K' ELSE 'M' END, NULL, 1950 + g % 50, false, "
            "NULL, now() FROM generate_series(1, %s) g", [name, name, people])
        ivs = "ARRAY[" + ",".join(map(str, iv_ids)) + "]"
        staff = "ARRAY[" + ",".join(str(u) for row in users for u in row) + "]"
        run("participations", f"""
            INSERT INTO participants_participation (version, participant_id, intervention_id, samtycke_datum,
              startdatum, utbildning, tid_offentlig_forsorjning, forsorjning_fore, ansvarig_id, slutdatum,
              avslutsorsak, sysselsattning_efter, forsorjning_efter, alder_vid_start, created_at, updated_at)
            SELECT 1, {p0} + (g - 1) % {people}, ({ivs})[x.iv + 1], x.start, x.start, 'GYMNASIUM', 'UPP_TILL_3',
              'FORSORJNINGSSTOD',
              ({staff})[x.iv * {STAFF_PER_INTERVENTION} + abs(hashint8(g)) % {STAFF_PER_INTERVENTION} + 1],
              CASE WHEN x.open THEN NULL ELSE x.stop END,
              CASE WHEN x.open THEN '' ELSE (ARRAY['ARBETSMARKNAD','ARBETSMARKNAD','ARBETSMARKNAD','FORTSATT_REHAB',
                'FORTSATT_REHAB','FORTSATT_REHAB','FORTSATT_REHAB','OHALSA','AVBROTT','FLYTT'])[x.r + 1] END,
              CASE WHEN x.open THEN '' ELSE (ARRAY['ARBETE','STUDIER','ARBETE_SUBV','REHAB','REHAB','AF_PROGRAM',
                'INGEN','INGEN','OKAND','OKAND'])[x.r + 1] END,
              CASE WHEN x.open THEN '' ELSE (ARRAY['LON','STUDIEMEDEL','LON','FORSORJNINGSSTOD','SJUKPENNING',
                'AKTIVITETSSTOD','FORSORJNINGSSTOD','SJUKPENNING','OKAND','OKAND'])[x.r + 1] END,
              16 + g % 45, now(), now()
            FROM generate_series(1::bigint, %s) g
            CROSS JOIN LATERAL (SELECT ((g - 1) / {people} + g - 1) % {INTERVENTIONS} AS iv,
              abs(hashint8(g + 7)) % 100 < {OPEN_PERCENT} AS open, (g / 7) % 10 AS r,
              CASE WHEN abs(hashint8(g + 7)) % 100 < {OPEN_PERCENT} THEN current_date - ((g * 7919) % 730)::int
                   ELSE current_date - 30 - ((g * 7919) % 3650)::int END AS start) y0
            CROSS JOIN LATERAL (SELECT y0.iv, y0.open, y0.r, y0.start,
              LEAST(y0.start + (30 + (g * 31) % 600)::int, current_date - 1) AS stop) x
        """, [n])
        spells = f"FROM participants_participation p WHERE p.intervention_id = ANY({ivs})"
        run("contacts", f"""
            INSERT INTO cases_contact (version, participation_id, date, kind, parties, outcome, note, next_followup,
              recorded_by_id, created_at, updated_at)
            SELECT 1, p.id, c.day, (ARRAY['MOTE','TELEFON','DIGITALT','BREV'])[k % 4 + 1], '["DELTAGARE", "INSATS"]',
              'ENLIGT_PLAN', CASE WHEN (p.id + k) % 3 = 0 THEN %s END, c.day + 30, p.ansvarig_id, now(), now()
            {spells.replace("FROM participants_participation p", "FROM participants_participation p "
                            "CROSS JOIN generate_series(0, 4) k CROSS JOIN LATERAL (SELECT p.startdatum + "
                            "((k + 1) * (COALESCE(p.slutdatum, current_date) - p.startdatum)) / 6 AS day) c")}
        """, [note])
        run("plan activities", f"""
            INSERT INTO cases_planactivity (version, participation_id, description, party, due_date, status,
              created_by_id, created_at, updated_at)
            SELECT 1, p.id, %s, (ARRAY['INSATS','AF','FK','DELTAGARE'])[(p.id + k) % 4 + 1],
              p.startdatum + ((k + 1) * (COALESCE(p.slutdatum, current_date + 60) - p.startdatum)) / 3,
              CASE WHEN p.slutdatum IS NOT NULL OR k = 0 THEN 'KLAR' ELSE 'PLANERAD' END, p.ansvarig_id, now(), now()
            {spells.replace("FROM participants_participation p",
                            "FROM participants_participation p CROSS JOIN generate_series(0, 1) k")}
        """, [name])
        for months, share in ((6, 5), (12, 4)):
            run(f"follow-ups at {months} months", f"""
                INSERT INTO cases_followup (version, participation_id, months, date, reached, sysselsattning,
                  forsorjning, recorded_by_id, created_at, updated_at)
                SELECT 1, p.id, {months}, p.slutdatum + {months * 31}, p.id % 7 <> 0,
                  CASE WHEN p.id % 7 = 0 THEN '' ELSE (ARRAY['ARBETE','STUDIER','ARBETSSOKANDE','REHAB','INGEN'])
                    [(p.id / 3) % 5 + 1] END,
                  CASE WHEN p.id % 7 = 0 THEN '' ELSE (ARRAY['LON','STUDIEMEDEL','AKTIVITETSSTOD','SJUKPENNING',
                    'FORSORJNINGSSTOD'])[(p.id / 3) % 5 + 1] END, p.ansvarig_id, now(), now()
                {spells} AND p.slutdatum IS NOT NULL AND p.id % 10 < {share}
                  AND p.slutdatum + {months * 31} <= current_date
            """)
        run("analyze", "ANALYZE")
    print(f"filled in {time.perf_counter() - started:.0f} s", flush=True)


def accounts(count: int) -> list[tuple]:
    """(username, spell ids to open, intervention code) for `count` staff, each in another intervention."""
    from django.contrib.auth import get_user_model

    from participants.models import Participation

    out = []
    for index in range(count):
        user = get_user_model().objects.get(username=f"casebench_{index * 2 % INTERVENTIONS:02d}_{index % 10}")
        spells = list(Participation.objects.filter(ansvarig=user).order_by("-startdatum")
                      .values_list("pk", flat=True)[:300])
        out.append((user.username, spells, f"CASEBENCH{index * 2 % INTERVENTIONS:02d}"))
    return out


def run_load(base: str, pool: list, *, users: int, duration: int):
    import gevent
    from locust.env import Environment

    logged_in: list[str] = []
    accounts_left = list(pool)

    class Staff(HttpUser):
        host = base
        wait_time = between(0.5, 2.0)

        def on_start(self):
            self.username, self.spells, self.code = accounts_left.pop(0)
            page = self.client.get("/accounts/login/", name="baseline: login page")
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
            response = self.client.post("/accounts/login/", {"username": self.username, "password": PASSWORD,
                                                             "csrfmiddlewaretoken": token},
                                        headers={"Referer": base + "/accounts/login/"}, name="login")
            if "/accounts/login/" in response.url:
                raise RuntimeError(f"login failed for {self.username}")
            logged_in.append(self.username)

        @task(4)
        def mine(self):
            self.client.get("/att-gora/", name="worklist")

        @task(2)
        def whole_intervention(self):
            self.client.get("/att-gora/", params={"vem": "alla", "insats": self.code}, name="worklist")

        @task(1)
        def one_category(self):
            kind = random.choice(["FOLLOWUP_OVERDUE", "NO_CONTACT", "POSTEXIT", "ACTIVITY_OVERDUE"])
            self.client.get("/att-gora/", params={"vem": "alla", "kategori": kind}, name="worklist")

        @task(1)
        def second_page(self):
            self.client.get("/att-gora/", params={"vem": "alla", "sida": 2}, name="worklist")

        @task(4)
        def case_page(self):
            self.client.get(f"/deltagare/arende/{random.choice(self.spells)}/", name="case page")

        @task(1)
        def baseline(self):
            self.client.get("/accounts/login/", name="baseline: login page", allow_redirects=False)

    env = Environment(user_classes=[Staff], events=events)
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=users)
    deadline = time.time() + 180
    while len(logged_in) < users and time.time() < deadline:
        gevent.sleep(0.5)
    env.stats.reset_all()
    gevent.spawn_later(duration, runner.quit)
    runner.greenlet.join()
    return env.stats


def time_lasting(year: int, repeat: int) -> None:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from cases.lasting import lasting_effects

    date_from, date_to = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    runs, baseline = [], []
    for _ in range(repeat):
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            t = time.perf_counter()
            result = lasting_effects(date_from, date_to)
            runs.append(time.perf_counter() - t)
        t = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT p.intervention_id, p.kon, COUNT(*), "
                "SUM(CASE WHEN p.sysselsattning_efter IN ('ARBETE', 'ARBETE_SUBV', 'STUDIER') THEN 1 ELSE 0 END) "
                "FROM participants_participation p "
                "WHERE p.slutdatum BETWEEN %s AND %s AND p.avslutsorsak <> 'FELREGISTRERING' GROUP BY 1, 2",
                [date_from, date_to])
            cursor.fetchall()
        baseline.append(time.perf_counter() - t)
    ended = sum(row["ended"] for row in result.rows)
    print(f"\nlasting-effect table {year}: {ended:,} spells ended, {len(queries.captured_queries)} queries")
    print(f"  table      best {min(runs) * 1000:7.0f} ms   target < 1000 ms: {'met' if min(runs) < 1 else 'NOT met'}")
    print(f"  baseline   best {min(baseline) * 1000:7.0f} ms   (one GROUP BY of the ended spells, exit only)"
          f"   ratio {min(runs) / min(baseline):.1f}×")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1_000_000)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=int, default=60, help="seconds of load (bounded)")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--database", default=os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/wt_cases_bench"))
    parser.add_argument("--fill-only", action="store_true")
    args = parser.parse_args()

    ensure_database(args.database)
    web_load.setup_django(args.database)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    fill(args.n)
    if args.fill_only:
        return
    time_lasting(datetime.date.today().year - 1, args.repeat)
    pool = accounts(args.users)
    connection.close()

    port = web_load.free_port()
    env = {**os.environ, "DATABASE_URL": args.database, "DJANGO_LOG_LEVEL": "ERROR", "AXES_FAILURE_LIMIT": "1000",
           "DJANGO_SETTINGS_MODULE": "finsam_bench_settings", "DJANGO_DEBUG": "false"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "finsam.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(args.workers),
         "--pythonpath", f"{ROOT},{web_load.bench_settings_dir()}", "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        web_load.wait_for(base + "/accounts/login/")
        stats = run_load(base, pool, users=args.users, duration=args.duration)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    print(f"\ncaseload: {args.n:,} participations, {args.users} staff users, {args.duration} s, "
          f"{args.workers} gunicorn workers")
    base_p95 = stats.get("baseline: login page", "GET").get_response_time_percentile(0.95) or 1
    print(f"{'page':<24}{'requests':>9}{'fails':>7}{'p50 ms':>9}{'p95 ms':>9}{'req/s':>8}{'p95/base':>10}")
    for name, target in (("baseline: login page", None), ("worklist", 200), ("case page", 150)):
        entry = stats.get(name, "GET")
        p95 = entry.get_response_time_percentile(0.95)
        verdict = "" if target is None else f"   target < {target} ms: {'met' if p95 < target else 'NOT met'}"
        print(f"{name:<24}{entry.num_requests:>9}{entry.num_failures:>7}{entry.get_response_time_percentile(0.5):>9.0f}"
              f"{p95:>9.0f}{entry.total_rps:>8.1f}{p95 / base_p95:>10.1f}{verdict}")


if __name__ == "__main__":
    main()
