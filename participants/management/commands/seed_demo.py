"""Fill the database with the seeds' interventions, synthetic people and one user per role.

Idempotent: every record has a stable key, so a second run finds what the first made.
Never real personnummer: numbers are generated (Luhn-valid) from a fixed random seed.
"""

from __future__ import annotations

import datetime
import random
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts import roles
from accounts.setup import ensure_role_groups
from cases.demo import seed_case_demo
from interventions.models import Assignment, Intervention, InterventionBudget, Organisation
from participants.codes import Avslutsorsak, Forsorjning, Sysselsattning, TidOffentligForsorjning, Utbildning
from participants.identity import lookup_hash, personnummer_for
from participants.models import AnonymousRegistration, Participant, Participation, VolumeRegistration

D = datetime.date

INTERVENTIONS = [
    # code, name, inriktning, modes, huvudman, start, end, årsplatser, goal, målgrupp, effektmål, budget/year
    ("ACT", "ACT-team", "INDIVID", {"ANONYM"}, "REGION", D(2013, 1, 1), None, 40, None,
     "Personer med allvarlig psykisk ohälsa och samsjuklighet.", "Stabil livssituation och återhämtning.", 2_400_000),
    ("AKTIVITETSCENTER", "Aktivitetscenter", "INDIVID", {"PERSON"}, "KOMMUN", D(2012, 1, 1), None, 150, None,
     "Personer i behov av aktivering, arbetsträning, arbetsförmågebedömning.",
     "Skapa struktur och rutiner i vardagen. Testa förutsättningarna för arbetslivsinriktad rehabilitering.",
     5_800_000),
    ("SHP", "Samordnad handlingsplan", "INDIVID", {"PERSON"}, "KOMMUN", D(2014, 9, 1), D(2016, 12, 31), 80, None,
     "Utlandsfödda kvinnor som står utanför garantierna och/eller uppbär försörjningsstöd.",
     "Erbjuda individuellt anpassade arbetsmarknadsinsatser.", 3_100_000),
    ("PTSD", "PTSD-center", "INDIVID", {"PERSON"}, "REGION", D(2013, 6, 1), None, 30, 50,
     "Malmöbor med PTSD som tillhör etableringsreformen.", "50 % ut i arbete eller studier.", 4_200_000),
    ("UNGAVUXNA", "Unga vuxna – ett nytt sätt att tänka", "INDIVID", {"PERSON"}, "AF", D(2014, 3, 1),
     D(2017, 2, 28), 40, None, "Unga vuxna 18–24 år som uppbär försörjningsstöd.",
     "Ökad hälsa och fler personer i arbete/studier.", 2_000_000),
    ("UTSIKT", "Utsikt: Utvecklat samarbete IOF och Försäkringskassan", "INDIVID", {"PERSON", "VOLYM"}, "FK",
     D(2014, 1, 1), None, 20, None, "Personer med försörjningsstöd och sjukpenning.",
     "Utvecklad samverkan mellan IOF och Försäkringskassan.", 1_500_000),
    ("REKO", "REKO – rehabkoordinatorer", "STRUKTUR", {"VOLYM"}, "REGION", D(2015, 1, 1), None, None, None,
     "Sjukskrivna patienter i primärvården.",
     "Rehabkoordinering implementerad i ordinarie verksamhet (nedtrappad finansiering).", 1_800_000),
]

# (intervention, share of the synthetic people, typical months, outcome weights)
PERSON_INTERVENTIONS = ["AKTIVITETSCENTER", "SHP", "PTSD", "UNGAVUXNA", "UTSIKT"]
MONTHS = {"AKTIVITETSCENTER": (1, 6), "SHP": (2, 12), "PTSD": (6, 24), "UNGAVUXNA": (2, 10), "UTSIKT": (3, 9)}

USERS = [
    (roles.ADMINISTRATOR, "Ada", "Administratör"),
    (roles.KANSLI, "Karin", "Kansli"),
    (roles.INSATSANSVARIG, "Ingrid", "Insatsansvarig"),
    (roles.DELTAGARANSVARIG, "David", "Deltagaransvarig"),
    (roles.STYRELSE, "Sven", "Styrelse"),
]
ASSIGNMENTS = [
    (roles.INSATSANSVARIG, "AKTIVITETSCENTER", Assignment.Role.INSATSANSVARIG),
    (roles.INSATSANSVARIG, "PTSD", Assignment.Role.INSATSANSVARIG),
    (roles.DELTAGARANSVARIG, "AKTIVITETSCENTER", Assignment.Role.DELTAGARANSVARIG),
    (roles.DELTAGARANSVARIG, "SHP", Assignment.Role.DELTAGARANSVARIG),
]


def synthetic_personnummer(rng: random.Random, *, coordination: bool = False) -> str:
    birth = D(1952, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 44))
    return personnummer_for(birth, rng.randrange(0, 1000) or 1, coordination=coordination)


