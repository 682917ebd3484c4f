"""The demo registry for seed_demo, dated from the day it runs: the seeds' interventions, a few
hundred synthetic people with spells from four years back up to today, anonymous and volume
registrations. Nothing here is real: personnummer are generated (Luhn-valid) from a fixed seed.

Every random draw is made on every run, so a run on the same day meets exactly what the first
made and changes nothing. A run on a later day re-dates: a person whose spells no longer match
loses them (and what hangs on them) and gets them anew, so the registry always ends today.
The tests never read these dates: the seed-004 year is reproduced from the tests' own data.
"""

from __future__ import annotations

import datetime
import random

from interventions.models import Intervention, InterventionBudget, Organisation
from participants.codes import Avslutsorsak, Forsorjning, Sysselsattning, TidOffentligForsorjning, Utbildning
from participants.identity import lookup_hash, personnummer_for
from participants.models import AnonymousRegistration, Participant, Participation, VolumeRegistration

D = datetime.date
YEARS_BACK = 4  # spells start from 1 January four years before today's year


def jan1(today: D, years_back: int) -> D:
    return D(today.year - years_back, 1, 1)


def dec31(today: D, years_back: int) -> D:
    return D(today.year - years_back, 12, 31)


# code, name, inriktning, modes, huvudman, start (years back), end (years back or None), årsplatser, goal,
# målgrupp, effektmål, budget/year. SHP and Unga vuxna have ended, the rest run today.
INTERVENTIONS = [
    ("ACT", "ACT-team", "INDIVID", {"ANONYM"}, "REGION", 9, None, 40, None,
     "Personer med allvarlig psykisk ohälsa och samsjuklighet.", "Stabil livssituation och återhämtning.", 2_400_000),
    ("AKTIVITETSCENTER", "Aktivitetscenter", "INDIVID", {"PERSON"}, "KOMMUN", 10, None, 60, None,
     "Personer i behov av aktivering, arbetsträning, arbetsförmågebedömning.",
     "Skapa struktur och rutiner i vardagen. Testa förutsättningarna för arbetslivsinriktad rehabilitering.",
     5_800_000),
    ("SHP", "Samordnad handlingsplan", "INDIVID", {"PERSON"}, "KOMMUN", 6, 2, 30, None,
     "Utlandsfödda kvinnor som står utanför garantierna och/eller uppbär försörjningsstöd.",
     "Erbjuda individuellt anpassade arbetsmarknadsinsatser.", 3_100_000),
    ("PTSD", "PTSD-center", "INDIVID", {"PERSON"}, "REGION", 8, None, 30, 50,
     "Malmöbor med PTSD som tillhör etableringsreformen.", "50 % ut i arbete eller studier.", 4_200_000),
    ("UNGAVUXNA", "Unga vuxna – ett nytt sätt att tänka", "INDIVID", {"PERSON"}, "AF", 5, 1, 25, None,
     "Unga vuxna 18–24 år som uppbär försörjningsstöd.", "Ökad hälsa och fler personer i arbete/studier.",
     2_000_000),
    ("UTSIKT", "Utsikt: Utvecklat samarbete IOF och Försäkringskassan", "INDIVID", {"PERSON", "VOLYM"}, "FK",
     7, None, 20, None, "Personer med försörjningsstöd och sjukpenning.",
     "Utvecklad samverkan mellan IOF och Försäkringskassan.", 1_500_000),
    ("REKO", "REKO – rehabkoordinatorer", "STRUKTUR", {"VOLYM"}, "REGION", 6, None, None, None,
     "Sjukskrivna patienter i primärvården.",
     "Rehabkoordinering implementerad i ordinarie verksamhet (nedtrappad finansiering).", 1_800_000),
]

# Which intervention a person starts in (weights), and how long a spell lasts (months, low–high).
PERSON_WEIGHTS = {"AKTIVITETSCENTER": 40, "PTSD": 14, "UTSIKT": 14, "SHP": 16, "UNGAVUXNA": 16}
MONTHS = {"AKTIVITETSCENTER": (2, 8), "SHP": (3, 12), "PTSD": (6, 22), "UNGAVUXNA": (2, 10), "UTSIKT": (3, 10)}


def create_interventions(today: D) -> dict[str, Intervention]:
    result = {}
    for row in INTERVENTIONS:
        code, name, inriktning, modes, huvudman, start, end, places, goal, malgrupp, effektmal, budget = row
        intervention, _ = Intervention.objects.update_or_create(
            code=code,
            defaults=dict(
                name=name, inriktning=inriktning, allows_person="PERSON" in modes,
                allows_anonymous="ANONYM" in modes, allows_volume="VOLYM" in modes,
                huvudman=Organisation.objects.get(code=huvudman), startdatum=jan1(today, start),
                slutdatum=dec31(today, end) if end is not None else None, arsplatser=places,
                mal_andel_arbete_studier=goal, malgrupp=malgrupp, effektmal=effektmal,
            ),
        )
        last = today.year - end if end is not None else today.year
        for year in range(max(today.year - start, today.year - YEARS_BACK - 1), last + 1):
            InterventionBudget.objects.update_or_create(intervention=intervention, year=year,
                                                        defaults={"amount": budget})
        result[code] = intervention
    return result


