"""The e-mails of the tertial reports: the reminders before and after the deadline to the
insatsansvarig (the daily run), and the notice to kansli when a report comes in. Every e-mail
is recorded (`Reminder`), so running anything twice sends nothing twice.

`notify_submitted` is the Celery task that sends the notice; `queue_submitted_notice` queues
it when the submission commits. `tertials.tasks` holds the daily task and imports this one
so that the worker finds both."""

from __future__ import annotations

import datetime
import logging

from celery import shared_task
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from interventions.models import Assignment, Intervention

from .models import EDITABLE_STATES, Reminder, Status, TertialReport, Transition
from .periods import tertial_deadline, tertial_period

logger = logging.getLogger(__name__)


# --- e-mail ------------------------------------------------------------------------------


def _report_url(report: TertialReport) -> str:
    """Absolute: the e-mail is read outside the site (FINSAM_SITE_URL, checked on deploy)."""
    path = reverse("tertials:report", args=[report.intervention.code, report.year, report.tertial])
    return settings.FINSAM_SITE_URL + path


def _send_once(report, kind, recipients, subject, body, *, transition=None, now=None) -> bool:
    """Record, then send, in one transaction: the unique constraint makes a second run a no-op,
    and a failed send leaves no record (so it is tried again next time)."""
    try:
        with transaction.atomic():
            Reminder.objects.create(
                report=report, kind=kind, transition=transition, recipients=", ".join(recipients),
                sent_at=now or timezone.now(),
            )
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    except IntegrityError:
        return False
    return True


def _emails_of(users) -> list[str]:
    return sorted({user.email for user in users if user.email})


def lead_emails(intervention_ids) -> dict[int, list[str]]:
    """Each intervention's insatsansvarig e-mail addresses, in one query."""
    result: dict[int, set[str]] = {}
    rows = Assignment.objects.filter(
        intervention_id__in=intervention_ids, role=Assignment.Role.INSATSANSVARIG, user__is_active=True
    ).exclude(user__email="").values_list("intervention_id", "user__email")
    for intervention_id, email in rows:
        result.setdefault(intervention_id, set()).add(email)
    return {key: sorted(value) for key, value in result.items()}


def office_emails() -> list[str]:
    users = get_user_model().objects.filter(is_active=True, groups__name=roles.KANSLI).distinct()
    return _emails_of(users)


def queue_submitted_notice(transition: Transition) -> None:
    """Once the submission is committed, the worker tells kansli."""
    transaction.on_commit(lambda: _queue_submitted_notice(transition.pk))


def _queue_submitted_notice(transition_id: int) -> None:
    try:
        notify_submitted.delay(transition_id)
    except Exception:  # the broker being down must not undo a submission; the daily run catches up
        logger.exception("Could not queue the submission notice for transition %s", transition_id)


@shared_task(name="tertials.notify_submitted")
def notify_submitted(transition_id: int) -> bool:
    transition = Transition.objects.select_related("report__intervention", "user").filter(pk=transition_id).first()
    if transition is None:
        return False
    return send_submitted_notice(transition)


def send_submitted_notice(transition: Transition) -> bool:
    """Tell kansli that a report came in (once per submission)."""
    report = transition.report
    recipients = office_emails()
    if not recipients:
        return False
    who = (transition.user.get_full_name() or transition.user.username) if transition.user else "okänd"
    subject = f"Tertialrapport inskickad: {report.intervention.name} {report.label}"
    body = (
        f"Tertialrapporten för {report.intervention.name}, {report.label}, skickades in av {who} "
        f"{timezone.localtime(transition.at):%Y-%m-%d %H:%M}.\n\n"
        f"Granska den här: {_report_url(report)}\n"
    )
    return _send_once(report, Reminder.Kind.SUBMITTED, recipients, subject, body, transition=transition)


def tertials_to_remind(today: datetime.date) -> list[tuple[int, int]]:
    """The latest tertial whose reminder window has opened (one at a time: an earlier tertial
    had its own reminders, and a first run never floods people with last year's)."""
    before = datetime.timedelta(days=settings.FINSAM_REMINDER_DAYS_BEFORE)
    opened = [
        (year, tertial)
        for year in (today.year - 1, today.year)
        for tertial in (1, 2, 3)
        if tertial_deadline(year, tertial) - before <= today
    ]
    return opened[-1:]


def ensure_reports(year: int, tertial: int) -> list[TertialReport]:
    """A report (UTKAST) for every intervention running in the tertial, so each can be reminded."""
    running = Intervention.objects.overlapping(*tertial_period(year, tertial))
    TertialReport.objects.bulk_create(
        [TertialReport(intervention=intervention, year=year, tertial=tertial) for intervention in running],
        ignore_conflicts=True,
    )
    reports = TertialReport.objects.filter(year=year, tertial=tertial, intervention__in=running)
    return list(reports.select_related("intervention"))


def send_due_reminders(*, today: datetime.date | None = None) -> dict[str, int]:
    """The daily run: before the deadline and when overdue to the insatsansvarig, and any
    submission notice to kansli that did not go out. Running it twice sends nothing twice."""
    today = today or timezone.localdate()
    sent = {"before_deadline": 0, "overdue": 0, "submitted": 0, "no_recipient": 0, "failed": 0}
    for year, tertial in tertials_to_remind(today):
        deadline = tertial_deadline(year, tertial)
        kind = Reminder.Kind.OVERDUE if today > deadline else Reminder.Kind.BEFORE_DEADLINE
        reports = [report for report in ensure_reports(year, tertial) if report.status in EDITABLE_STATES]
        already = set(
            Reminder.objects.filter(report__in=reports, kind=kind).values_list("report_id", flat=True)
        )
        waiting = [report for report in reports if report.pk not in already]
        emails = lead_emails([report.intervention_id for report in waiting])
        for report in waiting:
            recipients = emails.get(report.intervention_id)
            if not recipients:
                sent["no_recipient"] += 1
                continue
            if kind == Reminder.Kind.OVERDUE:
                subject = f"Försenad tertialrapport: {report.intervention.name} {report.label}"
                lead = f"Tertialrapporten skulle ha skickats in senast {deadline:%Y-%m-%d}."
            else:
                subject = f"Påminnelse: tertialrapport {report.intervention.name} {report.label}"
                lead = f"Tertialrapporten ska skickas in senast {deadline:%Y-%m-%d}."
            body = (
                f"Hej!\n\n{lead}\nInsats: {report.intervention.name}\nPeriod: {report.label}\n"
                f"Status: {report.get_status_display()}\n\nSkriv och skicka in den här: {_report_url(report)}\n"
            )
            try:
                if _send_once(report, kind, recipients, subject, body):
                    sent["overdue" if kind == Reminder.Kind.OVERDUE else "before_deadline"] += 1
            except Exception:  # nothing recorded: tried again on the next run
                logger.exception("Could not send the %s reminder for %s", kind, report)
                sent["failed"] += 1
    missed = Transition.objects.filter(
        to_status=Status.INSKICKAD, report__status=Status.INSKICKAD, notice__isnull=True,
        at__gte=timezone.now() - datetime.timedelta(days=30),
    ).select_related("report__intervention", "user")
    for transition in missed:
        try:
            if send_submitted_notice(transition):
                sent["submitted"] += 1
        except Exception:
            logger.exception("Could not send the submission notice for %s", transition)
            sent["failed"] += 1
    return sent
