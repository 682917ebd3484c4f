"""/filer/: who may use it, upload → preview → confirm or cancel, jobs, export download."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AccessEvent
from exchange.models import ImportJob
from participants.models import Participation
from tests.factories import ParticipationFactory

from .conftest import participation_file, participation_row, pnr

pytestmark = pytest.mark.django_db


def upload(client, content: str, kind="participations", name="deltagare.csv"):
    file = SimpleUploadedFile(name, content.encode("utf-8"), content_type="text/csv")
    return client.post(reverse("exchange:index"), {"kind": kind, "file": file})


@pytest.mark.parametrize("role", ["insatsansvarig", "deltagaransvarig", "styrelse", "outsider"])
def test_other_roles_may_not_use_the_files_room(client, users, role):
    client.force_login(users[role])
    assert client.get(reverse("exchange:index")).status_code == 403
    assert client.get(reverse("exchange:jobs")).status_code == 403
    assert client.get(reverse("exchange:export")).status_code == 403
    assert upload(client, participation_file()).status_code == 403
    assert not ImportJob.objects.exists()


def test_anonymous_visitor_is_sent_to_login(client, db):
    response = client.get(reverse("exchange:index"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_others_cannot_see_or_confirm_a_job(client, users):
    client.force_login(users["kansli"])
    upload(client, participation_file(participation_row(pnr())))
    job = ImportJob.objects.get()
    client.force_login(users["deltagaransvarig"])
    assert client.get(job.get_absolute_url()).status_code == 403
    assert client.post(reverse("exchange:job_confirm", args=[job.pk])).status_code == 403
    assert not Participation.objects.exists()


@pytest.mark.parametrize("role", ["kansli", "administrator"])
def test_office_sees_the_room_in_the_menu(client, users, role):
    client.force_login(users[role])
    response = client.get(reverse("exchange:index"))
    assert response.status_code == 200
    assert 'href="/filer/"' in response.content.decode()


def test_upload_shows_every_row_with_the_error_beside_the_cell(client, users):
    client.force_login(users["kansli"])
    content = participation_file(
        participation_row(pnr()), participation_row("19800101-1235"), participation_row(pnr(1990))
    )
    response = upload(client, content)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.status == ImportJob.Status.INVALID and job.error_count == 1
    page = client.get(job.get_absolute_url()).content.decode()
    assert page.count('class="row-new"') == 2
    assert 'id="rad-3"' in page and 'class="row-error"' in page
    assert 'data-column="personnummer">19800101-1235<div class="cell-error">Ogiltigt personnummer' in page
    assert "Spara i registret" not in page
    assert not Participation.objects.exists()


def test_confirm_writes_and_records_the_import(client, users):
    client.force_login(users["kansli"])
    upload(client, participation_file(participation_row(pnr()), participation_row(pnr(1990))))
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.READY
    page = client.get(job.get_absolute_url()).content.decode()
    assert page.count('class="row-new"') == 2 and "Spara i registret" in page
    response = client.post(reverse("exchange:job_confirm", args=[job.pk]), follow=True)
    assert "2 nya, 0 ändrade, 0 oförändrade" in response.content.decode()
    job.refresh_from_db()
    assert (job.status, job.created, job.content) == (ImportJob.Status.DONE, 2, b"")
    assert Participation.objects.count() == 2
    event = AccessEvent.objects.get(action="IMPORT")
    assert event.user == users["kansli"] and event.details["created"] == 2


def test_preview_marks_changed_and_unchanged_rows(client, users, intervention):
    import datetime

    spell = ParticipationFactory(intervention=intervention, startdatum=datetime.date(2015, 3, 1))
    other = ParticipationFactory(intervention=intervention, startdatum=datetime.date(2015, 3, 1))
    content = participation_file(
        participation_row(spell.participant.personnummer, consent="2015-02-01"),
        participation_row(other.participant.personnummer),
    )
    client.force_login(users["kansli"])
    upload(client, content)
    page = client.get(ImportJob.objects.get().get_absolute_url()).content.decode()
    assert 'class="row-changed"' in page and 'class="row-unchanged"' in page


def test_confirm_twice_writes_once(client, users):
    client.force_login(users["kansli"])
    upload(client, participation_file(participation_row(pnr())))
    job = ImportJob.objects.get()
    client.post(reverse("exchange:job_confirm", args=[job.pk]))
    response = client.post(reverse("exchange:job_confirm", args=[job.pk]), follow=True)
    assert "inte klart att spara" in response.content.decode()
    assert Participation.objects.count() == 1


def test_cancel_drops_the_file_and_writes_nothing(client, users):
    client.force_login(users["kansli"])
    upload(client, participation_file(participation_row(pnr())))
    job = ImportJob.objects.get()
    client.post(reverse("exchange:job_cancel", args=[job.pk]))
    job.refresh_from_db()
    assert (job.status, job.content) == (ImportJob.Status.CANCELLED, b"")
    assert client.post(reverse("exchange:job_confirm", args=[job.pk])).status_code == 302
    assert not Participation.objects.exists()


def test_unreadable_upload_shows_one_clear_message(client, users):
    client.force_login(users["kansli"])
    file = SimpleUploadedFile("bild.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00" * 50)
    client.post(reverse("exchange:index"), {"kind": "volume", "file": file})
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.INVALID
    assert "binärt innehåll" in client.get(job.get_absolute_url()).content.decode()


def test_the_page_names_the_size_above_which_files_go_to_the_worker(client, users, settings):
    settings.FINSAM_IMPORT_SYNC_MAX_ROWS = 7
    client.force_login(users["kansli"])
    assert "Filer över 7 rader kontrolleras i bakgrunden" in client.get(reverse("exchange:index")).content.decode()


def test_large_file_runs_as_a_background_job_with_progress(client, users, settings):
    settings.FINSAM_IMPORT_SYNC_MAX_ROWS = 2  # Celery is eager in tests: the task runs in-process
    client.force_login(users["kansli"])
    rows = [participation_row(pnr(1960 + index)) for index in range(5)]
    upload(client, participation_file(*rows))
    job = ImportJob.objects.get()
    assert (job.status, job.created, job.processed_rows) == (ImportJob.Status.READY, 5, 5)
    status = client.get(reverse("exchange:job_status", args=[job.pk])).json()
    assert status == {"status": "READY", "label": "Klar att spara", "running": False, "processed": 5, "total": 5,
                      "percent": 100, "created": 5, "updated": 0, "unchanged": 0, "errors": 0}
    page = client.get(job.get_absolute_url()).content.decode()
    assert page.count('class="row-new"') == 5 and "Spara i registret" in page
    client.post(reverse("exchange:job_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and Participation.objects.count() == 5
    assert job.row_statuses == [] and job.content == b""


def test_large_file_preview_pages_show_the_error_beside_its_cell(client, users, settings, monkeypatch):
    from exchange import jobs

    settings.FINSAM_IMPORT_SYNC_MAX_ROWS = 2  # checked by the (eager) worker, which keeps only row statuses
    monkeypatch.setattr(jobs, "PREVIEW_PAGE_SIZE", 2)
    client.force_login(users["kansli"])
    rows = [participation_row(pnr(1960 + index)) for index in range(5)]
    rows[3] = participation_row("19800101-1235")  # file row 5
    upload(client, participation_file(*rows))
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.INVALID
    assert job.row_statuses == [[2, "new"], [3, "new"], [4, "new"], [5, "error"], [6, "new"]]

    first = client.get(job.get_absolute_url()).content.decode()
    assert 'id="rad-2"' in first and 'id="rad-3"' in first and 'id="rad-4"' not in first
    assert "Sida 1 av 3" in first and "Med fel (1)" in first and "Nya (4)" in first

    third = client.get(job.get_absolute_url() + "?page=3").content.decode()
    assert 'id="rad-6"' in third and 'id="rad-2"' not in third

    errors = client.get(job.get_absolute_url() + "?status=error").content.decode()
    assert errors.count('class="row-error"') == 1 and 'id="rad-5"' in errors
    assert '<div class="error-columns">i personnummer</div>' in errors  # named where a wide row hides it
    assert 'data-column="personnummer">19800101-1235<div class="cell-error">Ogiltigt personnummer' in errors
    assert not Participation.objects.exists()


def test_preview_page_out_of_range_or_unknown_status_shows_a_valid_page(client, users):
    client.force_login(users["kansli"])
    upload(client, participation_file(participation_row(pnr()), participation_row(pnr(1990))))
    job = ImportJob.objects.get()
    response = client.get(job.get_absolute_url() + "?page=999&status=<script>")
    page = response.content.decode()
    assert response.status_code == 200 and page.count('class="row-new"') == 2 and "<script>" not in page


def test_header_errors_are_listed_not_hidden_behind_an_empty_preview(client, users):
    client.force_login(users["kansli"])
    content = participation_file(participation_row(pnr())).replace("insats,", "insats,okand_kolumn,", 1)
    upload(client, content)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.INVALID
    page = client.get(job.get_absolute_url()).content.decode()
    assert "okand_kolumn" in page and "Okänd kolumn" in page and "bara en rubrikrad" not in page


def test_running_job_page_has_a_progress_bar_and_the_polling_script(client, users):
    job = ImportJob.objects.create(created_by=users["kansli"], file_name="stor.csv", kind="participations",
                                   total_rows=10_000, processed_rows=2_500)
    client.force_login(users["kansli"])
    page = client.get(job.get_absolute_url()).content.decode()
    assert '<progress max="100" value="25"' in page
    assert "exchange/job.js" in page and "<script>" not in page and "style=" not in page


def test_job_list_query_count_does_not_grow_with_jobs(client, users, django_assert_max_num_queries):
    # Session, user, roles and the menu take 7 of them; the jobs are one query with their uploaders.
    for index in range(30):
        ImportJob.objects.create(created_by=users["kansli"], file_name=f"f{index}.csv", kind="volume",
                                 status=ImportJob.Status.DONE, content=b"x" * 1000)
    client.force_login(users["kansli"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("exchange:jobs"))
    assert response.content.decode().count("f1") >= 11
    with django_assert_max_num_queries(12):
        client.get(reverse("exchange:index"))


def test_export_download_is_a_zip_of_the_four_files_and_is_logged(client, users, intervention):
    ParticipationFactory(intervention=intervention)
    client.force_login(users["administrator"])
    response = client.get(reverse("exchange:export"), {"format": "csv"})
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert sorted(archive.namelist()) == ["anonymous.csv", "interventions.csv", "participations.csv", "volume.csv"]
    assert archive.read("participations.csv").decode().count("\n") == 2
    event = AccessEvent.objects.get(action="EXPORT")
    assert event.user == users["administrator"] and event.details["rows"]["participations"] == 1


def test_export_download_with_period_and_xlsx(client, users, intervention):
    client.force_login(users["administrator"])
    response = client.get(reverse("exchange:export"), {"format": "xlsx", "date_from": "2015-01-01",
                                                       "date_to": "2015-12-31"})
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert "participations.xlsx" in archive.namelist()


def test_export_with_half_a_period_is_refused_with_a_message(client, users):
    client.force_login(users["administrator"])
    response = client.get(reverse("exchange:export"), {"format": "csv", "date_from": "2015-01-01"}, follow=True)
    assert "Ange både från- och till-datum" in response.content.decode()
    assert not AccessEvent.objects.filter(action="EXPORT").exists()


def test_the_full_sus_export_is_the_administrators_alone(client, users, intervention):
    """domain.md: administrator — everything, plus users, SUS export and retention purge."""
    ParticipationFactory(intervention=intervention)
    client.force_login(users["kansli"])
    assert client.get(reverse("exchange:export"), {"format": "csv"}).status_code == 403
    assert reverse("exchange:export") not in client.get(reverse("exchange:index")).content.decode()
    assert not AccessEvent.objects.filter(action="EXPORT").exists()


def test_the_download_page_offers_csv_for_excel_with_a_line_saying_which_to_pick(client, users, intervention):
    ParticipationFactory(intervention=intervention)
    client.force_login(users["administrator"])
    page = client.get(reverse("exchange:index")).content.decode()
    assert 'value="excel-csv"' in page and "CSV för Excel (semikolon)" in page
    assert "Välj XLSX för att öppna och ändra i Excel eller LibreOffice, CSV för Excel om" in page
    response = client.get(reverse("exchange:export"), {"format": "excel-csv"})
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    content = archive.read("participations.csv")
    assert content.startswith(b"\xef\xbb\xbfinsats;personnummer;kon;") and content.count(b"\r\n") == 2
