"""The board's figures of a year: published once, then served unchanged (stats.models.Publication).

    publication = for_board(2025)           # published now if publishable and not yet published
    data = summary(publication)             # the SUS summary as published (a Released)
    tables = stored_tables(publication, "gaps")

`publish` computes every board output of the year together (`reports.board_figures.build`:
one `Figures`, the same quantities linked, one `protect`) and stores them with a SHA-256 of
the stored text. Publishing a year first publishes the earlier years its trend shows (up to
five, from the first year with data), so that the work/studies share of a year is the same
number in every output that shows it. The board never sees an unpublished year's figures:
`for_board` refuses a year that is neither published nor publishable (stats.releases).
"""

from __future__ import annotations

import datetime
import decimal
import hashlib
import json

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .disclosure import Protection, Release, Released
from .models import Publication
from .releases import publishable, published_years
from .tables import Table, from_json

TREND_YEARS = 6


class NotPublishable(LookupError):
    """The year may not (yet) be shown to the board."""


def publish(year: int, *, user=None, first_year: int | None = None) -> Publication:
    """Publish `year` (and the earlier years its trend needs); an existing publication is kept
    as it is — there is no republishing (a second release of a year would be a differencing pair)."""
    existing = Publication.objects.filter(year=year).first()
    if existing is not None:
        return existing
    from reports.board_figures import build

    if first_year is None:
        from participants.models import Participation

        first = Participation.objects.data_span()[0]
        first_year = first.year if first else year
    for earlier in range(max(first_year, year - TREND_YEARS + 1), year):
        publish(earlier, user=user, first_year=first_year)
    below = settings.FINSAM_SUPPRESS_BELOW
    outputs = build(year, below)
    earlier = Publication.objects.filter(year__gte=year - TREND_YEARS + 1, year__lt=year).order_by("year")
    outputs["trend"] = {str(item.year): item.output("sus")["share"] for item in earlier}
    outputs["trend"][str(year)] = outputs["sus"]["share"]
    text = json.dumps(outputs, ensure_ascii=False, separators=(",", ":"), default=_number)
    try:
        with transaction.atomic():
            return Publication.objects.create(year=year, published_by=user, below=below, outputs=text,
                                              digest=hashlib.sha256(text.encode()).hexdigest())
    except IntegrityError:  # published by another request meanwhile: theirs stands
        return Publication.objects.get(year=year)


def _number(value):
    """Decimals (PostgreSQL's SUM and AVG) as the int or float they stand for."""
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} is not stored in a publication")


def publish_due(today: datetime.date | None = None) -> list[int]:
    """Publish every year with data that is publishable and not yet published (the nightly task
    and `manage.py publish_board_years`), so that no board request pays for it. The years done."""
    from participants.models import Participation

    today = today or timezone.localdate()
    first, last = Participation.objects.data_span()
    if first is None:
        return []
    done = published_years()
    years = [year for year in range(first.year, min(last.year, today.year) + 1)
             if year not in done and publishable(year, today)]
    for year in years:
        publish(year, first_year=first.year)
    return years


def for_board(year: int, today: datetime.date | None = None) -> Publication:
    """The year's publication for the board: stored, or published now when the year is publishable."""
    found = Publication.objects.filter(year=year).first()
    if found is not None:
        return found
    if not publishable(year, today or timezone.localdate()):
        raise NotPublishable(year)
    return publish(year)


def summary(publication: Publication) -> Released:
    """The SUS summary as published (hidden counts None; `mark` says `<N` or `×`)."""
    stored = publication.output("sus")
    protection = Protection(Release(publication.below), set(), {tuple(path) for path in stored["protecting"]})
    return Released(stored["data"], protection)


def stored_tables(publication: Publication, name: str) -> list[Table]:
    """A table output as published (its cells marked); [] when it was not published (e.g. an
    instrument added after the year was published)."""
    return from_json(stored(publication, name, "tables", []))


def stored(publication: Publication, name: str, key: str, default=None):
    try:
        return publication.output(name).get(key, default)
    except KeyError:
        return default


def cycling_tables() -> list[Table]:
    """The board's cycling tables: each published year's row as that year published it."""
    tables: list[Table] = []
    for publication in Publication.objects.order_by("year"):
        for index, table in enumerate(stored_tables(publication, "cycling")):
            if index < len(tables):
                tables[index].rows += table.rows
            else:
                tables.append(table)
    return tables


def trend_shares(publication: Publication) -> dict[int, float | None]:
    """The work/studies share of the year and the earlier published years of its trend."""
    return {int(year): share for year, share in publication.output("trend").items()}
