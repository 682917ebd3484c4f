"""Demo figures for the pathways pages, on top of `seed_demo`: cost outcomes, effects on the three
levels, REKO's step-down financing plan, need estimates and example step measurements.
Everything is marked as demo/EXEMPEL. Running it twice does not duplicate anything."""

import datetime
import random

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from interventions.models import Intervention, InterventionBudget
from participants.models import Participation
from pathways.models import CostOutcome, EffectRecord, FinancingPlan, Instrument, Measurement, NeedEstimate
from pathways.services import record_measurement

# Years count back from the year the demo is seeded (0: this year), like seed_demo's dates.
EFFECTS = [
    ("PTSD", 1, 2, "Fler deltagare till arbete eller studier",
     "DEMO: tertialrapport T3 – andelen till arbete/studier ökade jämfört med året innan."),
    ("AKTIVITETSCENTER", 1, 1, "Struktur i vardagen och arbetsförmågebedömning",
     "DEMO: deltagarnas självskattning (exempelinstrumentet) visar stegförflyttning för flertalet."),
    ("UTSIKT", 2, 1, "Gemensamma ärendedragningar IOF–Försäkringskassan i ordinarie verksamhet",
     "DEMO: rutinbeslut i socialnämnden och Försäkringskassans lokala samverkansplan."),
    ("AKTIVITETSCENTER", 3, 1, "Glapp efter aktivitetscenter signalerat till parterna",
     "DEMO: behovsanalysen under hösten – ”mer regel än undantag att det blir glapp efter insatserna”."),
]
REKO_PLAN = [
    (1, 75, 25, 1_350_000, 450_000, FinancingPlan.Status.PAGAR, "DEMO: rehabkoordinatorer på fyra vårdcentraler."),
    (0, 50, 50, 900_000, 950_000, FinancingPlan.Status.DELVIS, "DEMO: regionen finansierar hälften."),
    (-1, 0, 100, None, None, FinancingPlan.Status.PLANERAD, "DEMO: helt i ordinarie verksamhet enligt plan."),
]


class Command(BaseCommand):
    help = "Fyll i demo-uppgifter för Vägar och glapp (kör efter seed_demo)."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Räkna år från detta datum (ÅÅÅÅ-MM-DD), som seed_demo --today.")

    def handle(self, *args, today=None, **options):
        try:
            year = (datetime.date.fromisoformat(today) if today else timezone.localdate()).year
        except ValueError:
            raise CommandError(f"Ogiltigt datum för --today: {today!r} (använd ÅÅÅÅ-MM-DD).")
        interventions = {i.code: i for i in Intervention.objects.all()}
        if "AKTIVITETSCENTER" not in interventions:
            raise CommandError("Kör seed_demo först: demoinsatserna saknas.")
        rng = random.Random(2017)
        with transaction.atomic():
            for budget in InterventionBudget.objects.filter(year__lt=year):
                CostOutcome.objects.get_or_create(
                    intervention=budget.intervention, year=budget.year,
                    defaults={"amount": int(budget.amount * rng.uniform(0.88, 1.06)), "comment": "DEMO"},
                )
            for code, level, back, title, evidence in EFFECTS:
                if code in interventions:
                    EffectRecord.objects.update_or_create(
                        intervention=interventions[code], level=level, title=title,
                        defaults={"year": year - back, "evidence": evidence},
                    )
            if "REKO" in interventions:
                for back, own, line, own_amount, line_amount, status, text in REKO_PLAN:
                    FinancingPlan.objects.get_or_create(
                        intervention=interventions["REKO"], year=year - back,
                        defaults={"planned_association_share": own, "planned_line_share": line,
                                  "actual_association_amount": own_amount, "actual_line_amount": line_amount,
                                  "status": status, "status_text": text},
                    )
            for back, people in ((1, 10_600), (0, 10_800)):
                NeedEstimate.objects.get_or_create(
                    year=year - back,
                    defaults={"people_in_need": people, "method": "DEMO: 5 % av befolkningen 20–64 år."},
                )
            created = self.measurements(rng)
        self.stdout.write(f"Demo för Vägar och glapp klar ({created} nya exempelmätningar).")

    def measurements(self, rng) -> int:
        instrument = Instrument.objects.filter(code="EXEMPEL_STEG").order_by("-version").first()
        if instrument is None or Measurement.objects.filter(instrument=instrument).exists():
            return 0
        items = list(instrument.items.all())
        created = 0
        spells = Participation.objects.countable().filter(slutdatum__isnull=False).order_by("pk")
        for spell in spells:
            if rng.random() > 0.6:
                continue
            start = [rng.randint(1, 3) for _ in items]
            gain = rng.choice([-1, 0, 0, 1, 1, 2, 2, 3, 4])
            end = list(start)
            for _ in range(abs(gain)):
                i = rng.randrange(len(items))
                end[i] = max(1, min(5, end[i] + (1 if gain > 0 else -1)))
            for date, kind, values in ((spell.startdatum, "START", start), (spell.slutdatum, "END", end)):
                record_measurement(participation=spell, instrument=instrument, date=date, kind=kind,
                                   scores={item.pk: v for item, v in zip(items, values, strict=True)})
            created += 2
        return created
