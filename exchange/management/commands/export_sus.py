"""python manage.py export_sus --out DIR [--from YYYY-MM-DD --to YYYY-MM-DD] [--format csv|xlsx]"""

from __future__ import annotations

from django.core.management.base import CommandError

from audit.trail import record
from exchange.exporting import FORMATS, export_sus
from exchange.management.base import ExchangeCommand, check_choice, parse_date


class Command(ExchangeCommand):
    help = "Skriv SUS-exporten (interventions, participations, anonymous, volume) till en katalog."
    unexpected = "Exporten avbröts av ett oväntat fel ({error})."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True)
        parser.add_argument("--from", dest="date_from")
        parser.add_argument("--to", dest="date_to")
        parser.add_argument("--format", dest="fmt", default="csv", help="csv (förval) eller xlsx.")

    def handle(self, *args, out, date_from, date_to, fmt, **options):
        check_choice(fmt, "--format", FORMATS, "Okänt format")
        if bool(date_from) != bool(date_to):
            raise CommandError("Ange både --from och --to, eller ingen av dem.")
        period = (parse_date(date_from, "--from"), parse_date(date_to, "--to")) if date_from else (None, None)
        if period[0] and period[0] > period[1]:
            raise CommandError("--from måste vara samma dag som eller före --to.")
        try:
            counts = export_sus(out, date_from=period[0], date_to=period[1], fmt=fmt)
        except OSError as error:
            raise CommandError(f"Kan inte skriva till {out}: {error.strerror or error}.") from None
        record(
            None,
            "EXPORT",
            f"export_sus {out}"[:300],
            format=fmt,
            period=[date_from, date_to] if date_from else None,
            rows=counts,
        )
        self.stdout.write(", ".join(f"{kind} {count}" for kind, count in counts.items()))
