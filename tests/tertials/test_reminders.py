"""Reminders: once per report and threshold, with a frozen clock."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import IntegrityError
from django.urls import reverse

from tertials import notices, services
from tertials.models import Reminder, Status, TertialReport
from tertials.tasks import send_reminders

from .conftest import TEXTS, make_report

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def on(day: str):
    return time_machine.travel(datetime.datetime.fromisoformat(day).replace(hour=6, minute=30, tzinfo=STOCKHOLM),
                               tick=False)


def to(address: str, about: str = "") -> list:
    return [message for message in mail.outbox if address in message.to and about in message.subject]


def t1(address: str) -> list:
    """Mails about T1 2015 (a fresh database also has the previous tertial overdue)."""
    return to(address, "2015 T1")


@pytest.mark.django_db
def test_before_the_deadline_each_lead_is_reminded_once(people, intervention, other_intervention):
    # T1 2015: deadline 2015-05-15, window opens 7 days before.
    with on("2015-05-07"):
        assert notices.send_due_reminders()["before_deadline"] == 0
    assert t1("insatsansvarig@example.org") == []
    with on("2015-05-08"):
        assert notices.send_due_reminders()["before_deadline"] == 2
        assert notices.send_due_reminders()["before_deadline"] == 0  # the same day again
    with on("2015-05-14"):
        assert notices.send_due_reminders()["before_deadline"] == 0
    assert len(t1("insatsansvarig@example.org")) == 1
    assert len(t1("other_lead@example.org")) == 1
    message = t1("insatsansvarig@example.org")[0]
    assert "Aktivitetscenter" in message.subject and "2015-05-15" in message.body
    assert "/tertial/AKTIVITETSCENTER/2015/1/" in message.body
    assert Reminder.objects.filter(kind=Reminder.Kind.BEFORE_DEADLINE).count() == 2


@pytest.mark.django_db
def test_when_overdue_each_lead_is_reminded_once_more(people, intervention, other_intervention):
    with on("2015-05-10"):
        notices.send_due_reminders()
    with on("2015-05-15"):  # the deadline day itself is not overdue
        assert notices.send_due_reminders()["overdue"] == 0
    with on("2015-05-16"):
        assert notices.send_due_reminders()["overdue"] == 2
        assert notices.send_due_reminders()["overdue"] == 0
    with on("2015-06-20"):
        assert notices.send_due_reminders() == {
            "before_deadline": 0, "overdue": 0, "submitted": 0, "no_recipient": 0, "failed": 0,
        }
    subjects = [message.subject for message in t1("insatsansvarig@example.org")]
    assert len(subjects) == 2 and subjects[1].startswith("Försenad tertialrapport")


@pytest.mark.django_db
def test_submitted_and_approved_reports_get_no_reminders(people, intervention, other_intervention):
    make_report(intervention, status=Status.INSKICKAD)
    make_report(other_intervention, status=Status.GODKAND)
    with on("2015-05-16"):
        assert notices.send_due_reminders()["overdue"] == 0
    assert t1("insatsansvarig@example.org") == [] and t1("other_lead@example.org") == []


@pytest.mark.django_db
def test_a_returned_report_past_the_deadline_is_overdue(people, intervention):
    make_report(intervention, status=Status.ATERSKICKAD)
    with on("2015-05-20"):
        assert notices.send_due_reminders()["overdue"] == 2  # and PTSD, never started


@pytest.mark.django_db
def test_a_report_is_created_for_every_running_intervention_to_remind(people, intervention, other_intervention):
    other_intervention.startdatum = datetime.date(2015, 5, 1)  # starts in T2: nothing to report for T1
    other_intervention.save()
    with on("2015-05-10"):
        notices.send_due_reminders()
    assert list(TertialReport.objects.values_list("intervention__code", "year", "tertial", "status")) == [
        ("AKTIVITETSCENTER", 2015, 1, Status.UTKAST)
    ]


@pytest.mark.django_db
def test_without_an_address_nothing_is_recorded_so_a_later_run_still_reminds(people, intervention):
    people["insatsansvarig"].email = ""
    people["insatsansvarig"].save()
    with on("2015-05-10"):
        result = notices.send_due_reminders()
    assert result["no_recipient"] == 1 and not Reminder.objects.filter(report__intervention=intervention).exists()
    people["insatsansvarig"].email = "lead@example.org"
    people["insatsansvarig"].save()
    with on("2015-05-11"):
        notices.send_due_reminders()
    assert len(to("lead@example.org")) == 1


@pytest.mark.django_db
def test_the_reminder_link_is_absolute_out_of_the_box(people, intervention):
    with on("2015-05-10"):
        notices.send_due_reminders()
    [reminder] = t1("insatsansvarig@example.org")
    path = reverse("tertials:report", args=[intervention.code, 2015, 1])
    assert re.search(rf"här: https?://[^/\s]+{re.escape(path)}\n", reminder.body), reminder.body


@pytest.mark.django_db
def test_the_e_mails_link_to_the_report_with_an_absolute_address(people, intervention, settings,
                                                                  django_capture_on_commit_callbacks):
    settings.FINSAM_SITE_URL = "https://registret.example.se"
    link = "https://registret.example.se" + reverse("tertials:report", args=[intervention.code, 2015, 1])
    with on("2015-05-10"):
        notices.send_due_reminders()
    [reminder] = t1("insatsansvarig@example.org")
    assert f"här: {link}\n" in reminder.body
    report = TertialReport.objects.get(intervention=intervention, year=2015, tertial=1)
    for name, value in TEXTS.items():
        setattr(report, name, value)
    report.save()
    with on("2015-05-11"), django_capture_on_commit_callbacks(execute=True):
        services.submit(report, user=people["insatsansvarig"])
    [notice] = to("kansli@example.org", "inskickad")
    assert f"här: {link}\n" in notice.body


@pytest.mark.django_db
def test_a_failed_send_leaves_no_record_and_is_tried_again(people, intervention, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionRefusedError("no mail server")

    monkeypatch.setattr(notices, "send_mail", broken)
    with on("2015-05-10"):
        assert notices.send_due_reminders()["failed"] == 2
    assert not Reminder.objects.exists()
    monkeypatch.undo()
    with on("2015-05-11"):
        assert notices.send_due_reminders()["before_deadline"] == 2


@pytest.mark.django_db
def test_the_days_before_are_configurable(settings, people, intervention):
    settings.FINSAM_REMINDER_DAYS_BEFORE = 3
    with on("2015-05-11"):
        assert notices.send_due_reminders()["before_deadline"] == 0
    with on("2015-05-12"):
        assert notices.send_due_reminders()["before_deadline"] == 2


@pytest.mark.django_db
def test_only_the_latest_tertial_is_reminded_so_a_first_run_does_not_flood(people, intervention):
    with on("2016-06-01"):  # T1 2016 overdue since 2016-05-15; earlier tertials are left alone
        notices.send_due_reminders()
    assert set(Reminder.objects.values_list("report__year", "report__tertial", "kind")) == {
        (2016, 1, Reminder.Kind.OVERDUE)  # for both interventions
    }
    with on("2016-09-08"):  # T2 2016: deadline 2016-09-15
        notices.send_due_reminders()
    assert Reminder.objects.filter(report__tertial=2, kind=Reminder.Kind.BEFORE_DEADLINE).count() == 2
    with on("2017-01-10"):  # T3 2016 across the new year: deadline 2017-01-15
        notices.send_due_reminders()
    assert Reminder.objects.filter(report__year=2016, report__tertial=3).count() == 2


@pytest.mark.django_db
def test_kansli_is_told_once_per_submission(people, intervention, django_capture_on_commit_callbacks):
    report = make_report(intervention)
    with on("2015-05-02"), django_capture_on_commit_callbacks(execute=True):
        services.submit(report, user=people["insatsansvarig"])
    sent = to("kansli@example.org")
    assert len(sent) == 1 and "Aktivitetscenter" in sent[0].subject
    assert "Lead_user" in sent[0].body or "lead_user" in sent[0].body
    with on("2015-05-03"):
        assert notices.send_due_reminders()["submitted"] == 0
    with on("2015-05-04"), django_capture_on_commit_callbacks(execute=True):
        services.return_for_changes(report, user=people["kansli"], comment="Komplettera.")
        services.submit(report, user=people["insatsansvarig"])
    assert len(to("kansli@example.org")) == 2
    assert Reminder.objects.filter(kind=Reminder.Kind.SUBMITTED).count() == 2


@pytest.mark.django_db
def test_a_submission_notice_that_never_went_out_is_sent_by_the_daily_run(people, intervention):
    report = make_report(intervention)
    with on("2015-05-02"):
        services.submit(report, user=people["insatsansvarig"])  # on_commit never runs here
    assert to("kansli@example.org") == []
    with on("2015-05-03"):
        assert notices.send_due_reminders()["submitted"] == 1
        assert notices.send_due_reminders()["submitted"] == 0
    assert len(to("kansli@example.org")) == 1


@pytest.mark.django_db
def test_the_database_refuses_a_second_reminder_of_a_kind(intervention):
    report = make_report(intervention)
    now = datetime.datetime(2015, 5, 8, tzinfo=datetime.UTC)
    Reminder.objects.create(report=report, kind=Reminder.Kind.OVERDUE, sent_at=now)
    with pytest.raises(IntegrityError):
        Reminder.objects.create(report=report, kind=Reminder.Kind.OVERDUE, sent_at=now)


@pytest.mark.django_db
def test_the_task_runs_eagerly_without_a_broker(people, intervention):
    result = send_reminders.delay(today="2015-05-16")
    assert result.get()["overdue"] == 2
    assert send_reminders.delay(today="2015-05-16").get()["overdue"] == 0


@pytest.mark.django_db
def test_the_command_sends_and_refuses_a_bad_date(people, intervention, capsys):
    call_command("send_tertial_reminders", "--today", "2015-05-16")
    assert "försenade: 2" in capsys.readouterr().out
    with pytest.raises(CommandError, match="Ogiltigt datum"):
        call_command("send_tertial_reminders", "--today", "16/5")


def test_the_daily_run_is_in_the_beat_schedule(settings):
    from finsam.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["tertial-reminders"]
    app.loader.import_default_modules()
    assert entry["task"] in app.tasks
    assert entry["schedule"].hour == {6} and entry["schedule"].minute == {30}
