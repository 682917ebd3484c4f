"""Registerutdrag (GDPR article 15): everything the registry holds about one person, assembled as
a plain document (sections of paragraphs, key–value lists and tables) that cases.pdf renders.
Nothing here knows about the PDF; a fixed number of queries whatever the person's history."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils import timezone

from audit.models import AccessEvent
from participants.models import Participant, Participation

from .timeline import Case, load_cases, name_of, revision_content


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    widths: list[float] | None = None  # shares of the page width
    empty: str = "Inga."


@dataclass
class Section:
    title: str
    blocks: list = field(default_factory=list)  # str (a paragraph), list[tuple] (key–value), Table
    level: int = 1


@dataclass
class Document:
    title: str
    subtitle: str
    sections: list[Section]


def _d(value) -> str:
    return value.strftime("%Y-%m-%d") if value else "–"


def _dt(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else "–"


def _identity(person: Participant) -> Section:
    number = person.personnummer
    shown = f"{number[:8]}-{number[8:]}" if number else f"{person.masked_personnummer} (gallrat)"
    pairs = [
        ("Personnummer" if not person.is_coordination_number else "Samordningsnummer", shown),
        ("Förnamn", person.first_name or "–"), ("Efternamn", person.last_name or "–"),
        ("Kön", person.get_kon_display()), ("Födelsedatum", _d(person.birth_date) if person.birth_date else
                                           f"{person.birth_year} (året)"),
        ("Registrerad i registret", _dt(person.created_at)),
    ]
    if person.identity_removed_at:
        pairs.append(("Identiteten gallrad", _dt(person.identity_removed_at)))
    return Section("Personuppgifter", [pairs])


def _spells(cases: list[Case]) -> Section:
    rows = [[
        f"{c.spell.intervention.name} ({c.spell.intervention.code})", _d(c.spell.startdatum),
        _d(c.spell.slutdatum) if c.spell.slutdatum else "pågår", _d(c.spell.samtycke_datum),
        c.spell.get_utbildning_display(), c.spell.get_tid_offentlig_forsorjning_display(),
        c.spell.get_forsorjning_fore_display(), c.spell.get_avslutsorsak_display() or "–",
        c.spell.get_sysselsattning_efter_display() or "–", c.spell.get_forsorjning_efter_display() or "–",
        name_of(c.spell.ansvarig) or "–",
    ] for c in cases]
    return Section("Deltaganden i insatser", [Table(
        ["Insats", "Start", "Slut", "Samtycke", "Utbildning", "Tid i offentlig försörjning", "Försörjning före",
         "Avslutsorsak", "Sysselsättning efter", "Försörjning efter", "Ansvarig"], rows,
        [.13, .08, .08, .08, .09, .09, .09, .1, .09, .09, .08], "Inga deltaganden.")])


def _case_sections(case: Case) -> list[Section]:
    spell = case.spell
    head = f"{spell.intervention.name}, {_d(spell.startdatum)} – {_d(spell.slutdatum) if spell.slutdatum else 'pågår'}"
    plan = [f"Mål: {case.plan.goals}" if case.plan and case.plan.goals else "Mål: inga skrivna."]
    plan.append(Table(["Aktivitet", "Ansvarig part", "Klart senast", "Status"], [
        [a.description or "(gallrad)", a.get_party_display(), _d(a.due_date), a.get_status_display()]
        for a in case.activities
    ], [.5, .2, .15, .15], "Inga aktiviteter."))
    for revision in case.revisions:
        content = revision_content(revision)
        text = "; ".join(f"{a['description']} ({a['party_label']}, {a['due_date']}, {a['status_label']})"
                         for a in content["activities"]) or "inga aktiviteter"
        goals = (content["goals"] or "–").rstrip(".")
        plan.append(f"Version {revision.number} · {_dt(revision.created_at)} · {name_of(revision.created_by) or '–'} · "
                    f"{revision.change}. Mål: {goals}. Aktiviteter: {text}.")
    contacts = Table(["Datum", "Slag", "Deltog", "Resultat", "Nästa uppföljning", "Registrerad av", "Anteckning"], [
        [_d(c.date), c.get_kind_display(), c.parties_display() or "–", c.get_outcome_display(),
         _d(c.next_followup), name_of(c.recorded_by) or "–", c.note or "–"]
        for c in case.contacts
    ], [.1, .09, .15, .14, .1, .12, .3], "Inga kontakter.")
    measurements = Table(["Datum", "Instrument", "Tillfälle", "Svar", "Summa"], [
        [_d(m.date), str(m.instrument), m.get_kind_display(),
         ", ".join(f"fråga {s.item.order}: {s.score}" for s in m.scores.all()), str(m.total)]
        for m in case.measurements
    ], [.12, .3, .14, .32, .12], "Inga mätningar.")
    followups = Table(["Efter", "Uppföljt den", "Nådd", "Sysselsättning", "Försörjning", "Registrerad av"], [
        [f"{f.months} månader", _d(f.date), "ja" if f.reached else "nej, kunde inte nås",
         f.get_sysselsattning_display() or "–", f.get_forsorjning_display() or "–", name_of(f.recorded_by) or "–"]
        for f in sorted(case.followups, key=lambda f: f.months)
    ], [.12, .14, .16, .22, .2, .16], "Inga uppföljningar efter avslut.")
    return [
        Section(head, [], level=1),
        Section("Handlingsplan", plan, level=2),
        Section("Kontakter och uppföljningsmöten", [contacts], level=2),
        Section("Mätningar (stegförflyttning)", [measurements], level=2),
        Section("Uppföljning efter avslut", [followups], level=2),
    ]


def _record_filter(person: Participant, cases: list[Case]) -> dict[str, list[int]]:
    """The person's records by model label: what the two logs refer to."""
    return {
        "participants.Participant": [person.pk],
        "participants.Participation": [c.spell.pk for c in cases],
        "cases.Contact": [x.pk for c in cases for x in c.contacts],
        "cases.Plan": [c.plan.pk for c in cases if c.plan],
        "cases.PlanActivity": [x.pk for c in cases for x in c.activities],
        "cases.PlanRevision": [x.pk for c in cases for x in c.revisions],
        "cases.FollowUp": [x.pk for c in cases for x in c.followups],
    }


