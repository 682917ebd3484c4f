"""Demo cases for seed_demo: plans, contacts and follow-ups dated from today, so that every
worklist category has entries on the day the demo is seeded; follow-ups after exit for part of
the other demo spells once their date has come, so that the lasting-effect table has figures;
and a recent meeting on every other open spell, so that the worklist is not all "no contact".

Self-contained: a dozen synthetic people of its own (fixed numbers, never real), whose spells
are re-dated when the demo is seeded on a later day; within a day a second run changes nothing.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from interventions.models import Intervention
from participants.identity import lookup_hash
from participants.models import Participant, Participation

from .dates import add_months
from .models import Contact, FollowUp, Plan, PlanActivity, PlannedLength
from .services import save_plan_change

PLANNED_MONTHS = {"AKTIVITETSCENTER": 6, "SHP": 12, "PTSD": 18, "UNGAVUXNA": 10, "UTSIKT": 9}

# Synthetic, Luhn-valid numbers that belong to the case demo alone.
NUMBERS = ["197804123003", "198509033075", "199101273143", "196911083217", "199606193283", "198203303360",
           "197408143431", "199902023499", "198812213562", "199307073644", "197105253715", "198610163787"]
NAMES = [("Amira", "Haddad"), ("Jonas", "Berg"), ("Sara", "Lind"), ("Milan", "Petrović"), ("Hanna", "Ek"),
         ("Leila", "Karimi"), ("Per", "Holm"), ("Ali", "Yusuf"), ("Nadia", "Sund"), ("Emma", "Strand"),
         ("Goran", "Ilić"), ("Fatima", "Noor")]

NOTES = [
    "Arbetsträningen fungerar bra på förmiddagar. Vi kom överens om att prova två eftermiddagar i veckan.",
    "Gemensamt möte med handläggaren på Försäkringskassan om nästa steg. Deltagaren vill prova praktik.",
    "Telefonsamtal: deltagaren har fått plats på SFI-kurs från nästa månad.",
    "",
]


def _specs(today: datetime.date) -> list[dict]:
    """One spell per demo person, dated from today. c = contacts (date, next follow-up, outcome),
    a = plan activities (text, party, due, status); the comment says where it lands in Att göra."""

    def _t(days: int = 0, months: int = 0) -> datetime.date:
        return add_months(today, months) + datetime.timedelta(days=days)

    return [
        # follow-up overdue (and no contact for 38 days)
        dict(code="AKTIVITETSCENTER", start=_t(-75), c=[(_t(-70), _t(-40), "ENLIGT_PLAN"),
                                                        (_t(-38), _t(-6), "PLAN_ANDRAD")],
             goals="Komma igång med arbetsträning och pröva arbetsförmågan inom lager eller café.",
             a=[("Arbetsträning 25 % i caféet", "INSATS", _t(20), "PAGAR"),
                ("Avstämningsmöte med Försäkringskassan", "FK", _t(10), "PLANERAD")]),
        # an activity past its date
        dict(code="AKTIVITETSCENTER", start=_t(-50), c=[(_t(-12), _t(16), "ENLIGT_PLAN")],
             goals="Underlag för arbetsförmågebedömning och en praktikplats.",
             a=[("Läkarintyg inför arbetsförmågebedömning", "REGION", _t(-5), "PLANERAD"),
                ("Praktik på lager två dagar i veckan", "INSATS", _t(30), "PLANERAD")]),
        # no contact for 44 days
        dict(code="AKTIVITETSCENTER", start=_t(-48), c=[(_t(-44), None, "ENLIGT_PLAN")], goals="", a=[]),
        # a follow-up within 7 days
        dict(code="AKTIVITETSCENTER", start=_t(-30), c=[(_t(-9), _t(3), "ENLIGT_PLAN")],
             goals="Struktur i vardagen: komma till aktivitetscentret tre dagar i veckan.",
             a=[("Schema med tre fasta dagar i veckan", "DELTAGARE", _t(14), "PAGAR")]),
        # open beyond the planned six months
        dict(code="AKTIVITETSCENTER", start=_t(-10, months=-7), c=[(_t(-6), _t(20), "ANNAT_STOD")],
             goals="Pröva arbetsförmågan och planera nästa insats tillsammans med Arbetsförmedlingen.",
             a=[("Överlämningsmöte med Arbetsförmedlingen", "AF", _t(12), "PLANERAD"),
                ("Arbetsträning 50 %", "INSATS", _t(-40), "KLAR")]),
        # the 6-month follow-up may be registered now
        dict(code="AKTIVITETSCENTER", start=_t(-120, months=-6), end=_t(5, months=-6), reason="ARBETSMARKNAD",
             c=[(_t(-100, months=-6), _t(-70, months=-6), "ENLIGT_PLAN"), (_t(5, months=-6), None, "REDO_AVSLUT")],
             goals="Anställning med stöd inom handeln.",
             a=[("Lönebidragsanställning", "AF", _t(0, months=-6), "KLAR")]),
        # the 12-month follow-up is overdue; the 6-month one was registered
        dict(code="AKTIVITETSCENTER", start=_t(-130, months=-12), end=_t(-10, months=-12), reason="ARBETSMARKNAD",
             c=[(_t(-10, months=-12), None, "REDO_AVSLUT")], goals="", a=[],
             f=[(6, _t(-8, months=-6), True, "ARBETE", "LON")]),
        # ended to continued rehabilitation 45 days ago, no new spell
        dict(code="AKTIVITETSCENTER", start=_t(-160), end=_t(-45), reason="FORTSATT_REHAB",
             c=[(_t(-50), None, "ANNAT_STOD")], goals="", a=[]),
        # a well-kept case: nothing to do
        dict(code="AKTIVITETSCENTER", start=_t(-20), c=[(_t(-3), _t(25), "ENLIGT_PLAN")],
             goals="Hitta en arbetsträningsplats nära hemmet.",
             a=[("Studiebesök på två arbetsplatser", "INSATS", _t(15), "PLANERAD")]),
        # ended 13 months ago, both follow-ups done
        dict(code="AKTIVITETSCENTER", start=_t(-90, months=-13), end=_t(0, months=-13), reason="ARBETSMARKNAD",
             c=[(_t(0, months=-13), None, "REDO_AVSLUT")], goals="", a=[],
             f=[(6, _t(2, months=-7), True, "STUDIER", "STUDIEMEDEL"), (12, _t(-20), True, "ARBETE", "LON")]),
        # the insatsansvarig's case in PTSD: no contact for 60 days
        dict(code="PTSD", start=_t(-90), c=[(_t(-60), None, "ENLIGT_PLAN")], goals="", a=[], staff="insatsansvarig"),
        # ended 7 months ago, not reached at 6 months
        dict(code="AKTIVITETSCENTER", start=_t(-100, months=-7), end=_t(0, months=-7), reason="AVBROTT",
             c=[], goals="", a=[], f=[(6, _t(-5), False, "", "")]),
    ]


def _person(index: int) -> Participant:
    number = NUMBERS[index]
    person = Participant.objects.filter(pnr_hash=lookup_hash(number)).first()
    if person is None:
        first, last = NAMES[index]
        person = Participant.from_personnummer(number, first_name=first, last_name=last)
        person.save()
    return person


@transaction.atomic
def seed_case_demo(interventions: dict[str, Intervention], *, today: datetime.date | None = None) -> int:
    """Planned lengths, the demo cases and historical follow-ups; returns the cases (re)made."""
    today = today or timezone.localdate()
    for code, months in PLANNED_MONTHS.items():
        if code in interventions:
            PlannedLength.objects.update_or_create(intervention=interventions[code], defaults={"months": months})
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["deltagaransvarig",
                                                                                  "insatsansvarig"])}
    made = 0
    for index, spec in enumerate(_specs(today)):
        person = _person(index)
        intervention = interventions[spec["code"]]
        if Participation.objects.filter(participant=person, intervention=intervention,
                                        startdatum=spec["start"]).exists():
            continue  # seeded today already
        Participation.objects.filter(participant=person).delete()  # seeded on another day: date it anew
        _make_case(person, intervention, spec, users.get(spec.get("staff", "deltagaransvarig")), index)
        made += 1
    _historical_followups(today)
    _routine_contacts(today)
    return made


def _make_case(person, intervention, spec, staff, index: int) -> None:
    end = spec.get("end")
    spell = Participation(
        participant=person, intervention=intervention, samtycke_datum=spec["start"], startdatum=spec["start"],
        utbildning="GYMNASIUM", tid_offentlig_forsorjning="UPP_TILL_3", forsorjning_fore="FORSORJNINGSSTOD",
        ansvarig=staff,
    )
    if end:
        occupation = {"ARBETSMARKNAD": "ARBETE_SUBV", "FORTSATT_REHAB": "REHAB"}.get(spec["reason"], "INGEN")
        spell.slutdatum, spell.avslutsorsak = end, spec["reason"]
        spell.sysselsattning_efter = occupation
        spell.forsorjning_efter = "LON" if occupation == "ARBETE_SUBV" else "FORSORJNINGSSTOD"
    spell.full_clean()
    spell.save()
    if spec["goals"]:
        save_plan_change(Plan(participation=spell, goals=spec["goals"]), user=staff, change="Mål ändrade")
    for text, party, due, status in spec["a"]:
        activity = PlanActivity(participation=spell, description=text, party=party, due_date=due, status=status,
                                created_by=staff)
        activity.full_clean()
        save_plan_change(activity, user=staff, change="Aktivitet tillagd")
    for n, (date, next_followup, outcome) in enumerate(spec["c"]):
        contact = Contact(participation=spell, date=date, kind=["MOTE", "TELEFON", "DIGITALT"][(index + n) % 3],
                          parties=["DELTAGARE", "INSATS"] + (["FK"] if n % 2 else []), outcome=outcome,
                          note=NOTES[(index + n) % len(NOTES)] or None, next_followup=next_followup,
                          recorded_by=staff)
        contact.full_clean()
        contact.save()
    for months, date, reached, occupation, support in spec.get("f", []):
        followup = FollowUp(participation=spell, months=months, date=date, reached=reached,
                            sysselsattning=occupation, forsorjning=support, recorded_by=staff)
        followup.full_clean()
        followup.save()


def _historical_followups(today: datetime.date) -> None:
    """Follow-ups after exit for about two in three of the other demo spells once their date has
    come, so that the lasting-effect table has figures and some are still due. Same draws on
    every run."""
    rng = random.Random(1313)
    done = set(FollowUp.objects.values_list("participation_id", "months"))
    spells = (Participation.objects.countable().filter(slutdatum__lte=add_months(today, -6))
              .exclude(participant__pnr_hash__in=[lookup_hash(n) for n in NUMBERS]).order_by("pk"))
    rows = []
    for spell in spells.only("pk", "slutdatum", "sysselsattning_efter", "forsorjning_efter"):
        working = spell.sysselsattning_efter in ("ARBETE", "ARBETE_SUBV", "STUDIER")
        for months in (6, 12):
            # every draw on every run, whatever is skipped: a second run meets the same choices
            draw, reached, stays, pick, shift = rng.random(), rng.random() < 0.8, rng.random(), rng.randrange(3), \
                rng.randint(-20, 25)
            date = add_months(spell.slutdatum, months) + datetime.timedelta(days=shift)
            if draw > 0.65 or (spell.pk, months) in done or date >= today:
                continue
            if not reached:
                occupation = support = ""
            elif working and stays < 0.8 or not working and stays < 0.18:
                occupation, support = [("ARBETE", "LON"), ("ARBETE_SUBV", "LON"), ("STUDIER", "STUDIEMEDEL")][pick]
            else:
                occupation, support = [("ARBETSSOKANDE", "AKTIVITETSSTOD"), ("REHAB", "SJUKPENNING"),
                                       ("INGEN", "FORSORJNINGSSTOD")][pick]
            rows.append(FollowUp(participation_id=spell.pk, months=months, date=date, reached=reached,
                                 sysselsattning=occupation, forsorjning=support))
    FollowUp.objects.bulk_create(rows)


def _routine_contacts(today: datetime.date) -> None:
    """A recent meeting, with the next one booked, for every other open demo spell without a
    contact: the worklist then shows the cases above, not every spell of the registry."""
    spells = (Participation.objects.countable().open().filter(contacts__isnull=True)
              .exclude(participant__pnr_hash__in=[lookup_hash(n) for n in NUMBERS]))
    rows = []
    for spell in spells.only("pk", "startdatum", "ansvarig_id"):
        rng = random.Random(spell.startdatum.toordinal())  # the same meeting for the same spell
        date = max(spell.startdatum, today - datetime.timedelta(days=rng.randint(2, 22)))
        rows.append(Contact(participation_id=spell.pk, date=date, kind=rng.choice(["MOTE", "TELEFON", "DIGITALT"]),
                            parties=["DELTAGARE", "INSATS"], outcome="ENLIGT_PLAN",
                            next_followup=date + datetime.timedelta(days=rng.choice([21, 28, 35])),
                            recorded_by_id=spell.ansvarig_id))
    Contact.objects.bulk_create(rows)