def synthetic_personnummer(rng: random.Random, *, coordination: bool = False) -> str:
    """Born 1962–2004: of working age for years to come, so the numbers need not follow the date."""
    birth = D(1962, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 42))
    return personnummer_for(birth, rng.randrange(0, 1000) or 1, coordination=coordination)


def weighted(rng: random.Random, options: list[tuple[str, int]]) -> str:
    return rng.choices([code for code, _ in options], weights=[weight for _, weight in options])[0]


def _start_fields(rng: random.Random) -> dict:
    return dict(
        utbildning=weighted(rng, [(Utbildning.GRUNDSKOLA, 33), (Utbildning.GYMNASIUM, 36), (Utbildning.HOGSKOLA, 15),
                                  (Utbildning.FORSKARUTBILDNING, 1), (Utbildning.ANNAN_EFTERGYMNASIAL, 2),
                                  (Utbildning.SAKNAS, 13)]),
        tid_offentlig_forsorjning=weighted(rng, list(zip(TidOffentligForsorjning.values, [25, 24, 14, 10, 22, 5],
                                                         strict=True))),
        forsorjning_fore=weighted(rng, [(Forsorjning.FORSORJNINGSSTOD, 55), (Forsorjning.SJUKPENNING, 10),
                                        (Forsorjning.ETABLERINGSERSATTNING, 12), (Forsorjning.AKTIVITETSERSATTNING, 6),
                                        (Forsorjning.SJUKERSATTNING, 4), (Forsorjning.INGEN, 5),
                                        (Forsorjning.ANNAN, 5), (Forsorjning.OKAND, 3)]),
    )


def _end_fields(rng: random.Random, *, to_rehab: bool) -> dict:
    reason = Avslutsorsak.FORTSATT_REHAB if to_rehab else weighted(rng, [
        (Avslutsorsak.ARBETSMARKNAD, 24), (Avslutsorsak.FORTSATT_REHAB, 53), (Avslutsorsak.OHALSA, 9),
        (Avslutsorsak.FLYTT, 4), (Avslutsorsak.AVBROTT, 6), (Avslutsorsak.ANNAT, 3), (Avslutsorsak.FELREGISTRERING, 1)])
    if reason == Avslutsorsak.ARBETSMARKNAD:
        occupation = weighted(rng, [(Sysselsattning.ARBETE, 4), (Sysselsattning.ARBETE_SUBV, 2),
                                    (Sysselsattning.STUDIER, 3), (Sysselsattning.ARBETSSOKANDE, 11)])
    else:
        occupation = weighted(rng, [(Sysselsattning.REHAB, 50), (Sysselsattning.AF_PROGRAM, 15),
                                    (Sysselsattning.INGEN, 25), (Sysselsattning.OKAND, 10)])
    support = weighted(rng, [(Forsorjning.FORSORJNINGSSTOD, 60), (Forsorjning.SJUKPENNING, 10),
                             (Forsorjning.AKTIVITETSSTOD, 15), (Forsorjning.SJUKERSATTNING, 4),
                             (Forsorjning.ANNAN, 11)])
    if occupation in (Sysselsattning.ARBETE, Sysselsattning.ARBETE_SUBV):
        support = Forsorjning.LON
    elif occupation == Sysselsattning.STUDIER:
        support = Forsorjning.STUDIEMEDEL
    return dict(avslutsorsak=reason, sysselsattning_efter=occupation, forsorjning_efter=support)


def _plan_person(rng: random.Random, index: int, interventions: dict[str, Intervention], today: D) -> tuple:
    """One person's number, name and spells (a list of field dicts), dated from today."""
    number = synthetic_personnummer(rng, coordination=index % 37 == 0)
    name = (rng.choice(["Amina", "Sara", "Leila", "Anna", "Maria", "Fatima", "Johan", "Ahmed"]),
            rng.choice(["Andersson", "Hassan", "Nilsson", "Ali", "Persson"])) if index % 3 == 0 else None
    window = (today - jan1(today, YEARS_BACK)).days
    # Later starts a little more likely: a registry that grows, with this year well filled.
    start = today - datetime.timedelta(days=int(window * rng.random() ** 1.3) + 7)
    count = 1 + (rng.random() < 0.25) + (rng.random() < 0.06)
    codes = list(PERSON_WEIGHTS)
    order = rng.choices(codes, weights=list(PERSON_WEIGHTS.values()), k=3)
    draws = [(rng.random(), rng.random(), rng.random(), rng.randint(0, 14), rng.choice([1, 14, 30, 45, 75, 120]),
              _start_fields(rng), _end_fields(rng, to_rehab=False)) for _ in range(3)]
    spells: list[dict] = []
    for number_of_spell in range(count):
        length, _, _, consent, gap, start_fields, end_fields = draws[number_of_spell]
        code = next((c for c in order[number_of_spell:] + codes if interventions[c].covers(start)
                     and not (spells and spells[-1]["intervention"].code == c)), None)
        if code is None or start >= today:
            break
        intervention = interventions[code]
        low, high = MONTHS[code]
        end = start + datetime.timedelta(days=int((low + (high - low) * length) * 30.4))
        if intervention.slutdatum and end > intervention.slutdatum:
            end = intervention.slutdatum  # the project ended: everyone left with it
        spell = dict(intervention=intervention, startdatum=start, samtycke_datum=start - datetime.timedelta(
            days=consent), **start_fields)
        if end < today:
            more = number_of_spell < count - 1
            spell.update(slutdatum=end, **(_end_fields_to_rehab(end_fields) if more else end_fields))
        spells.append(spell)
        if "slutdatum" not in spell or spell["avslutsorsak"] == Avslutsorsak.FELREGISTRERING:
            break
        start = end + datetime.timedelta(days=gap)
    return number, name, spells


