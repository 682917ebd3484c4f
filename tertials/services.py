"""The tertial report workflow: the functions that views, admin and tests call. Who may do
what is decided in `tertials.permissions`; the e-mails it leads to are in `tertials.notices`."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import notices, permissions
from .figures import report_figures
from .models import TertialReport, Transition


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
    notices.queue_submitted_notice(made)
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
