"""ImportJob.run(): a job always ends in a state the page can show."""

import pytest

from exchange import models
from exchange.models import ImportJob
from participants.models import Participation

from .conftest import participation_file, participation_row, pnr

pytestmark = pytest.mark.django_db


def job(users, **fields) -> ImportJob:
    content = participation_file(participation_row(pnr())).encode()
    return ImportJob.objects.create(created_by=users["kansli"], file_name="f.csv", kind="participations",
                                    content=content, total_rows=1, **fields)


def test_an_unexpected_failure_ends_the_job_failed_with_its_file_dropped(users, intervention, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(models, "import_file", broken)
    failed = job(users, status=ImportJob.Status.WRITING)
    assert failed.run(write=True) == ImportJob.Status.FAILED
    failed.refresh_from_db()
    assert (failed.message, failed.content, failed.finished_at is not None) == (
        "Oväntat fel (RuntimeError); inget sparades.", b"", True
    )
    assert not Participation.objects.exists()


def test_checking_keeps_the_file_and_writing_drops_it(users, intervention):
    checked = job(users)
    assert checked.run(write=False) == ImportJob.Status.READY
    checked.refresh_from_db()
    assert bytes(checked.content) and checked.row_statuses == [[2, "new"]] and not Participation.objects.exists()
    assert checked.run(write=True) == ImportJob.Status.DONE
    checked.refresh_from_db()
    assert (bytes(checked.content), checked.row_statuses, checked.created) == (b"", [], 1)
    assert Participation.objects.count() == 1
