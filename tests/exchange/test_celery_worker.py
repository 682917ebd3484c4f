"""A large upload checked and written by a real Celery worker through the broker, as in
production (CI's PostgreSQL + Redis pass): progress, the paged preview, then the write."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from exchange import tasks
from exchange.models import ImportJob
from participants.models import Participation
from tests.celery_worker import celery_worker

from .conftest import participation_file, participation_row, pnr

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_a_large_upload_is_checked_and_written_by_a_real_worker(client, users, settings, monkeypatch, tmp_path):
    settings.FINSAM_IMPORT_SYNC_MAX_ROWS = 2  # five rows count as a large file: the worker takes them
    with celery_worker(tmp_path, "exchange") as worker:
        for task in (tasks.check_import, tasks.write_import):  # onto the test worker's own queue
            monkeypatch.setattr(task, "delay", lambda job_id, task=task: task.apply_async((job_id,),
                                                                                          queue=worker.queue))
        client.force_login(users["kansli"])
        content = participation_file(*[participation_row(pnr(1960 + index)) for index in range(5)])
        response = client.post(reverse("exchange:index"), {
            "kind": "participations", "file": SimpleUploadedFile("stor.csv", content.encode(), "text/csv"),
        })
        job = ImportJob.objects.get()
        assert response["Location"] == job.get_absolute_url()

        def status():
            return ImportJob.objects.values_list("status", flat=True).get(pk=job.pk)

        worker.wait_for(lambda: status() == ImportJob.Status.READY, "the checked job")
        page = client.get(job.get_absolute_url()).content.decode()
        assert page.count('class="row-new"') == 5 and "Spara i registret" in page
        assert not Participation.objects.exists()  # checking writes nothing

        client.post(reverse("exchange:job_confirm", args=[job.pk]))
        worker.wait_for(lambda: status() == ImportJob.Status.DONE, "the written job")

    job.refresh_from_db()
    assert (job.created, job.processed_rows, job.content, job.row_statuses) == (5, 5, b"", [])
    assert Participation.objects.count() == 5
    assert client.get(reverse("exchange:job_status", args=[job.pk])).json()["percent"] == 100