def _end_fields_to_rehab(fields: dict) -> dict:
    """A person who goes on to another intervention left this one for continued rehabilitation."""
    occupation = fields["sysselsattning_efter"]
    if occupation not in (Sysselsattning.REHAB, Sysselsattning.AF_PROGRAM):
        occupation = Sysselsattning.REHAB
    support = fields["forsorjning_efter"]
    if support in (Forsorjning.LON, Forsorjning.STUDIEMEDEL):
        support = Forsorjning.FORSORJNINGSSTOD
    return dict(avslutsorsak=Avslutsorsak.FORTSATT_REHAB, sysselsattning_efter=occupation, forsorjning_efter=support)


def _key(spell: dict) -> tuple:
    return (spell["intervention"].pk, spell["startdatum"], spell.get("slutdatum"), spell.get("avslutsorsak", ""))


def create_participations(interventions: dict[str, Intervention], people: int, staff: dict, today: D) -> int:
    """The synthetic people and their spells; returns how many spells were (re)made.
    `staff` maps an intervention code to the responsible user of its spells (or None)."""
    rng = random.Random(2015)
    plans = [_plan_person(rng, index, interventions, today) for index in range(people)]
    by_hash = {p.pnr_hash: p for p in Participant.objects.filter(pnr_hash__in=[lookup_hash(n) for n, _, _ in plans])}
    have: dict[int, set] = {}
    for row in Participation.objects.filter(participant__in=by_hash.values()).values_list(
            "participant_id", "intervention_id", "startdatum", "slutdatum", "avslutsorsak"):
        have.setdefault(row[0], set()).add(row[1:])
    made = 0
    for number, name, spells in plans:
        person = by_hash.get(lookup_hash(number))
        if person is None:
            person = Participant.from_personnummer(number, first_name=name[0] if name else "",
                                                   last_name=name[1] if name else "")
            person.save()
        elif have.get(person.pk, set()) == {_key(s) for s in spells}:
            continue  # seeded today already
        else:
            Participation.objects.filter(participant=person).delete()  # seeded another day: date anew
        for fields in spells:
            spell = Participation(participant=person, ansvarig=staff.get(fields["intervention"].code), **fields)
            spell.full_clean(validate_constraints=False)  # the plan never overlaps; the database checks the rest
            spell.save()
            made += 1
    return made


def _same(obj, values: dict) -> bool:
    return all(getattr(obj, name) == value for name, value in values.items())


def _put(model, key: dict, values: dict) -> None:
    """Create, or change only what differs: a second run the same day writes nothing."""
    obj = model.objects.filter(**key).first()
    if obj is None:
        obj = model(**key, **values)
    elif _same(obj, values):
        return
    for name, value in values.items():
        setattr(obj, name, value)
    obj.full_clean()
    obj.save()


def create_anonymous_and_volume(interventions: dict[str, Intervention], today: D) -> None:
    rng = random.Random(4711)
    window = (today - jan1(today, YEARS_BACK)).days
    for index in range(30):
        start = today - datetime.timedelta(days=rng.randrange(10, window))
        end = start + datetime.timedelta(days=rng.randint(60, 400))
        count = rng.choice([1, 1, 1, 2, 3])
        _put(AnonymousRegistration, {"extern_id": f"DEMO-ACT-{index + 1:03d}"}, dict(
            intervention=interventions["ACT"], kon=rng.choice(["K", "K", "K", "M"]), startdatum=start,
            slutdatum=end if end < today and rng.random() < 0.7 else None, antal=count))
    for code, count in (("UTSIKT", 18), ("REKO", 14)):
        intervention = interventions[code]
        for index in range(count):
            total = rng.randint(10, 90)
            split = rng.random() < 0.5
            women = rng.randint(0, total) if split else None
            day = today - datetime.timedelta(days=rng.randrange(3, window))
            _put(VolumeRegistration, {"extern_id": f"DEMO-{code}-{index + 1:03d}"}, dict(
                intervention=intervention, datum=max(day, intervention.startdatum), antal=total,
                antal_kvinnor=women, antal_man=(total - women) if split else None,
                beskrivning=rng.choice(["Frukostföreläsning", "Gemensam kompetensutveckling",
                                        "Seminarium om samverkan", "Informationsträff"])))
