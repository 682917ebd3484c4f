"""The daily reminder: one e-mail to each staff member with something newly overdue on the
worklist, each item once per recipient (kept in CaseReminder). The spell's ansvarig gets it; a
spell without one goes to its intervention's insatsansvarig. The e-mail names no person: only
the kind of item, the date, the intervention and the link to the case."""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from interventions.models import Assignment, Intervention
from participants.models import Participation

from . import worklist as wl
from .models import CaseReminder, PlannedLength

logger = logging.getLogger(__name__)
LISTED_AT_MOST = 50


def _url(path: str) -> str:
    return getattr(settings, "FINSAM_SITE_URL", "").rstrip("/") + path


def _is_overdue(item: wl.Item, due: datetime.date, today: datetime.date) -> bool:
    if item.kind == "POSTEXIT":
        return due < today
    return item.category.overdue and due <= today


def due_reminders(today: datetime.date) -> dict:
    """{user: [(spell, item, due)]} for the overdue items not yet sent to that user, and the
    number of items that have nobody to go to."""
    lengths = dict(PlannedLength.objects.values_list("intervention_id", "months"))
    items = wl.all_items(Intervention.objects.all(), today=today, lengths=lengths)
    spells = {}
    ids = sorted({pid for pid, _item in items})
    for start in range(0, len(ids), 2000):
        spells.update(Participation.objects.select_related("intervention", "ansvarig").in_bulk(ids[start:start + 2000]))
    leads = defaultdict(list)
    for assignment in Assignment.objects.filter(role=Assignment.Role.INSATSANSVARIG, user__is_active=True) \
            .exclude(user__email="").select_related("user"):
        leads[assignment.intervention_id].append(assignment.user)
    sent = set(CaseReminder.objects.filter(participation_id__in=ids).values_list(
        "participation_id", "kind", "due", "recipient_id"))
    waiting: dict = defaultdict(list)
    no_recipient = 0
    for pid, item in items:
        spell = spells[pid]
        due = wl.due_date(item, spell, lengths.get(spell.intervention_id))
        if not _is_overdue(item, due, today):
            continue
        owner = spell.ansvarig
        recipients = [owner] if owner is not None and owner.is_active and owner.email else leads[spell.intervention_id]
        if not recipients:
            no_recipient += 1
        for user in recipients:
            if (pid, item.kind, due, user.pk) not in sent:
                waiting[user].append((spell, item, due))
    return {"waiting": waiting, "no_recipient": no_recipient}


def _body(user, entries) -> str:
    lines = [f"Hej {user.first_name or user.username}!", "",
             "Det här har blivit försenat i dina ärenden sedan förra påminnelsen:", ""]
    for spell, item, due in entries[:LISTED_AT_MOST]:
        what = item.category.label if item.kind != "POSTEXIT" else f"Uppföljning {item.months} mån efter avslut"
        lines.append(f"- {what}, {due:%Y-%m-%d} – {spell.intervention.name}: "
                     + _url(reverse("cases:case", args=[spell.pk])))
    if len(entries) > LISTED_AT_MOST:
        lines.append(f"… och {len(entries) - LISTED_AT_MOST} till.")
    lines += ["", "Hela listan: " + _url(reverse("cases:worklist")), ""]
    return "\n".join(lines)


def send_case_reminders(*, today: datetime.date | None = None) -> dict[str, int]:
    """The daily run. An e-mail and its records go together: a failed send records nothing (it is
    tried again the next day), a second run sends nothing twice."""
    today = today or timezone.localdate()
    found = due_reminders(today)
    counts = {"emails": 0, "items": 0, "no_recipient": found["no_recipient"], "failed": 0}
    for user, entries in sorted(found["waiting"].items(), key=lambda pair: pair[0].pk):
        subject = f"Att göra i FINSAM-registret: {len(entries)} försenade"
        now = timezone.now()
        try:
            with transaction.atomic():
                CaseReminder.objects.bulk_create([
                    CaseReminder(participation=spell, kind=item.kind, due=due, months=item.months, recipient=user,
                                 sent_at=now)
                    for spell, item, due in entries
                ])
                send_mail(subject, _body(user, entries), settings.DEFAULT_FROM_EMAIL, [user.email])
        except IntegrityError:  # another run got there first
            continue
        except Exception:
            logger.exception("Could not send the case reminder to user %s", user.pk)
            counts["failed"] += 1
            continue
        counts["emails"] += 1
        counts["items"] += len(entries)
    return counts
