"""Follow-up outcomes of the spells ended in a period, for kansli (no notes, no personnummer)."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from audit.trail import record
from cases.exports import followup_rows, to_csv, to_xlsx


def _date(value: str, name: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Ogiltigt datum för {name}: {value!r} (använd ÅÅÅÅ-MM-DD).")


class Command(BaseCommand):
    help = "Exporterar uppföljningarna efter avslut för deltaganden som avslutades i perioden (CSV eller XLSX)."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="date_from", required=True, help="Avslutade från (ÅÅÅÅ-MM-DD).")
        parser.add_argument("--to", dest="date_to", required=True, help="Avslutade till och med (ÅÅÅÅ-MM-DD).")
        parser.add_argument("--out", required=True, help="Fil att skriva.")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")

    def handle(self, *args, date_from, date_to, out, format, **options):
        start, end = _date(date_from, "--from"), _date(date_to, "--to")
        if start > end:
            raise CommandError("--to får inte vara före --from.")
        rows = list(followup_rows(start, end))
        Path(out).write_bytes(to_xlsx(rows) if format == "xlsx" else to_csv(rows))
        record(None, "EXPORT", f"Uppföljningar efter avslut {start} – {end} ({format.upper()}, kommando)",
               rows=len(rows))
        self.stdout.write(f"{len(rows)} deltaganden skrivna till {out}.")
