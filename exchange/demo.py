"""Demo import jobs for seed_demo, dated from the day it runs, so that the job list at /filer/
shows what imports look like: saved ones, one with errors in the file, one cancelled. The jobs
hold no file (the bytes of a real job are dropped once it is written or cancelled too) and
the figures are the job's own; a second run the same day changes nothing."""

from __future__ import annotations

import datetime

from django.utils import timezone

from .models import ImportJob

S = ImportJob.Status
# file name, kind, status, days ago, hour, rows, created, updated, unchanged, errors, message
JOBS = [
    ("deltagare_aktivitetscenter_vecka.xlsx", "participations", S.DONE, 2, 9, 42, 6, 3, 33, [],
     "Sparad: 6 nya, 3 ändrade, 33 oförändrade."),
    ("volym_utsikt.csv", "volume", S.DONE, 9, 13, 4, 4, 0, 0, [], "Sparad: 4 nya."),
    ("deltagare_ptsd.csv", "participations", S.INVALID, 1, 15, 18, 0, 0, 0,
     [[4, "personnummer", "Ogiltigt personnummer: kontrollsiffran stämmer inte."],
      [11, "slutdatum", "Slutdatum får inte vara före startdatum."],
      [11, "avslutsorsak", "Avslutsorsak krävs när slutdatum är ifyllt."]],
     "Filen har fel: rätta raderna och ladda upp den igen. Inget sparades."),
    ("anonyma_act.xlsx", "anonymous", S.DONE, 23, 10, 12, 12, 0, 0, [], "Sparad: 12 nya."),
    ("insatser.csv", "interventions", S.CANCELLED, 30, 11, 7, 0, 0, 7, [], "Avbruten. Inget sparades."),
]


def seed_import_jobs(user, *, today: datetime.date) -> None:
    for name, kind, status, days, hour, rows, created, updated, unchanged, errors, message in JOBS:
        moment = timezone.make_aware(datetime.datetime.combine(today - datetime.timedelta(days=days),
                                                               datetime.time(hour, 12)))
        values = dict(kind=kind, status=status, created_by=user, total_rows=rows, processed_rows=rows,
                      created=created, updated=updated, unchanged=unchanged, error_count=len(errors),
                      errors=errors, message=message, created_at=moment,
                      finished_at=moment + datetime.timedelta(minutes=1))
        job = ImportJob.objects.filter(file_name=name, created_by=user).first()
        if job is None:
            job = ImportJob.objects.create(file_name=name, **values)
        if any(getattr(job, field) != value for field, value in values.items()):
            # update(), not save(): created_at is auto_now_add and would not take the demo's date
            ImportJob.objects.filter(pk=job.pk).update(**values)
