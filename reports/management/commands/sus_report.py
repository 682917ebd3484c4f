"""python manage.py sus_report --from 2015-01-01 --to 2015-12-31 [--intervention PTSD]... [--format json]

Bad input raises CommandError: from the command line one clear line and exit status 1."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError

from reports.renderers import BINARY_FORMATS, FORMATS, render
from reports.summary import UnknownIntervention, sus_summary
from stats.releases import year_periods


def parse_date(value: str, option: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise CommandError(f"{option}: ogiltigt datum {value!r}, ange ÅÅÅÅ-MM-DD.") from None


def _fixed_release(date_from: datetime.date, date_to: datetime.date, interventions) -> None:
    """Protected figures go out for the board's fixed periods only, over every intervention
    (stats.releases): two free periods a day apart would give one person away."""
    if interventions:
        raise CommandError("--suppress-below gäller alla insatser: ange inte --intervention.")
    today = datetime.date.today()
    period = next((period for period in year_periods(date_from.year) if period.dates == (date_from, date_to)), None)
    if period is None or not period.ended(today):
        allowed = ", ".join(f"{p.dates[0]}–{p.dates[1]}" for p in year_periods(date_from.year))
        raise CommandError(f"--suppress-below kräver en fast period som har tagit slut: ett helt "
                           f"kalenderår, t.ex. {allowed}.")


class Command(BaseCommand):
    help = "SUS-sammanställningen för en period (text, json, csv, xlsx eller pdf)."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="date_from", required=True, help="Första dag, ÅÅÅÅ-MM-DD.")
        parser.add_argument("--to", dest="date_to", required=True, help="Sista dag, ÅÅÅÅ-MM-DD.")
        parser.add_argument("--intervention", action="append", default=None, metavar="CODE",
                            help="Insatskod; upprepa för flera. Utan: alla insatser.")
        parser.add_argument("--format", default="text", choices=FORMATS)
        parser.add_argument("--output", default=None, help="Fil att skriva (krävs för xlsx och pdf).")
        parser.add_argument("--suppress-below", dest="suppress_below", type=int, default=None, metavar="N",
                            help="Ersätt antal 1..N−1 med null (visas som <N).")

    def handle(self, *args, **options):
        date_from = parse_date(options["date_from"], "--from")
        date_to = parse_date(options["date_to"], "--to")
        if date_from > date_to:
            raise CommandError(f"--from ({date_from}) ligger efter --to ({date_to}).")
        fmt = options["format"]
        output = options["output"]
        if fmt in BINARY_FORMATS and not output:
            raise CommandError(f"--format {fmt} kräver --output FIL.")
        below = options["suppress_below"]
        if below is not None and below < 1:
            raise CommandError("--suppress-below måste vara ett positivt heltal.")
        if below:
            _fixed_release(date_from, date_to, options["intervention"])
        try:
            data = sus_summary(date_from, date_to, options["intervention"], suppress_below=below)
        except UnknownIntervention as error:
            raise CommandError(str(error)) from None
        content = render(data, fmt, suppress_below=below)
        if output:
            mode = "wb" if isinstance(content, bytes) else "w"
            try:
                with open(output, mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as handle:
                    handle.write(content)
            except OSError as error:
                raise CommandError(f"--output: kan inte skriva {output}: {error.strerror}.") from None
            return
        self.stdout.write(content, ending="")
