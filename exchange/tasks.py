"""Background import: large files are checked and written by a worker, with progress."""

from __future__ import annotations

from celery import shared_task

from .models import ImportJob


@shared_task(name="exchange.check_import")
def check_import(job_id: int) -> str:
    return ImportJob.objects.get(pk=job_id).run(write=False)


@shared_task(name="exchange.write_import")
def write_import(job_id: int) -> str:
    return ImportJob.objects.get(pk=job_id).run(write=True)
