"""The tertial report workflow and its e-mails: the functions that views, admin, commands and
tasks all call. Who may do what is decided in `tertials.permissions`."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from interventions.models import Assignment, Intervention

from . import permissions
from .figures import report_figures
from .models import EDITABLE_STATES, Reminder, Status, TertialReport, Transition, tertial_deadline, tertial_period

logger = logging.getLogger(__name__)


class TransitionError(Exception):
    """A transition that is not allowed, or not possible now. The message is for the user."""

    def __init__(self, message: str, *, errors: dict | None = None):
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


# --- the workflow ------------------------------------------------------------------------


def _locked(report: TertialReport) -> TertialReport:
    if report.pk is None:
        raise TransitionError("Spara rapporten innan den skickas in.")
    return TertialReport.objects.select_for_update().select_related("intervention").get(pk=report.pk)


def _move(report: TertialReport, action: str, *, user, comment: str = "", **changes) -> Transition:
    """Check, change and record one transition; `report` is updated in place."""
    with transaction.atomic():
        current = _locked(report)
        reason = permissions.refusal(user, action, current)
        if reason:
            raise TransitionError(reason)
        previous = current.status
        current.status = permissions.RULES[action][1]
        for name, value in changes.items():
            setattr(current, name, value)
        if action == permissions.SUBMIT:
            try:
                current.full_clean()
            except ValidationError as error:
                missing = "; ".join(message for messages in error.message_dict.values() for message in messages)
                raise TransitionError(f"Rapporten kan inte skickas in ännu: {missing}", errors=error.message_dict)
            current.snapshot = report_figures(current.intervention, current.year, current.tertial)
            current.submitted_at = timezone.now()
        current.save()
        made = Transition.objects.create(
            report=current, from_status=previous, to_status=current.status, user=user, at=timezone.now(),
            comment=comment,
        )
    report.refresh_from_db()
    return made


def save_draft(report: TertialReport, *, user) -> TertialReport:
    """Save the insatsansvarig's text and economy (only while the report is theirs to edit)."""
    if not permissions.may_edit(user, report):
        if not permissions.leads(user, report.intervention):
            raise TransitionError("Bara insatsens insatsansvarig får skriva i tertialrapporten.")
        raise TransitionError(
            f"Rapporten är {report.get_status_display().lower()} och kan inte ändras "
            "(kansliet kan skicka tillbaka eller öppna den igen)."
        )
    report.full_clean()
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:  # created by someone else between the check and the save
        raise TransitionError(
            "Rapporten skapades samtidigt av någon annan. Ladda om sidan och skriv in ändringen igen."
        )
    return report


def submit(report: TertialReport, *, user) -> Transition:
    """UTKAST/ATERSKICKAD → INSKICKAD: the figures are frozen and kansli is told."""
    made = _move(report, permissions.SUBMIT, user=user)
    transaction.on_commit(lambda: _queue_submitted_notice(made.pk))
    return made


def approve(report: TertialReport, *, user, comment: str = "") -> Transition:
    return _move(report, permissions.APPROVE, user=user, comment=comment.strip())


def return_for_changes(report: TertialReport, *, user, comment: str) -> Transition:
    """INSKICKAD → ATERSKICKAD with kansli's comment; the figures follow the registry again."""
    if not (comment or "").strip():
        raise TransitionError("Skriv en kommentar om vad som ska ändras när rapporten skickas tillbaka.")
    return _move(report, permissions.RETURN, user=user, comment=comment.strip(), snapshot=None)


def reopen(report: TertialReport, *, user, reason: str) -> Transition:
    """GODKAND → ATERSKICKAD, only with a stated reason (kept in the history)."""
    if not (reason or "").strip():
        raise TransitionError("Ange ett skäl för att öppna en godkänd rapport igen.")
    return _move(report, permissions.REOPEN, user=user, comment=reason.strip(), snapshot=None)


ACTIONS = {
    permissions.SUBMIT: lambda report, user, comment: submit(report, user=user),
    permissions.APPROVE: lambda report, user, comment: approve(report, user=user, comment=comment),
    permissions.RETURN: lambda report, user, comment: return_for_changes(report, user=user, comment=comment),
    permissions.REOPEN: lambda report, user, comment: reopen(report, user=user, reason=comment),
}


def perform(action: str, report: TertialReport, *, user, comment: str = "") -> Transition:
    if action not in ACTIONS:
        raise TransitionError("Okänd åtgärd.")
    return ACTIONS[action](report, user, comment)


# --- e-mail ------------------------------------------------------------------------------


def _report_url(report: TertialReport) -> str:
    path = reverse("tertials:report", args=[report.intervention.code, report.year, report.tertial])
    return getattr(settings, "FINSAM_SITE_URL", "").rstrip("/") + path


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


def _queue_submitted_notice(transition_id: int) -> None:
    from .tasks import notify_submitted

    try:
        notify_submitted.delay(transition_id)
    except Exception:  # the broker being down must not undo a submission; the daily run catches up
        logger.exception("Could not queue the submission notice for transition %s", transition_id)


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
    start, end = tertial_period(year, tertial)
    running = Intervention.objects.filter(Q(startdatum__lte=end), Q(slutdatum__isnull=True) | Q(slutdatum__gte=start))
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
