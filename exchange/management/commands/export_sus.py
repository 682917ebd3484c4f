"""python manage.py export_sus --out DIR [--from YYYY-MM-DD --to YYYY-MM-DD] [--format csv|xlsx]"""

from __future__ import annotations

import datetime
import sys

from django.core.management.base import BaseCommand

from audit.trail import record
from exchange.exporting import export_sus


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"Ogiltigt datum ”{value}”: ange ÅÅÅÅ-MM-DD.") from None


class Command(BaseCommand):
    help = "Skriv SUS-exporten (interventions, participations, anonymous, volume) till en katalog."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True)
        parser.add_argument("--from", dest="date_from")
        parser.add_argument("--to", dest="date_to")
        parser.add_argument("--format", dest="fmt", choices=("csv", "xlsx"), default="csv")

    def handle(self, *args, out, date_from, date_to, fmt, **options):
        try:
            code = self._run(out, date_from, date_to, fmt)
        except Exception as error:  # the command boundary: never a traceback
            self.stderr.write(f"Exporten avbröts av ett oväntat fel ({type(error).__name__}: {error}).")
            code = 1
        if code:
            sys.exit(code)

    def _run(self, out, date_from, date_to, fmt) -> int:
        if bool(date_from) != bool(date_to):
            self.stderr.write("Ange både --from och --to, eller ingen av dem.")
            return 1
        try:
            period = (_date(date_from), _date(date_to)) if date_from else (None, None)
        except ValueError as error:
            self.stderr.write(str(error))
            return 1
        if period[0] and period[0] > period[1]:
            self.stderr.write("--from måste vara samma dag som eller före --to.")
            return 1
        try:
            counts = export_sus(out, date_from=period[0], date_to=period[1], fmt=fmt)
        except OSError as error:
            self.stderr.write(f"Kan inte skriva till {out}: {error.strerror or error}.")
            return 1
        record(
            None,
            "EXPORT",
            f"export_sus {out}"[:300],
            format=fmt,
            period=[date_from, date_to] if date_from else None,
            rows=counts,
        )
        self.stdout.write(", ".join(f"{kind} {count}" for kind, count in counts.items()))
        return 0