def _reads(records: dict[str, list[int]]) -> Section:
    condition = Q(pk__in=[])
    for label, ids in records.items():
        if ids:
            condition |= Q(object_type=label, object_id__in=[str(i) for i in ids])
    events = AccessEvent.objects.filter(condition).order_by("at", "pk")
    return Section("Vem har läst, sökt fram eller lämnat ut uppgifterna", [
        "Varje gång någon har öppnat din personsida eller ditt ärende, sökt på ditt personnummer eller tagit "
        "ut uppgifter om dig finns här, med tidpunkt och användare.",
        Table(["Tidpunkt", "Användare", "Händelse", "Vad"], [
            [_dt(e.at), e.username or "(systemet)", e.get_action_display(), e.target] for e in events
        ], [.18, .17, .13, .52], "Inga läsningar loggade."),
    ])


def _changes(records: dict[str, list[int]]) -> Section:
    condition = Q(pk__in=[])
    for label, ids in records.items():
        if ids:
            app, model = label.split(".")
            content_type = ContentType.objects.get_by_natural_key(app.lower(), model.lower())
            condition |= Q(content_type=content_type, object_id__in=ids)
    entries = LogEntry.objects.filter(condition).select_related("actor", "content_type").order_by("timestamp", "pk")
    actions = {LogEntry.Action.CREATE: "Registrerad", LogEntry.Action.UPDATE: "Ändrad",
               LogEntry.Action.DELETE: "Borttagen", LogEntry.Action.ACCESS: "Läst"}
    return Section("Vem har registrerat och ändrat uppgifterna", [Table(
        ["Tidpunkt", "Användare", "Händelse", "Uppgift", "Fält"], [
            [_dt(e.timestamp), name_of(e.actor) or "(systemet)", actions.get(e.action, str(e.action)),
             str(e.content_type.model_class()._meta.verbose_name if e.content_type.model_class() else e.content_type),
             _field_names(e)]
            for e in entries
        ], [.16, .16, .1, .2, .38], "Inga ändringar loggade.")])


TECHNICAL_FIELDS = {"id", "version", "created_at", "updated_at"}


def _field_names(entry: LogEntry) -> str:
    """The changed fields by their Swedish names (the values are in the sections above)."""
    model = entry.content_type.model_class()
    names = []
    for name in sorted(entry.changes_dict or {}):
        if name in TECHNICAL_FIELDS or model is None:
            continue
        try:
            field = model._meta.get_field(name)
        except Exception:  # a field that no longer exists
            continue
        if field.concrete:
            names.append(str(field.verbose_name))
    return ", ".join(names)


def build_extract(person: Participant, *, produced_by, now: datetime.datetime | None = None) -> Document:
    """Everything about `person`: identity, every spell (all interventions), plans with their versions,
    contacts with notes, measurements, follow-ups after exit, and who read and changed it."""
    now = now or timezone.now()
    spells = list(Participation.objects.filter(participant=person)
                  .select_related("intervention", "ansvarig").order_by("startdatum", "pk"))
    cases = load_cases(spells)
    records = _record_filter(person, cases)
    sections = [
        Section("Om utdraget", [
            "Detta är allt som FINSAM-registret innehöll om dig när utdraget gjordes: dina personuppgifter, dina "
            "deltaganden i insatser som FINSAM i Malmö finansierar, handlingsplaner, kontakter och uppföljningar, "
            "mätningar, och vilka som har läst och ändrat uppgifterna.",
            f"Personnummer, namn, anteckningar och plantexter gallras {settings.FINSAM_RETENTION_YEARS} år efter att "
            "ditt senaste deltagande avslutades. Kön och födelseår finns kvar i statistiken utan koppling till dig.",
        ]),
        _identity(person), _spells(cases),
    ]
    for case in cases:
        sections += _case_sections(case)
    sections += [_reads(records), _changes(records)]
    return Document(
        "Registerutdrag", f"Enligt artikel 15 i dataskyddsförordningen. FINSAM i Malmö – registret. "
        f"Framställt {_dt(now)} av {name_of(produced_by) or '(systemet)'}.", sections)

