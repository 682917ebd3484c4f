"""What the seed says FINSAM i Malmö lacks: step progress, effects, cost, need and implementation.
(The national share of young adults is one of the national reference figures, reports.models.)

Pathways, gaps and cycling need no tables of their own: they are computed from the
participations (see `pathways/analysis.py`).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q

from finsam.validators import PLAIN
from interventions.models import Intervention
from participants.models import Participation
from stats.tables import share

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]
PERCENT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]


class Instrument(models.Model):
    """A versioned questionnaire of scored items (a step-progress instrument)."""

    code = models.CharField(
        "kod", max_length=32, validators=[RegexValidator(r"^[A-Z0-9_-]+$", "Bara A–Z, 0–9, _ och -.")]
    )
    name = models.CharField("namn", max_length=200, validators=PLAIN)
    version = models.PositiveSmallIntegerField("version", default=1, validators=[MinValueValidator(1)])
    description = models.TextField("beskrivning", blank=True, validators=PLAIN)
    is_example = models.BooleanField(
        "exempel", default=False, help_text="Exempelinstrument för demonstration, inte ett validerat instrument."
    )
    active = models.BooleanField("används", default=True)

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = "mätinstrument"
        verbose_name_plural = "mätinstrument"
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="instrument_code_version")]

    def __str__(self) -> str:
        label = f"{self.name} (v{self.version})"
        return f"{label} – EXEMPEL" if self.is_example else label

    @property
    def max_total_change(self) -> int:
        return sum(item.max_score - item.min_score for item in self.items.all())


class InstrumentItem(models.Model):
    instrument = models.ForeignKey(Instrument, related_name="items", on_delete=models.CASCADE)
    order = models.PositiveSmallIntegerField("ordning")
    text = models.CharField("fråga", max_length=300, validators=PLAIN)
    min_score = models.SmallIntegerField("lägsta värde", default=1)
    max_score = models.SmallIntegerField("högsta värde", default=5)

    class Meta:
        ordering = ["instrument", "order"]
        verbose_name = "fråga"
        verbose_name_plural = "frågor"
        constraints = [
            models.UniqueConstraint(fields=["instrument", "order"], name="instrument_item_order"),
            models.CheckConstraint(condition=Q(max_score__gt=models.F("min_score")), name="item_scale_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.text}"

    def clean(self):
        if self.min_score is not None and self.max_score is not None and self.max_score <= self.min_score:
            raise ValidationError({"max_score": "Högsta värde måste vara större än lägsta värde."})


class Measurement(models.Model):
    class Kind(models.TextChoices):
        START = "START", "Vid start"
        FOLLOWUP = "FOLLOWUP", "Uppföljning"
        END = "END", "Vid avslut"

    participation = models.ForeignKey(
        Participation, verbose_name="insatsdeltagande", related_name="measurements", on_delete=models.CASCADE
    )
    instrument = models.ForeignKey(
        Instrument, verbose_name="instrument", related_name="measurements", on_delete=models.PROTECT
    )
    date = models.DateField("datum")
    kind = models.CharField("tillfälle", max_length=8, choices=Kind.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="registrerad av", null=True, blank=True, related_name="+",
        on_delete=models.SET_NULL,
    )
    created_at = models.DateTimeField("registrerad", auto_now_add=True)

    class Meta:
        ordering = ["participation", "date", "pk"]
        verbose_name = "mätning"
        verbose_name_plural = "mätningar"
        indexes = [models.Index(fields=["participation", "instrument", "date"], name="measurement_part_instr_date")]

    def __str__(self) -> str:
        return f"{self.instrument.code} {self.get_kind_display().lower()} {self.date}"

    def clean(self):
        errors = {}
        participation = self.participation if self.participation_id else None
        if participation is not None and self.date:
            if self.date < participation.startdatum:
                errors["date"] = f"Datum får inte vara före deltagandets startdatum ({participation.startdatum})."
            elif participation.slutdatum and self.date > participation.slutdatum:
                errors["date"] = f"Datum får inte vara efter deltagandets slutdatum ({participation.slutdatum})."
        if errors:
            raise ValidationError(errors)

    @property
    def total(self) -> int:
        return sum(score.score for score in self.scores.all())


class ItemScore(models.Model):
    measurement = models.ForeignKey(Measurement, related_name="scores", on_delete=models.CASCADE)
    item = models.ForeignKey(InstrumentItem, related_name="scores", on_delete=models.PROTECT)
    score = models.SmallIntegerField("värde")

    class Meta:
        verbose_name = "svar"
        verbose_name_plural = "svar"
        constraints = [models.UniqueConstraint(fields=["measurement", "item"], name="one_score_per_item")]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.score}"

    def clean(self):
        if self.item_id and self.score is not None:
            item = self.item
            if not item.min_score <= self.score <= item.max_score:
                raise ValidationError(
                    {"score": f"”{item.text}”: värdet måste vara {item.min_score}–{item.max_score}."}
                )
            if self.measurement_id and item.instrument_id != self.measurement.instrument_id:
                raise ValidationError({"item": "Frågan hör inte till mätningens instrument."})


class CostOutcome(models.Model):
    """The actual cost (utfall) of an intervention in a year, entered by kansli."""

    intervention = models.ForeignKey(
        Intervention, verbose_name="insats", related_name="cost_outcomes", on_delete=models.CASCADE
    )
    year = models.PositiveSmallIntegerField("år", validators=YEAR_VALIDATORS)
    amount = models.PositiveBigIntegerField("utfall (kr)")
    comment = models.TextField("kommentar", blank=True, validators=PLAIN)

    class Meta:
        ordering = ["intervention", "year"]
        verbose_name = "kostnadsutfall"
        verbose_name_plural = "kostnadsutfall per år"
        constraints = [models.UniqueConstraint(fields=["intervention", "year"], name="one_cost_outcome_per_year")]

    def __str__(self) -> str:
        return f"{self.intervention} {self.year}: {self.amount} kr"


class EffectRecord(models.Model):
    """An effect of an intervention on one of Ingvar Nilsson's three levels, with evidence."""

    class Level(models.IntegerChoices):
        DIRECT = 1, "Första graden – direkta effekter för deltagarna"
        IMPLEMENTED = 2, "Andra graden – metoder införda i parternas ordinarie verksamhet"
        SYSTEM = 3, "Tredje graden – systemfelssignaler och systemeffekter"

    intervention = models.ForeignKey(
        Intervention, verbose_name="insats", related_name="effect_records", on_delete=models.CASCADE
    )
    level = models.PositiveSmallIntegerField("effektnivå", choices=Level.choices)
    year = models.PositiveSmallIntegerField("år", validators=YEAR_VALIDATORS)
    title = models.CharField("effekt", max_length=200, validators=PLAIN)
    evidence = models.TextField(
        "underlag", validators=PLAIN, help_text="Vad visar att effekten finns (rapport, beslut, siffror)?"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="registrerad av", null=True, blank=True, related_name="+",
        on_delete=models.SET_NULL,
    )
    recorded_at = models.DateTimeField("registrerad", auto_now_add=True)

    class Meta:
        ordering = ["level", "intervention", "-year"]
        verbose_name = "effekt"
        verbose_name_plural = "effekter (tre nivåer)"

    def __str__(self) -> str:
        return f"{self.intervention.code} nivå {self.level}: {self.title}"


