"""The cost of disclosure control on the SUS summary over the demo data.

    DATABASE_URL=sqlite:////tmp/disclosure-bench.sqlite3 .venv/bin/python benchmarks/disclosure.py [--people 300]

Migrates the configured database, runs seed_demo once, then for every year with data (and its
tertials) times `sus_summary` exact and with the board's protection (primary suppression, the
line rule and the attacker's audit of stats.auditor, each run with an empty cache), and
prints the cells hidden: `<5`, `×` (of which `lifted`: small counts shown as ×).
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
from pathlib import Path

sys.path[0] = str(Path(__file__).resolve().parent.parent)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "finsam.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402

from participants.models import Participation  # noqa: E402
from reports.summary import sus_summary  # noqa: E402
from tertials.periods import tertial_period  # noqa: E402


def best(function, repeat=3, fresh=False):
    """The best of `repeat` runs; `fresh`: each with an empty cache (the audit's result is cached
    by content, so a second run would time the cache)."""
    times = []
    for _ in range(repeat):
        if fresh:
            cache.clear()
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=300)
    options = parser.parse_args()
    call_command("migrate", verbosity=0)
    if not Participation.objects.exists():
        call_command("seed_demo", people=options.people, password="bench-only", stdout=open(os.devnull, "w"))
    years = sorted({day.year for day in Participation.objects.values_list("startdatum", flat=True)})
    print(f"{'period':<14}{'exact s':>9}{'board s':>9}{'ratio':>7}{'<5':>6}{'×':>6}{'lifted':>8}")
    for year in years:
        periods = [(str(year), (datetime.date(year, 1, 1), datetime.date(year, 12, 31)))]
        periods += [(f"{year}-T{t}", tertial_period(year, t)) for t in (1, 2, 3)]
        for name, period in periods:
            exact, _ = best(lambda period=period: sus_summary(*period))
            board, data = best(lambda period=period: sus_summary(*period, suppress_below=5), fresh=True)
            hidden = list(data.protecting)
            small = sum(1 for _ in _nones(data)) - len(hidden)
            print(f"{name:<14}{exact:>9.3f}{board:>9.3f}{board / exact:>7.0f}{small:>6}{len(hidden):>6}"
                  f"{len(data.lifted):>8}")


def _nones(data, path=()):
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _nones(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _nones(value, (*path, index))
    elif data is None and path[-1] not in ("share_work_or_studies",):
        yield path


if __name__ == "__main__":
    main()
