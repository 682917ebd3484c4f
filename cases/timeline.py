"""What the case page (and the registerutdrag) shows of one spell: the plan with its versions, and a
timeline of everything that happened in it, newest first, with who and when. A fixed number of
queries per spell (or per person, for the registerutdrag)."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from participants.models import Participation
from pathways.models import Measurement

from .dates import add_months
from .models import EARLY_DAYS, Contact, FollowUp, Party, Plan, PlanActivity, PlanRevision


@dataclass
class Event:
    date: datetime.date
    at: datetime.datetime | None  # when it was registered (orders events of one day)
    kind: str  # start, plan, contact, measurement, end, followup
    title: str
    who: str = ""
    details: list[str] = field(default_factory=list)
    note: str = ""
    url: str = ""


@dataclass
class FollowUpSlot:
    months: int
    due: datetime.date
    opens: datetime.date
    record: FollowUp | None

    @property
    def is_open(self) -> bool:
        return self.record is None and self.opens <= timezone.localdate()


@dataclass
class Case:
    spell: Participation
    plan: Plan | None
    activities: list[PlanActivity]
    revisions: list[PlanRevision]
    contacts: list[Contact]
    followups: list[FollowUp]
    measurements: list[Measurement]
    events: list[Event]
    slots: list[FollowUpSlot]
    notes_shown: int

    @property
    def last_contact(self) -> Contact | None:
        return self.contacts[0] if self.contacts else None


def name_of(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def revision_content(revision: PlanRevision) -> dict:
    """The plan as it stood in that version (empty after the retention purge)."""
    if not revision.snapshot:
        return {"goals": "", "activities": []}
    content = json.loads(revision.snapshot)
    labels, parties = dict(PlanActivity.Status.choices), dict(Party.choices)
    for activity in content.get("activities", []):
        activity["status_label"] = labels.get(activity.get("status"), activity.get("status"))
        activity["party_label"] = parties.get(activity.get("party"), activity.get("party"))
    return content


def _log_actors(spells: list[Participation]) -> dict[int, dict[str, str]]:
    """Who registered each spell's start and end, from the change log (one query)."""
    if not spells:
        return {}
    content_type = ContentType.objects.get_for_model(Participation)
    entries = (
        LogEntry.objects.filter(content_type=content_type, object_id__in=[s.pk for s in spells])
        .select_related("actor").order_by("timestamp", "pk")
    )
    actors: dict[int, dict[str, str]] = {}
    for entry in entries:
        found = actors.setdefault(entry.object_id, {})
        if entry.action == LogEntry.Action.CREATE:
            found["start"] = name_of(entry.actor) or "(systemet)"
        end = (entry.changes_dict or {}).get("slutdatum")
        if end and end[-1] not in (None, "None", ""):
            found["end"] = name_of(entry.actor) or "(systemet)"
    return actors


def follow_up_slots(spell: Participation, followups: list[FollowUp]) -> list[FollowUpSlot]:
    if not spell.slutdatum or spell.is_registration_error:
        return []
    by_months = {f.months: f for f in followups}
    slots = []
    for months in settings.FINSAM_FOLLOWUP_MONTHS:
        due = add_months(spell.slutdatum, months)
        slots.append(FollowUpSlot(months, due, due - datetime.timedelta(days=EARLY_DAYS), by_months.get(months)))
    return slots


def load_cases(spells: list[Participation], *, urls=None) -> list[Case]:
    """Each spell's case: 7 queries whatever the number of spells or records."""
    ids = [s.pk for s in spells]
    by_spell = {pk: {"plan": None, "activities": [], "revisions": [], "contacts": [], "followups": [],
                     "measurements": []} for pk in ids}
    for plan in Plan.objects.filter(participation_id__in=ids).select_related("updated_by"):
        by_spell[plan.participation_id]["plan"] = plan
    for name, queryset in (
        ("activities", PlanActivity.objects.filter(participation_id__in=ids).order_by("due_date", "pk")),
        ("revisions", PlanRevision.objects.filter(participation_id__in=ids).select_related("created_by")
         .order_by("-number")),
        ("contacts", Contact.objects.filter(participation_id__in=ids).select_related("recorded_by")
         .order_by("-date", "-pk")),
        ("followups", FollowUp.objects.filter(participation_id__in=ids).select_related("recorded_by")),
        ("measurements", Measurement.objects.filter(participation_id__in=ids)
         .select_related("instrument", "recorded_by").prefetch_related("scores__item").order_by("date", "pk")),
    ):
        for record in queryset:
            by_spell[record.participation_id][name].append(record)
    actors = _log_actors(spells)
    cases = []
    for spell in spells:
        parts = by_spell[spell.pk]
        events = _events(spell, parts, actors.get(spell.pk, {}), urls)
        cases.append(Case(
            spell=spell, plan=parts["plan"], activities=parts["activities"], revisions=parts["revisions"],
            contacts=parts["contacts"], followups=parts["followups"], measurements=parts["measurements"],
            events=events, slots=follow_up_slots(spell, parts["followups"]),
            notes_shown=sum(1 for c in parts["contacts"] if c.note),
        ))
    return cases


def _events(spell: Participation, parts: dict, actors: dict[str, str], urls) -> list[Event]:
    urls = urls or {}
    events = [Event(spell.startdatum, spell.created_at, "start", "Inskrivning: start registrerad",
                    actors.get("start", ""), [
                        f"Samtycke {spell.samtycke_datum:%Y-%m-%d}",
                        f"Försörjning före: {spell.get_forsorjning_fore_display()}",
                        f"Utbildning: {spell.get_utbildning_display()}",
                    ])]
    for revision in parts["revisions"]:
        events.append(Event(timezone.localdate(revision.created_at), revision.created_at, "plan",
                            f"Handlingsplan version {revision.number}", name_of(revision.created_by),
                            [revision.change]))
    for contact in parts["contacts"]:
        details = [contact.get_outcome_display()]
        if contact.parties:
            details.append("Deltog: " + contact.parties_display())
        if contact.next_followup:
            details.append(f"Nästa uppföljning {contact.next_followup:%Y-%m-%d}")
        events.append(Event(contact.date, contact.created_at, "contact", f"Kontakt: {contact.get_kind_display()}",
                            name_of(contact.recorded_by), details, contact.note or "",
                            urls.get("contact", lambda c: "")(contact)))
    for measurement in parts["measurements"]:
        events.append(Event(measurement.date, measurement.created_at, "measurement",
                            f"Mätning: {measurement.instrument.name} ({measurement.get_kind_display().lower()})",
                            name_of(measurement.recorded_by), [f"Summa {measurement.total}"]))
    if spell.slutdatum:
        events.append(Event(spell.slutdatum, spell.updated_at, "end", "Utskrivning: avslut registrerat",
                            actors.get("end", ""), [
                                spell.get_avslutsorsak_display(),
                                f"Sysselsättning efter: {spell.get_sysselsattning_efter_display()}",
                                f"Försörjning efter: {spell.get_forsorjning_efter_display()}",
                            ]))
    for followup in parts["followups"]:
        details = ([f"Sysselsättning: {followup.get_sysselsattning_display()}",
                    f"Försörjning: {followup.get_forsorjning_display()}"] if followup.reached
                   else ["Kunde inte nås"])
        events.append(Event(followup.date, followup.created_at, "followup",
                            f"Uppföljning {followup.months} månader efter avslut", name_of(followup.recorded_by),
                            details, url=urls.get("followup", lambda f: "")(followup)))
    events.sort(key=lambda e: (e.date, e.at or timezone.now()), reverse=True)
    return events
