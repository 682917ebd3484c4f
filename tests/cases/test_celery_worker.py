"""The case reminder task through a real Celery worker and broker (CI's PostgreSQL + Redis pass);
it writes its e-mail to files."""

import datetime

import pytest
from django.utils import timezone

from cases.models import CaseReminder
from cases.tasks import send_reminders
from tests.celery_worker import celery_worker
from tests.tertials.test_celery_worker import sent_messages

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_the_case_reminder_task_runs_in_a_real_worker_and_sends_each_item_once(users, caseload, tmp_path):
    for name in ("deltagaransvarig", "insatsansvarig"):
        users[name].email = f"{name}@example.org"
        users[name].save()
    maildir = tmp_path / "mail"
    maildir.mkdir()
    with celery_worker(tmp_path, "cases", DJANGO_EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
                       DJANGO_EMAIL_FILE_PATH=str(maildir)) as worker:
        send_reminders.apply_async(queue=worker.queue)
        worker.wait_for(lambda: CaseReminder.objects.values("recipient").distinct().count() == 2, "reminders")
        count = CaseReminder.objects.count()
        # the same run again, then one a week later: the solo worker takes them in order, so once the
        # later run's reminders exist the repeated run has finished too
        send_reminders.apply_async(queue=worker.queue)
        later = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()  # "soon" is overdue by then
        send_reminders.apply_async(kwargs={"today": later}, queue=worker.queue)
        worker.wait_for(lambda: CaseReminder.objects.filter(participation=caseload["soon"]).exists(),
                        "the reminder for the follow-up that falls overdue later")
        worker.wait_for(lambda: len(sent_messages(maildir)) >= 3, "e-mail files")

    messages = sent_messages(maildir)
    assert len(messages) == 3  # two on the first run, none on the repeat, one a week later
    assert CaseReminder.objects.count() > count
    first_run = [m for m in messages if f"/deltagare/arende/{caseload['followup_overdue'].pk}/" in m]
    assert len(first_run) == 1 and "To: deltagaransvarig@example.org" in first_run[0]
