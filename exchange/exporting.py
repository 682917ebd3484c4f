"""The SUS export: the four exchange files written to a directory (`export_sus`, for the
command) or as one zip file (`export_archive`, for the download), streamed, sorted by key.
"""

from __future__ import annotations

import datetime
import os
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import connection
from django.db.models import Q
from django.db.models.functions import Collate

from audit.trail import record
from interventions.models import Intervention
from participants.models import AnonymousRegistration, Participation, VolumeRegistration

from .resources import RESOURCES
from .writing import EXTENSIONS, WRITERS

EXPORT_KINDS = ("interventions", "participations", "anonymous", "volume")
FORMATS = ("csv", "xlsx")  # the command's (exchange-format.md)
DOWNLOAD_FORMATS = tuple(WRITERS)  # the download page adds "CSV för Excel" (excel-csv)


def _text_order(name: str):
    """Order by a text column byte by byte, as Python sorts it, on every database."""
    if connection.vendor == "postgresql":
        return Collate(name, "C")
    return name


@dataclass
class ExportSelection:
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    def participations(self):
        spells = Participation.objects.all()
        if self.date_from:
            spells = spells.overlapping(self.date_from, self.date_to)  # FELREGISTRERING included: data
        return spells

    def anonymous(self):
        records = AnonymousRegistration.objects.all()
        if self.date_from:
            records = records.active_in(self.date_from, self.date_to)
        return records

    def volume(self):
        records = VolumeRegistration.objects.all()
        if self.date_from:
            records = records.dated_in(self.date_from, self.date_to)
        return records

    def interventions(self):
        interventions = Intervention.objects.select_related("huvudman")
        if self.date_from:
            interventions = interventions.filter(
                Q(pk__in=self.participations().values("intervention"))
                | Q(pk__in=self.anonymous().values("intervention"))
                | Q(pk__in=self.volume().values("intervention"))
            )
        return interventions


def _participations_in_key_order(selection: ExportSelection) -> Iterator[Participation]:
    """Spells sorted by (insats, personnummer, startdatum) as text, without holding them all.

    Personnummer are encrypted, so the database cannot sort them: per intervention, one
    integer per spell (number, date, pk) is sorted in memory, then the spells are read back
    in that order in batches.
    """
    spells = selection.participations()
    interventions = sorted(
        Intervention.objects.filter(pk__in=spells.values("intervention")).values_list("pk", "code"),
        key=lambda item: item[1],
    )
    for intervention_pk, _code in interventions:
        keys = []
        rows = spells.filter(intervention_id=intervention_pk).values_list(
            "pk", "startdatum", "participant__personnummer"
        )
        for pk, start, number in rows.iterator(chunk_size=5000):
            keys.append(((int(number) + 1 if number else 0) * 1_000_000 + start.toordinal()) * 10**12 + pk)
        keys.sort()
        for offset in range(0, len(keys), 2000):
            batch = keys[offset:offset + 2000]
            loaded = (
                Participation.objects.select_related("participant", "intervention")
                .defer("participant__personnummer")  # already decrypted once, for the sort key
                .in_bulk([key % 10**12 for key in batch])
            )
            for key in batch:
                spell = loaded[key % 10**12]
                number = key // 10**18
                spell.participant.personnummer = f"{number - 1:012d}" if number else None
                yield spell
        del keys


def export_sus(
    out_dir,
    *,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    fmt: str = "csv",
) -> dict[str, int]:
    """Write the four exchange files into `out_dir`; returns the number of rows per file."""
    if fmt not in WRITERS:
        raise ValueError(f"unknown format {fmt!r}")
    if (date_from is None) != (date_to is None):
        raise ValueError("date_from and date_to go together")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    selection = ExportSelection(date_from, date_to)
    sources = {
        "interventions": lambda: sorted(selection.interventions(), key=lambda item: item.code),
        "participations": lambda: _participations_in_key_order(selection),
        "anonymous": lambda: selection.anonymous().select_related("intervention")
        .order_by(_text_order("extern_id")).iterator(chunk_size=2000),
        "volume": lambda: selection.volume().select_related("intervention")
        .order_by(_text_order("extern_id")).iterator(chunk_size=2000),
    }
    counts = {}
    for kind in EXPORT_KINDS:
        resource = RESOURCES[kind]()
        path = out / f"{kind}.{EXTENSIONS[fmt]}"
        partial = out / f".{kind}.{EXTENSIONS[fmt]}.partial"
        writer = WRITERS[fmt](partial, kind, RESOURCES[kind].column_types())
        count = 0
        try:
            writer.write(resource.get_export_headers())
            for obj in sources[kind]():
                writer.write(resource.cells_for(obj))
                count += 1
        finally:
            writer.close()
        os.replace(partial, path)
        counts[kind] = count
    return counts


def export_archive(*, user, date_from=None, date_to=None, fmt: str = "csv"):
    """The SUS export as one zip file (an open temporary file) and its row counts."""
    archive = tempfile.TemporaryFile()
    with tempfile.TemporaryDirectory(prefix="sus-export-") as directory:
        counts = export_sus(directory, date_from=date_from, date_to=date_to, fmt=fmt)
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
            for kind in EXPORT_KINDS:
                name = f"{kind}.{EXTENSIONS[fmt]}"
                bundle.write(Path(directory) / name, name)
    archive.seek(0)
    period = f" {date_from} – {date_to}" if date_from else ""
    record(user, "EXPORT", f"SUS-export{period} ({fmt})", rows=counts, format=fmt)
    return archive, counts