def weighted(rng: random.Random, options: list[tuple[str, int]]) -> str:
    return rng.choices([code for code, _ in options], weights=[weight for _, weight in options])[0]


class Command(BaseCommand):
    help = "Fyller databasen med demodata: insatser, syntetiska deltagare och en användare per roll."

    def add_arguments(self, parser):
        parser.add_argument("--password", help="Samma lösenord för alla demoanvändare (annars slumpas de).")
        parser.add_argument("--people", type=int, default=320, help="Antal syntetiska personer (standard 320).")

    @transaction.atomic
    def handle(self, *args, password=None, people=320, **options):
        ensure_role_groups()
        interventions = self.create_interventions()
        credentials = self.create_users(password, interventions)
        staff = get_user_model().objects.get(username=roles.DELTAGARANSVARIG)
        created = self.create_participations(interventions, people, staff)
        self.create_anonymous_and_volume(interventions)
        seed_case_demo(interventions)  # plans, contacts and follow-ups, dated from today
        self.stdout.write(self.style.SUCCESS(f"Demodata klar: {created} nya insatsdeltaganden."))
        self.stdout.write("Demoanvändare (användarnamn / lösenord):")
        for username, pw in credentials:
            self.stdout.write(f"  {username:<18} {pw}")

    def create_interventions(self) -> dict[str, Intervention]:
        result = {}
        for row in INTERVENTIONS:
            code, name, inriktning, modes, huvudman, start, end, places, goal, malgrupp, effektmal, budget = row
            intervention, _ = Intervention.objects.update_or_create(
                code=code,
                defaults=dict(
                    name=name,
                    inriktning=inriktning,
                    allows_person="PERSON" in modes,
                    allows_anonymous="ANONYM" in modes,
                    allows_volume="VOLYM" in modes,
                    huvudman=Organisation.objects.get(code=huvudman),
                    startdatum=start,
                    slutdatum=end,
                    arsplatser=places,
                    mal_andel_arbete_studier=goal,
                    malgrupp=malgrupp,
                    effektmal=effektmal,
                ),
            )
            for year in range(max(start.year, 2014), 2017):
                InterventionBudget.objects.update_or_create(
                    intervention=intervention, year=year, defaults={"amount": budget}
                )
            result[code] = intervention
        return result

    def create_users(self, password, interventions):
        User = get_user_model()
        credentials = []
        for role, first, last in USERS:
            user, _ = User.objects.get_or_create(username=role, defaults={"first_name": first, "last_name": last})
            user.first_name, user.last_name = first, last
            user.email = f"{role}@finsam.invalid"
            user.is_staff = role in (roles.ADMINISTRATOR, roles.KANSLI)
            user.is_superuser = role == roles.ADMINISTRATOR
            pw = password or secrets.token_urlsafe(9)
            user.set_password(pw)
            user.save()
            user.groups.set([Group.objects.get(name=role)])
            credentials.append((role, pw))
        for username, code, role in ASSIGNMENTS:
            Assignment.objects.update_or_create(
                user=User.objects.get(username=username), intervention=interventions[code], defaults={"role": role}
            )
        return credentials

    def create_participations(self, interventions, people: int, staff) -> int:
        rng = random.Random(2015)
        created = 0
        for index in range(people):
            number = synthetic_personnummer(rng, coordination=index % 37 == 0)
            first_name = rng.choice(["Amina", "Sara", "Leila", "Anna", "Maria", "Fatima"])
            last_name = rng.choice(["Andersson", "Hassan", "Nilsson", "Ali", "Persson"])
            participant = Participant.objects.filter(pnr_hash=lookup_hash(number)).first()
            if participant is None:
                participant = Participant.from_personnummer(number)
                if index % 3 == 0:
                    participant.first_name, participant.last_name = first_name, last_name
                participant.save()
            # One, sometimes two or three spells: the second follows the first, often after a gap.
            spells = 1 + (rng.random() < 0.22) + (rng.random() < 0.05)
            start = D(2014, 1, 1) + datetime.timedelta(days=rng.randrange(0, 900))
            codes = rng.sample(PERSON_INTERVENTIONS, k=spells)
            for spell, code in enumerate(codes):
                intervention = interventions[code]
                start = max(start, intervention.startdatum)
                if start > D(2016, 12, 31) or (intervention.slutdatum and start > intervention.slutdatum):
                    break  # the demo covers spells starting 2014–2016
                low, high = MONTHS[code]
                end = start + datetime.timedelta(days=rng.randint(low * 30, high * 30))
                last = spell == len(codes) - 1
                ended = end <= D(2016, 12, 31) and (not last or rng.random() < 0.8)
                participation = Participation(
                    participant=participant,
                    intervention=intervention,
                    samtycke_datum=start - datetime.timedelta(days=rng.randint(0, 14)),
                    startdatum=start,
                    utbildning=weighted(rng, [(Utbildning.GRUNDSKOLA, 33), (Utbildning.GYMNASIUM, 36),
                                             (Utbildning.HOGSKOLA, 15), (Utbildning.FORSKARUTBILDNING, 1),
                                             (Utbildning.ANNAN_EFTERGYMNASIAL, 2), (Utbildning.SAKNAS, 13)]),
                    tid_offentlig_forsorjning=weighted(rng, [(c, w) for c, w in zip(
                        TidOffentligForsorjning.values, [25, 24, 14, 10, 22, 5], strict=True)]),
                    forsorjning_fore=weighted(rng, [(Forsorjning.FORSORJNINGSSTOD, 55), (Forsorjning.SJUKPENNING, 10),
                                                   (Forsorjning.ETABLERINGSERSATTNING, 12),
                                                   (Forsorjning.AKTIVITETSERSATTNING, 6),
                                                   (Forsorjning.SJUKERSATTNING, 4), (Forsorjning.INGEN, 5),
                                                   (Forsorjning.ANNAN, 5), (Forsorjning.OKAND, 3)]),
                    ansvarig=staff,
                )
                if ended:
                    to_rehab = not last
                    reason = Avslutsorsak.FORTSATT_REHAB if to_rehab else weighted(rng, [
                        (Avslutsorsak.ARBETSMARKNAD, 22), (Avslutsorsak.FORTSATT_REHAB, 55), (Avslutsorsak.OHALSA, 9),
                        (Avslutsorsak.FLYTT, 4), (Avslutsorsak.AVBROTT, 6), (Avslutsorsak.ANNAT, 3),
                        (Avslutsorsak.FELREGISTRERING, 1)])
                    if reason == Avslutsorsak.ARBETSMARKNAD:
                        occupation = weighted(rng, [(Sysselsattning.ARBETE, 4), (Sysselsattning.ARBETE_SUBV, 2),
                                                    (Sysselsattning.STUDIER, 3), (Sysselsattning.ARBETSSOKANDE, 11)])
                    else:
                        occupation = weighted(rng, [(Sysselsattning.REHAB, 50), (Sysselsattning.AF_PROGRAM, 15),
                                                    (Sysselsattning.INGEN, 25), (Sysselsattning.OKAND, 10)])
                    participation.slutdatum = end
                    participation.avslutsorsak = reason
                    participation.sysselsattning_efter = occupation
                    participation.forsorjning_efter = (
                        Forsorjning.LON if occupation in (Sysselsattning.ARBETE, Sysselsattning.ARBETE_SUBV)
                        else Forsorjning.STUDIEMEDEL if occupation == Sysselsattning.STUDIER
                        else weighted(rng, [(Forsorjning.FORSORJNINGSSTOD, 60), (Forsorjning.SJUKPENNING, 10),
                                            (Forsorjning.AKTIVITETSSTOD, 15), (Forsorjning.SJUKERSATTNING, 4),
                                            (Forsorjning.ANNAN, 11)])
                    )
                # Every random draw above happens on every run, so a second run meets the same spells.
                if not Participation.objects.filter(
                    participant=participant, intervention=intervention, startdatum=start
                ).exists():
                    participation.full_clean()
                    participation.save()
                    created += 1
                if not ended:
                    break
                start = end + datetime.timedelta(days=rng.choice([1, 14, 30, 45, 75, 120, 200]))
        return created

    def create_anonymous_and_volume(self, interventions) -> None:
        rng = random.Random(4711)
        for index in range(24):
            start = D(2014, 1, 1) + datetime.timedelta(days=rng.randrange(0, 1000))
            AnonymousRegistration.objects.get_or_create(
                extern_id=f"DEMO-ACT-{index + 1:03d}",
                defaults=dict(
                    intervention=interventions["ACT"],
                    kon=rng.choice(["K", "K", "K", "M"]),
                    startdatum=start,
                    slutdatum=start + datetime.timedelta(days=rng.randint(60, 400)) if rng.random() < 0.5 else None,
                    antal=rng.choice([1, 1, 1, 2, 3]),
                ),
            )
        for code, count in (("UTSIKT", 14), ("REKO", 10)):
            for index in range(count):
                total = rng.randint(10, 90)
                split = rng.random() < 0.4
                women = rng.randint(0, total) if split else None
                VolumeRegistration.objects.get_or_create(
                    extern_id=f"DEMO-{code}-{index + 1:03d}",
                    defaults=dict(
                        intervention=interventions[code],
                        datum=max(interventions[code].startdatum, D(2014, 1, 15))
                        + datetime.timedelta(days=rng.randrange(0, 700)),
                        antal=total,
                        antal_kvinnor=women,
                        antal_man=(total - women) if split else None,
                        beskrivning=rng.choice(["Frukostföreläsning", "Gemensam kompetensutveckling",
                                                "Seminarium om samverkan", "Informationsträff"]),
                    ),
                )
