"""Demo tertial reports for seed_demo, dated from the day it runs: in the latest closed tertial
one report in each state (approved, submitted and waiting for kansli, returned to the
insatsansvarig, a draft past its deadline, one never begun), the tertials before it approved,
and a draft for the running tertial; with their history and the reminders already sent, so
that the daily run still has overdue reminders to send. A second run the same day changes nothing.
"""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from accounts import roles
from interventions.models import Intervention

from .figures import report_figures
from .models import Reminder, Status, TertialReport, Transition
from .periods import tertial_deadline, tertial_of, tertial_period

# The latest closed tertial: one report in each state (None: not begun, overdue).
LATEST = {"ACT": Status.GODKAND, "AKTIVITETSCENTER": Status.INSKICKAD, "PTSD": Status.ATERSKICKAD,
          "REKO": Status.UTKAST, "UTSIKT": None}
CLOSED_BACK = 3  # closed tertials with reports: the latest in every state, the ones before approved
RUNNING_DRAFT = "AKTIVITETSCENTER"  # the running tertial: a draft being written

TEXTS = dict(
    done="Verksamheten har pågått enligt plan. Nya deltagare har skrivits in löpande och gruppverksamheten "
         "har startat igen efter sommaren. Två gemensamma ärendedragningar med Försäkringskassan.",
    deviations="Färre inskrivningar än planerat under perioden på grund av vakanser hos personalen; "
               "rekryteringen är klar.",
    goal_fulfilment="Andelen som gått till arbete eller studier ligger nära målet. Deltagarnas självskattning "
                    "visar stegförflyttning för flertalet.",
    plan="Fortsatt inskrivning, uppföljning av avslutade deltagare efter sex månader och ett seminarium "
         "för parternas handläggare.",
)
RETURN_COMMENT = "Beskriv avvikelserna närmare: varför är antalet deltagare lägre än årsplatserna?"


def _tertials(today: datetime.date) -> list[tuple[int, int]]:
    """The running tertial, then the closed ones, latest first."""
    year, tertial = today.year, tertial_of(today)
    result = []
    for _ in range(CLOSED_BACK + 1):
        result.append((year, tertial))
        year, tertial = (year - 1, 3) if tertial == 1 else (year, tertial - 1)
    return result


def _at(day: datetime.date, hour: int, today: datetime.date) -> datetime.datetime:
    """A moment on `day` (never after today)."""
    return timezone.make_aware(datetime.datetime.combine(min(day, today), datetime.time(hour, 10)))


def planned_reports(interventions: dict[str, Intervention], today: datetime.date) -> list[tuple]:
    """(intervention, year, tertial, status) of every demo report."""
    running, latest, *earlier = _tertials(today)
    plan = []
    for index, (year, tertial) in enumerate([running, latest, *earlier]):
        for intervention in Intervention.objects.overlapping(*tertial_period(year, tertial)).order_by("code"):
            if intervention.code not in interventions:
                continue
            if index == 0:
                status = Status.UTKAST if intervention.code == RUNNING_DRAFT else None
            elif index == 1:
                status = LATEST.get(intervention.code, Status.GODKAND)
            else:
                status = Status.GODKAND
            if status:
                plan.append((intervention, year, tertial, status))
    return plan


def seed_tertial_demo(interventions: dict[str, Intervention], users: dict, *, today: datetime.date) -> int:
    """Make the planned reports; returns how many were (re)made."""
    lead, office = users[roles.INSATSANSVARIG], users[roles.KANSLI]
    made = 0
    for intervention, year, tertial, status in planned_reports(interventions, today):
        report = TertialReport.objects.filter(intervention=intervention, year=year, tertial=tertial).first()
        if report is None or report.status != status:
            _make(report, intervention, year, tertial, status, lead, office, today)
            made += 1
        if (year, tertial) == _tertials(today)[1]:
            _reminders(intervention, year, tertial, lead, today)
    return made


def _make(report, intervention, year, tertial, status, lead, office, today) -> None:
    rng = random.Random(f"{intervention.code}-{year}-{tertial}")
    end = tertial_period(year, tertial)[1]
    report = report or TertialReport(intervention=intervention, year=year, tertial=tertial)
    written = status != Status.UTKAST
    for name, text in TEXTS.items():
        setattr(report, name, text if written or name == "done" else "")
    budget = intervention.budget_for(year) or 1_000_000
    report.outcome_sek = int(budget * tertial / 3 * rng.uniform(0.84, 1.03)) if written else None
    report.status = status
    submitted = _at(end + datetime.timedelta(days=6), 14, today)
    report.snapshot = report_figures(intervention, year, tertial) if status in (Status.INSKICKAD,
                                                                                  Status.GODKAND) else None
    report.submitted_at = submitted if written else None
    report.save()
    report.transitions.all().delete()
    report.reminders.all().delete()
    if not written:
        return
    Transition.objects.create(report=report, from_status=Status.UTKAST, to_status=Status.INSKICKAD, user=lead,
                              at=submitted)
    decided = max(_at(end + datetime.timedelta(days=9), 10, today), submitted)
    if status == Status.GODKAND:
        Transition.objects.create(report=report, from_status=Status.INSKICKAD, to_status=Status.GODKAND,
                                  user=office, at=decided, comment="Tack, godkänd.")
    elif status == Status.ATERSKICKAD:
        Transition.objects.create(report=report, from_status=Status.INSKICKAD, to_status=Status.ATERSKICKAD,
                                  user=office, at=decided, comment=RETURN_COMMENT)


def _reminders(intervention, year, tertial, lead, today) -> None:
    """The reminders the daily run sent before the deadline to reports still being written; the
    overdue reminder only to the draft, so that the run has the returned report's still to send."""
    report = TertialReport.objects.filter(intervention=intervention, year=year, tertial=tertial).first()
    if report is None or report.status != Status.UTKAST:
        return
    deadline = tertial_deadline(year, tertial)
    sent = [(Reminder.Kind.BEFORE_DEADLINE, deadline - datetime.timedelta(days=7))]
    if today > deadline:
        sent.append((Reminder.Kind.OVERDUE, deadline + datetime.timedelta(days=1)))
    for kind, day in sent:
        if day <= today:
            Reminder.objects.get_or_create(report=report, kind=kind, transition=None, defaults=dict(
                recipients=lead.email, sent_at=_at(day, 6, today)))
