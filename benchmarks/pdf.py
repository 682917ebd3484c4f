"""Time of the SUS PDF (the largest PDF the site makes) on the configured database, e.g. the demo:

    make run   (or: manage.py seed_demo && manage.py seed_pathways_demo)
    .venv/bin/python benchmarks/pdf.py [--year 2026] [--suppress-below 5] [--repeat 4] [--output sus.pdf]

Prints the first render (fonts and templates loaded), the best of the others (wall and CPU
time) and the size.
Figures only: no assertion on time (tests never time anything).
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

from reports.national import trend_rows  # noqa: E402
from reports.renderers import render  # noqa: E402
from reports.summary import sus_summary  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--year", type=int, default=datetime.date.today().year)
    parser.add_argument("--suppress-below", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=4)
    parser.add_argument("--output")
    args = parser.parse_args()
    period = (datetime.date(args.year, 1, 1), datetime.date(args.year, 12, 31))
    data = sus_summary(*period, suppress_below=args.suppress_below)
    trend = trend_rows(data, args.suppress_below)
    times, cpu, pdf = [], [], b""
    for _ in range(max(args.repeat, 2)):
        start, start_cpu = time.perf_counter(), time.process_time()
        pdf = render(data, "pdf", suppress_below=args.suppress_below, trend=trend)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    if args.output:
        Path(args.output).write_bytes(pdf)
    print(f"SUS PDF {args.year}: first {times[0]:.2f} s, best of the rest {min(times[1:]):.2f} s "
          f"(CPU {min(cpu[1:]):.2f} s: the wall time grows with the machine's load), "
          f"{len(pdf):,} bytes".replace(",", " "))
    print(f"load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