class NeedEstimate(models.Model):
    """Kansli's estimate of Malmö residents in need of coordinated rehabilitation (seed: 5 % rule)."""

    year = models.PositiveSmallIntegerField("år", unique=True, validators=YEAR_VALIDATORS)
    people_in_need = models.PositiveIntegerField("personer i behov")
    method = models.TextField("beräkning", blank=True, validators=PLAIN)

    class Meta:
        ordering = ["year"]
        verbose_name = "behovsuppskattning"
        verbose_name_plural = "behovsuppskattningar"

    def __str__(self) -> str:
        return f"{self.year}: {self.people_in_need}"


class FinancingPlan(models.Model):
    """Step-down financing (e.g. REKO): planned shares and actual amounts per year."""

    class Status(models.TextChoices):
        PLANERAD = "PLANERAD", "Planerad"
        PAGAR = "PAGAR", "Implementering pågår"
        DELVIS = "DELVIS", "Delvis i ordinarie verksamhet"
        IMPLEMENTERAD = "IMPLEMENTERAD", "I ordinarie verksamhet"
        AVBRUTEN = "AVBRUTEN", "Avbruten / inte implementerad"

    intervention = models.ForeignKey(
        Intervention, verbose_name="insats", related_name="financing_plans", on_delete=models.CASCADE
    )
    year = models.PositiveSmallIntegerField("år", validators=YEAR_VALIDATORS)
    planned_association_share = models.PositiveSmallIntegerField(
        "planerad andel förbundet (%)", validators=PERCENT_VALIDATORS
    )
    planned_line_share = models.PositiveSmallIntegerField(
        "planerad andel linjeorganisationerna (%)", validators=PERCENT_VALIDATORS
    )
    actual_association_amount = models.PositiveBigIntegerField("utfall förbundet (kr)", null=True, blank=True)
    actual_line_amount = models.PositiveBigIntegerField("utfall linjeorganisationerna (kr)", null=True, blank=True)
    status = models.CharField("status", max_length=16, choices=Status.choices, default=Status.PLANERAD)
    status_text = models.TextField("kommentar om implementeringen", blank=True, validators=PLAIN)

    class Meta:
        ordering = ["intervention", "year"]
        verbose_name = "finansieringsplan"
        verbose_name_plural = "finansieringsplaner (nedtrappning)"
        constraints = [
            models.UniqueConstraint(fields=["intervention", "year"], name="one_financing_plan_per_year"),
            models.CheckConstraint(
                condition=Q(planned_association_share__lte=100 - models.F("planned_line_share")),
                name="financing_shares_at_most_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.intervention} {self.year}"

    def clean(self):
        if (
            self.planned_association_share is not None
            and self.planned_line_share is not None
            and self.planned_association_share + self.planned_line_share > 100
        ):
            raise ValidationError({"planned_line_share": "Andelarna får tillsammans inte överstiga 100 %."})

    @property
    def actual_association_share(self) -> float | None:
        """The association's actual share of the total outcome, in percent (one decimal)."""
        if self.actual_association_amount is None or self.actual_line_amount is None:
            return None
        return share(self.actual_association_amount, self.actual_association_amount + self.actual_line_amount)
