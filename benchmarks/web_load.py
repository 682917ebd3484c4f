# ruff: noqa: E402
"""Load test of the staff pages: 20 logged-in users browsing lists, filters and person pages.

    .venv/bin/python benchmarks/web_load.py                       # 1,000,000 spells on PostgreSQL `ui`
    .venv/bin/python benchmarks/web_load.py --n 200000 --duration 60
    .venv/bin/python benchmarks/web_load.py --database sqlite:////tmp/ui-bench.sqlite3 --n 20000

Fills the database with bulk inserts when it holds fewer than N participations (synthetic,
Luhn-valid numbers), starts gunicorn on a free loopback port, runs locust headless for a
bounded time and prints p50/p95 per page and requests/s. The login page (no database
work) is measured in the same run as the baseline, with each page's p95 ratio to it.
Loopback only: the server binds 127.0.0.1 and locust talks to nothing else.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this folder would come first on sys.path, and its files (import_export.py)
# would shadow installed packages: the project root goes there instead.
sys.path[:] = [str(Path(__file__).resolve().parent.parent)] + [
    p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent
]

# locust (gevent) patches the standard library: it has to come first.
from locust import HttpUser, between, events, task  # isort: skip  # noqa: E402,I001

import argparse
import datetime
import os
import random
import re
import signal
import socket
import subprocess
import time

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-password-1"
INTERVENTIONS = [("BENCH_A", "Bänk A"), ("BENCH_B", "Bänk B"), ("BENCH_C", "Bänk C"), ("BENCH_D", "Bänk D"),
                 ("BENCH_E", "Bänk E"), ("BENCH_F", "Bänk F"), ("BENCH_G", "Bänk G"), ("BENCH_H", "Bänk H")]
STAFF_INTERVENTIONS = 2  # each benchmark case worker is assigned to two of the eight


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "finsam.settings")
    import django

    django.setup()


def numbers(count: int, rng: random.Random, taken: set[str]):
    """`count` distinct valid 12-digit personnummer, born 1950–1999, none of whose hashes is `taken`."""
    from participants.identity import lookup_hash, personnummer_for

    seen = set()
    while len(seen) < count:
        birth = datetime.date(1950, 1, 1) + datetime.timedelta(days=rng.randrange(50 * 365))
        serial = rng.randrange(1, 1000)
        number = personnummer_for(birth, serial)
        if number not in seen and lookup_hash(number) not in taken:
            seen.add(number)
            yield number, birth, serial


def fill(n: int, *, batch: int = 5000) -> None:
    """Bulk-insert people and spells until the database holds `n` participations."""
    from django.db import connection, transaction

    from interventions.models import Intervention
    from participants.identity import lookup_hash
    from participants.models import Participant, Participation, age_on

    interventions = []
    for code, name in INTERVENTIONS:
        obj, _ = Intervention.objects.get_or_create(
            code=code, defaults={"name": name, "startdatum": datetime.date(2000, 1, 1), "arsplatser": 5000,
                                 "mal_andel_arbete_studier": 40})
        interventions.append(obj)
    have = Participation.objects.count()
    if have >= n:
        print(f"database holds {have:,} participations (>= {n:,}): no fill")
        return
    rng = random.Random(have + 17)
    todo = n - have
    people = (todo + 1) // 2 + 1  # two spells per person on average, at most 3
    print(f"filling {todo:,} participations for about {people:,} people ...", flush=True)
    started = time.perf_counter()
    codes = ["GRUNDSKOLA", "GYMNASIUM", "HOGSKOLA", "SAKNAS"]
    support = ["FORSORJNINGSSTOD", "SJUKPENNING", "AKTIVITETSERSATTNING", "ARBETSLOSHETSERSATTNING", "INGEN"]
    outcome = [("ARBETSMARKNAD", "ARBETE"), ("ARBETSMARKNAD", "STUDIER"), ("FORTSATT_REHAB", "REHAB"),
               ("OHALSA", "INGEN"), ("AVBROTT", "OKAND")]
    made = 0
    taken = set(Participant.objects.exclude(pnr_hash=None).values_list("pnr_hash", flat=True))
    generator = numbers(people * 2, rng, taken)
    while made < todo:
        persons = []
        for number, birth, serial in (next(generator) for _ in range(batch)):
            persons.append(Participant(
                personnummer=number, pnr_hash=lookup_hash(number), kon="M" if serial % 2 else "K",
                birth_date=birth, birth_year=birth.year))
        with transaction.atomic():
            Participant.objects.bulk_create(persons, batch_size=batch)
            if not persons[0].pk:  # backends without RETURNING on bulk insert
                by_hash = dict(Participant.objects.filter(pnr_hash__in=[p.pnr_hash for p in persons])
                               .values_list("pnr_hash", "pk"))
                for person in persons:
                    person.pk = by_hash[person.pnr_hash]
            spells = []
            for person in persons:
                start = datetime.date(2008, 1, 1) + datetime.timedelta(days=rng.randrange(18 * 365))
                for intervention in rng.sample(interventions, rng.choice((1, 2, 2, 3))):
                    if made + len(spells) >= todo:
                        break
                    if age_on(person.birth_date, start) < 16:
                        start = person.birth_date.replace(year=person.birth_date.year + 17, day=1)
                    ended = rng.random() < 0.85
                    end = start + datetime.timedelta(days=rng.randrange(30, 700)) if ended else None
                    reason, after = rng.choice(outcome) if ended else ("", "")
                    spells.append(Participation(
                        participant_id=person.pk, intervention=intervention, samtycke_datum=start,
                        startdatum=start, utbildning=rng.choice(codes), tid_offentlig_forsorjning="UPP_TILL_3",
                        forsorjning_fore=rng.choice(support), slutdatum=end, avslutsorsak=reason,
                        sysselsattning_efter=after, forsorjning_efter=rng.choice(support) if ended else "",
                        alder_vid_start=age_on(person.birth_date, start)))
            Participation.objects.bulk_create(spells, batch_size=batch)
        made += len(spells)
        if made % 100_000 < len(spells):
            print(f"  {have + made:,} participations ({time.perf_counter() - started:.0f} s)", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"filled in {time.perf_counter() - started:.0f} s", flush=True)


def ensure_users(count: int) -> list[tuple[str, list[int]]]:
    """Case workers (two interventions each) and kansli users; returns (username, person ids)."""
    from django.contrib.auth import get_user_model

    from accounts import roles
    from accounts.setup import ensure_role_groups
    from interventions.models import Assignment, Intervention
    from participants.models import Participation

    ensure_role_groups()
    from django.contrib.auth.models import Group

    User = get_user_model()
    interventions = list(Intervention.objects.filter(code__startswith="BENCH_").order_by("code"))
    result = []
    for index in range(count):
        kansli = index % 4 == 3  # one in four is office staff who see everything
        username = f"bench_{'kansli' if kansli else 'staff'}_{index}"
        user, created = User.objects.get_or_create(username=username, defaults={"first_name": "Bänk"})
        user.set_password(PASSWORD)
        user.save()
        user.groups.set([Group.objects.get(name=roles.KANSLI if kansli else roles.DELTAGARANSVARIG)])
        mine = interventions if kansli else [interventions[(index + k) % len(interventions)]
                                             for k in range(STAFF_INTERVENTIONS)]
        if not kansli:
            for intervention in mine:
                Assignment.objects.get_or_create(user=user, intervention=intervention)
        people = list(Participation.objects.filter(intervention__in=mine).order_by("-pk")
                      .values_list("participant_id", flat=True)[:500])
        result.append((username, people, [i.pk for i in mine]))
    return result


BENCH_SETTINGS = """
# Production settings (DEBUG off: cached templates), served over plain HTTP on loopback.
from finsam.settings import *  # noqa
DEBUG = False
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
"""


def bench_settings_dir() -> str:
    import tempfile

    folder = tempfile.mkdtemp(prefix="finsam-bench-")
    Path(folder, "finsam_bench_settings.py").write_text(BENCH_SETTINGS)
    return folder


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, timeout: float = 60) -> None:
    import urllib.request

    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except Exception:
            time.sleep(0.5)
    raise SystemExit(f"server did not answer at {url}")


def run_load(base: str, accounts, *, users: int, duration: int) -> dict:
    import gevent
    from locust.env import Environment

    pool = list(accounts)
    logged_in: list[str] = []

    class CaseWorker(HttpUser):
        host = base
        wait_time = between(0.5, 2.0)

        def on_start(self):
            try:
                self._login()
            except Exception as error:  # locust swallows it otherwise
                print(f"login of a benchmark user failed: {error!r}", file=sys.stderr, flush=True)
                raise

        def _login(self):
            self.username, self.people, self.interventions = pool.pop(0) if pool else accounts[0]
            page = self.client.get("/accounts/login/", name="baseline: login page")
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
            response = self.client.post("/accounts/login/", {"username": self.username, "password": PASSWORD,
                                                             "csrfmiddlewaretoken": token},
                                        headers={"Referer": base + "/accounts/login/"}, name="login")
            if "/accounts/login/" in response.url:
                raise RuntimeError(f"login failed for {self.username}")
            logged_in.append(self.username)

        @task(4)
        def list_page(self):
            self.client.get(f"/deltagare/?page={random.randint(1, 20)}", name="list")

        @task(3)
        def filtered(self):
            params = random.choice([
                {"status": "open"}, {"kon": "K", "status": "ended"}, {"avslutsorsak": "OHALSA"},
                {"period_from": "2015-01-01", "period_to": "2015-12-31"},
                {"intervention": random.choice(self.interventions), "status": "open", "sort": "slutdatum"},
            ])
            self.client.get("/deltagare/", params=params, name="list filtered")

        @task(3)
        def person_page(self):
            self.client.get(f"/deltagare/person/{random.choice(self.people)}/", name="person")

        @task(1)
        def baseline(self):
            # Logged in, the login page answers with a redirect: the middleware stack, no view work.
            self.client.get("/accounts/login/", name="baseline: login page", allow_redirects=False)

    env = Environment(user_classes=[CaseWorker], events=events)
    runner = env.create_local_runner()
    runner.start(users, spawn_rate=users)
    # Logging in (password hashing) is not what is measured: wait for everyone, then reset.
    deadline = time.time() + 180
    while len(logged_in) < users and time.time() < deadline:
        gevent.sleep(0.5)
    env.stats.reset_all()
    gevent.spawn_later(duration, runner.quit)
    runner.greenlet.join()
    return env.stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=1_000_000, help="participations in the database")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=int, default=60, help="seconds of load (bounded)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE_URL",
                                                             "postgres://postgres@127.0.0.1:5432/ui"))
    parser.add_argument("--fill-only", action="store_true")
    args = parser.parse_args()

    setup_django(args.database)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    fill(args.n)
    if args.fill_only:
        return
    accounts = ensure_users(args.users)
    from participants.models import Participation

    total = Participation.objects.count()
    vendor = connection.vendor
    connection.close()

    port = free_port()
    env = {**os.environ, "DATABASE_URL": args.database, "DJANGO_LOG_LEVEL": "ERROR", "AXES_FAILURE_LIMIT": "1000",
           "DJANGO_SETTINGS_MODULE": "finsam_bench_settings", "DJANGO_DEBUG": "false"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "finsam.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(args.workers),
         "--pythonpath", f"{ROOT},{bench_settings_dir()}", "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/accounts/login/")
        stats = run_load(base, accounts, users=args.users, duration=args.duration)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    print(f"\nweb_load: {total:,} participations on {vendor}, {args.users} users, {args.duration} s, "
          f"{args.workers} gunicorn workers")
    baseline = stats.get("baseline: login page", "GET")
    base_p95 = baseline.get_response_time_percentile(0.95) or 1
    print(f"{'page':<24}{'requests':>9}{'fails':>7}{'p50 ms':>9}{'p95 ms':>9}{'req/s':>8}{'p95/base':>10}")
    for name in ("baseline: login page", "list", "list filtered", "person"):
        entry = stats.get(name, "GET")
        p95 = entry.get_response_time_percentile(0.95)
        print(f"{name:<24}{entry.num_requests:>9}{entry.num_failures:>7}"
              f"{entry.get_response_time_percentile(0.5):>9.0f}{p95:>9.0f}{entry.total_rps:>8.1f}"
              f"{p95 / base_p95:>10.1f}")
    total_stats = stats.total
    print(f"{'all':<24}{total_stats.num_requests:>9}{total_stats.num_failures:>7}"
          f"{total_stats.get_response_time_percentile(0.5):>9.0f}{total_stats.get_response_time_percentile(0.95):>9.0f}"
          f"{total_stats.total_rps:>8.1f}")
    pages = [stats.get(name, "GET") for name in ("list", "list filtered", "person")]
    worst = max(p.get_response_time_percentile(0.95) for p in pages)
    print(f"target p95 < 200 ms on list and person pages: {'met' if worst < 200 else 'NOT met'} (worst {worst:.0f} ms)")


if __name__ == "__main__":
    main()
