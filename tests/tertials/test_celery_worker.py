"""The reminder task through a real Celery worker and broker (CI's PostgreSQL + Redis pass).

The worker is a subprocess on its own queue, pointed at pytest's test database; the data is
committed (transaction=True) so it sees it, and it writes its e-mail to files."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from tertials.models import Reminder
from tertials.tasks import send_reminders

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 90


def worker_database_url() -> str:
    """A DATABASE_URL for the database this test runs against (pytest's test database)."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        auth = quote(db["USER"] or "", safe="")
        if db["PASSWORD"]:
            auth += ":" + quote(db["PASSWORD"], safe="")
        host = db["HOST"] or "127.0.0.1"
        port = f":{db['PORT']}" if db["PORT"] else ""
        return f"postgres://{auth}{'@' if auth else ''}{host}{port}/{quote(db['NAME'], safe='')}"
    name = str(db["NAME"])
    if connection.vendor != "sqlite" or connection.is_in_memory_db() or "memory" in name:
        pytest.skip(f"the worker cannot share a {connection.vendor} in-memory test database: run with PostgreSQL")
    return f"sqlite:///{name}"


def wait_for(condition, worker, log: Path, what: str):
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if condition():
            return
        if worker.poll() is not None:
            tail = log.read_text()[-3000:]
            pytest.fail(f"the Celery worker stopped (exit {worker.returncode}) before {what}:\n{tail}")
        time.sleep(0.5)
    pytest.fail(f"no {what} within {WAIT_SECONDS} s; worker log:\n{log.read_text()[-3000:]}")


def sent_messages(maildir: Path) -> list[str]:
    """The file backend writes each connection's messages to one file, separated by a line of dashes."""
    messages = []
    for path in sorted(maildir.glob("*.log")):
        messages += [part for part in path.read_text().split("-" * 79) if "Subject:" in part]
    return messages


def test_the_reminder_task_runs_in_a_real_worker_and_sends_nothing_twice(people, intervention, other_intervention,
                                                                          tmp_path):
    if not settings.CELERY_BROKER_URL:
        pytest.skip("CELERY_BROKER_URL is not set: the real-worker test runs in CI's PostgreSQL + Redis pass "
                    "(set CELERY_BROKER_URL=redis://127.0.0.1:6379/N and DATABASE_URL=postgres://… to run it)")
    database_url = worker_database_url()
    queue = f"tertials-test-{uuid.uuid4().hex[:10]}"
    maildir = tmp_path / "mail"
    maildir.mkdir()
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DATABASE_CONN_MAX_AGE": "0",
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "DJANGO_EMAIL_FILE_PATH": str(maildir),
    }
    celery = Path(sys.executable).with_name("celery")
    command = [str(celery), "-A", "finsam", "worker", "--pool=solo", "-c", "1", "-Q", queue, "-n", f"{queue}@%h",
               "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "info"]
    with log.open("w") as output:
        worker = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        # T1 2015 is overdue on 16 May: one reminder to each intervention's insatsansvarig.
        send_reminders.apply_async(kwargs={"today": "2015-05-16"}, queue=queue)
        wait_for(lambda: Reminder.objects.filter(kind=Reminder.Kind.OVERDUE).count() == 2, worker, log,
                 "overdue reminders")
        # The same run again, then a later one; the solo worker takes them in order, so when the
        # later one's reminders exist the repeated run has finished too.
        send_reminders.apply_async(kwargs={"today": "2015-05-16"}, queue=queue)
        send_reminders.apply_async(kwargs={"today": "2015-09-10"}, queue=queue)
        wait_for(lambda: Reminder.objects.filter(kind=Reminder.Kind.BEFORE_DEADLINE).count() == 2, worker, log,
                 "reminders before the T2 deadline")
        wait_for(lambda: len(sent_messages(maildir)) >= 4, worker, log, "e-mail files")
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=10)
        if settings.CELERY_BROKER_URL.startswith("redis"):  # leave nothing of the test queue behind
            import redis

            redis.Redis.from_url(settings.CELERY_BROKER_URL).delete(
                queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"
            )

    assert Reminder.objects.filter(kind=Reminder.Kind.OVERDUE).count() == 2  # nothing twice
    messages = sent_messages(maildir)
    assert len(messages) == 4
    overdue = [message for message in messages if "skulle ha skickats in senast 2015-05-15" in message]
    assert len(overdue) == 2
    assert any("To: insatsansvarig@example.org" in message for message in overdue)
    assert any("To: other_lead@example.org" in message for message in overdue)
    assert Reminder.objects.filter(report__year=2015, report__tertial=2).count() == 2
