"""The reminder task through a real Celery worker and broker (CI's PostgreSQL + Redis pass);
it writes its e-mail to files."""

from pathlib import Path

import pytest

from tertials.models import Reminder
from tertials.tasks import send_reminders
from tests.celery_worker import celery_worker

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def sent_messages(maildir: Path) -> list[str]:
    """The file backend writes each connection's messages to one file, separated by a line of dashes."""
    messages = []
    for path in sorted(maildir.glob("*.log")):
        messages += [part for part in path.read_text().split("-" * 79) if "Subject:" in part]
    return messages


def test_the_reminder_task_runs_in_a_real_worker_and_sends_nothing_twice(people, intervention, other_intervention,
                                                                          tmp_path):
    maildir = tmp_path / "mail"
    maildir.mkdir()
    with celery_worker(tmp_path, "tertials", DJANGO_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
                       DJANGO_EMAIL_FILE_PATH=str(maildir)) as worker:
        # T1 2015 is overdue on 16 May: one reminder to each intervention's insatsansvarig.
        send_reminders.apply_async(kwargs={"today": "2015-05-16"}, queue=worker.queue)
        worker.wait_for(lambda: Reminder.objects.filter(kind=Reminder.Kind.OVERDUE).count() == 2, "overdue reminders")
        # The same run again, then a later one; the solo worker takes them in order, so when the
        # later one's reminders exist the repeated run has finished too.
        send_reminders.apply_async(kwargs={"today": "2015-05-16"}, queue=worker.queue)
        send_reminders.apply_async(kwargs={"today": "2015-09-10"}, queue=worker.queue)
        worker.wait_for(lambda: Reminder.objects.filter(kind=Reminder.Kind.BEFORE_DEADLINE).count() == 2,
                        "reminders before the T2 deadline")
        worker.wait_for(lambda: len(sent_messages(maildir)) >= 4, "e-mail files")

    assert Reminder.objects.filter(kind=Reminder.Kind.OVERDUE).count() == 2  # nothing twice
    messages = sent_messages(maildir)
    assert len(messages) == 4
    overdue = [message for message in messages if "skulle ha skickats in senast 2015-05-15" in message]
    assert len(overdue) == 2
    assert any("To: insatsansvarig@example.org" in message for message in overdue)
    assert any("To: other_lead@example.org" in message for message in overdue)
    assert Reminder.objects.filter(report__year=2015, report__tertial=2).count() == 2
