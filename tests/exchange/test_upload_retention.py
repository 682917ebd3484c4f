"""Uploads hold clear personnummer and names: a file left waiting (never confirmed or cancelled)
is deleted after FINSAM_UPLOAD_RETENTION_DAYS (default 7) by the nightly purge, and the import
job page, which shows every row of the file, is an audited read."""

import datetime
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessEvent
from exchange.models import ImportJob

from .conftest import participation_file, participation_row, pnr

pytestmark = pytest.mark.django_db


def waiting_upload(client, users, *, days_old: float, rows=1) -> tuple[ImportJob, str]:
    number = pnr(1966, 4, 9)
    content = participation_file(participation_row(number, fornamn="Ulrika", efternamn="Uppladdad"),
                                 *[participation_row(pnr(1970 + i)) for i in range(rows - 1)])
    client.force_login(users["kansli"])
    client.post(reverse("exchange:index"), {
        "kind": "participations", "file": SimpleUploadedFile("deltagare.csv", content.encode(), "text/csv")})
    job = ImportJob.objects.latest("pk")
    assert job.status == ImportJob.Status.READY and number.encode() in bytes(job.content)
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(days=days_old))
    return job, number


def raw_job_row(job) -> bytes:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM exchange_importjob WHERE id = %s", [job.pk])
        return b" ".join(bytes(v) if isinstance(v, bytes | memoryview) else str(v).encode()
                         for v in cursor.fetchone())


def test_an_upload_left_waiting_for_a_week_is_deleted_by_the_purge(client, users, intervention):
    job, number = waiting_upload(client, users, days_old=7.1)
    call_command("purge_personal_data", stdout=StringIO())
    job.refresh_from_db()
    assert (bytes(job.content), job.row_statuses, job.status) == (b"", [], ImportJob.Status.CANCELLED)
    assert "borttagen" in job.message and job.finished_at is not None
    raw = raw_job_row(job)
    assert number.encode() not in raw and b"Ulrika" not in raw and b"Uppladdad" not in raw
    event = AccessEvent.objects.get(action="PURGE")
    assert event.details["uploads_deleted"] == 1
    page = client.get(job.get_absolute_url()).content.decode()
    assert "borttagen" in page and "confirm-import" not in page


def test_a_waiting_upload_younger_than_the_limit_is_kept(client, users, intervention):
    job, number = waiting_upload(client, users, days_old=6.9)
    call_command("purge_personal_data", stdout=StringIO())
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY and number.encode() in bytes(job.content)


def test_the_upload_limit_is_a_setting_and_a_dry_run_deletes_nothing(client, users, intervention, settings):
    settings.FINSAM_UPLOAD_RETENTION_DAYS = 1
    job, _number = waiting_upload(client, users, days_old=1.5)
    out = StringIO()
    call_command("purge_personal_data", "--dry-run", stdout=out)
    assert "1 uppladdade filer" in out.getvalue()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.READY and job.content
    call_command("purge_personal_data", stdout=StringIO())
    job.refresh_from_db()
    assert job.status == ImportJob.Status.CANCELLED and not job.content


def test_a_large_waiting_upload_loses_its_row_statuses_too(client, users, intervention, settings):
    settings.FINSAM_IMPORT_SYNC_MAX_ROWS = 1
    job, _number = waiting_upload(client, users, days_old=8, rows=3)
    job.refresh_from_db()
    assert job.row_statuses
    call_command("purge_personal_data", stdout=StringIO())
    job.refresh_from_db()
    assert job.row_statuses == [] and not job.content


def test_the_import_job_page_is_an_audited_read(client, users, intervention):
    """It shows every row of the file (numbers and names): each view is logged, with the page."""
    job, number = waiting_upload(client, users, days_old=0)
    response = client.get(job.get_absolute_url(), {"status": "new"})
    assert number[:8] in response.content.decode()
    event = AccessEvent.objects.get(action="VIEW")
    assert (event.user, event.object_type, event.object_id) == (users["kansli"], "exchange.ImportJob", str(job.pk))
    assert event.target == f"Importjobb {job.pk}" and event.details == {"page": 1, "status": "new"}
