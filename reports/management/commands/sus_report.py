"""python manage.py sus_report --from 2015-01-01 --to 2015-12-31 [--intervention PTSD]... [--format json]

Bad input raises CommandError: from the command line one clear line and exit status 1."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reports.national import trend_rows
from reports.renderers import BINARY_FORMATS, FORMATS, render
from reports.summary import UnknownIntervention, sus_summary
from stats.publication import NotPublishable, for_board, summary, trend_shares
from stats.releases import year_periods


def parse_date(value: str, option: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise CommandError(f"{option}: ogiltigt datum {value!r}, ange ÅÅÅÅ-MM-DD.") from None


def _fixed_release(date_from: datetime.date, date_to: datetime.date, interventions) -> None:
    """Protected figures go out for the board's fixed periods only, over every intervention
    (stats.releases): two free periods a day apart would give one person away. They are the
    year's published figures (stats.publication), the same as the board's."""
    if interventions:
        raise CommandError("--suppress-below gäller alla insatser: ange inte --intervention.")
    today = datetime.date.today()
    period = next((period for period in year_periods(date_from.year) if period.dates == (date_from, date_to)), None)
    if period is None or not period.ended(today):
        allowed = ", ".join(f"{p.dates[0]}–{p.dates[1]}" for p in year_periods(date_from.year))
        raise CommandError(f"--suppress-below kräver en fast period som har tagit slut: ett helt "
                           f"kalenderår, t.ex. {allowed}.")


def _published(year: int, below: int):
    """The year's published summary and trend; refused before the year may be published."""
    if below != settings.FINSAM_SUPPRESS_BELOW:
        raise CommandError(f"--suppress-below ger styrelsens publicerade siffror, skyddade under "
                           f"{settings.FINSAM_SUPPRESS_BELOW}: ange --suppress-below {settings.FINSAM_SUPPRESS_BELOW}.")
    try:
        publication = for_board(year)
    except NotPublishable:
        raise CommandError(f"{year} är inte publicerat för styrelsen ännu (FINSAM_BOARD_PUBLISH_AFTER_DAYS "
                           f"dagar efter årets slut, eller fastställt av kansliet).") from None
    data = summary(publication)
    return data, trend_rows(data, below, shares=trend_shares(publication))


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
        options_ = {}  # the board's trend, as published
        try:
            if below:
                data, options_["trend"] = _published(date_from.year, below)
            else:
                data = sus_summary(date_from, date_to, options["intervention"])
        except UnknownIntervention as error:
            raise CommandError(str(error)) from None
        content = render(data, fmt, suppress_below=below, **options_)
        if output:
            mode = "wb" if isinstance(content, bytes) else "w"
            try:
                with open(output, mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as handle:
                    handle.write(content)
            except OSError as error:
                raise CommandError(f"--output: kan inte skriva {output}: {error.strerror}.") from None
            return
        self.stdout.write(content, ending="")
