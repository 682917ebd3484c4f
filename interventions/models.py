from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q

from finsam.spans import SpanQuerySet, overlaps
from finsam.validators import PLAIN
from participants.codes import Inriktning, Registreringssatt


class Organisation(models.Model):
    """A party (part) or huvudman: FK, AF, KOMMUN, REGION or another organisation."""

    code = models.CharField(
        "kod",
        max_length=32,
        unique=True,
        validators=[RegexValidator(r"^[A-Z0-9_-]+$", "Koden får bara innehålla A–Z, 0–9, _ och -.")],
    )
    name = models.CharField("namn", max_length=200, validators=PLAIN)

    class Meta:
        ordering = ["code"]
        verbose_name = "organisation"
        verbose_name_plural = "organisationer"

    def __str__(self) -> str:
        return self.name


class InterventionQuerySet(SpanQuerySet):
    def allowing(self, mode: str) -> InterventionQuerySet:
        return self.filter(**{Intervention.MODE_FIELDS[mode]: True})


class Intervention(models.Model):
    """An insats financed by the association."""

    MODE_FIELDS = {
        Registreringssatt.PERSON: "allows_person",
        Registreringssatt.ANONYM: "allows_anonymous",
        Registreringssatt.VOLYM: "allows_volume",
    }

    code = models.CharField(
        "kod",
        max_length=32,
        unique=True,
        validators=[RegexValidator(r"^[A-Z0-9_-]+$", "Koden får bara innehålla A–Z, 0–9, _ och -.")],
        help_text="Stabil kod, t.ex. PTSD. Används i filer och rapporter.",
    )
    name = models.CharField("namn", max_length=200, validators=PLAIN)
    inriktning = models.CharField("inriktning", max_length=16, choices=Inriktning.choices, default=Inriktning.INDIVID)
    allows_person = models.BooleanField("registrering med personuppgifter", default=True)
    allows_anonymous = models.BooleanField("anonym registrering", default=False)
    allows_volume = models.BooleanField("volymregistrering", default=False)
    huvudman = models.ForeignKey(
        Organisation, verbose_name="huvudman", null=True, blank=True, on_delete=models.PROTECT
    )
    malgrupp = models.TextField("målgrupp", blank=True, validators=PLAIN)
    effektmal = models.TextField("effektmål", blank=True, validators=PLAIN)
    mal_andel_arbete_studier = models.PositiveSmallIntegerField(
        "mål: andel till arbete eller studier (%)",
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    startdatum = models.DateField("startdatum")
    slutdatum = models.DateField("slutdatum", null=True, blank=True)
    arsplatser = models.PositiveIntegerField("årsplatser", null=True, blank=True)
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Assignment", verbose_name="personal", related_name="interventions",
        blank=True,
    )

    objects = InterventionQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "insats"
        verbose_name_plural = "insatser"
        constraints = [
            models.CheckConstraint(
                condition=Q(slutdatum__isnull=True) | Q(slutdatum__gte=models.F("startdatum")),
                name="intervention_end_after_start",
            ),
            models.CheckConstraint(
                condition=Q(mal_andel_arbete_studier__isnull=True)
                | Q(mal_andel_arbete_studier__gte=0, mal_andel_arbete_studier__lte=100),
                name="intervention_goal_share_0_100",
            ),
            models.CheckConstraint(
                condition=Q(allows_person=True) | Q(allows_anonymous=True) | Q(allows_volume=True),
                name="intervention_has_a_registration_mode",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = {}
        if self.slutdatum and self.startdatum and self.slutdatum < self.startdatum:
            errors["slutdatum"] = "Slutdatum får inte vara före startdatum."
        if not (self.allows_person or self.allows_anonymous or self.allows_volume):
            errors["allows_person"] = "Välj minst ett registreringssätt."
        if errors:
            raise ValidationError(errors)

    @property
    def registration_modes(self) -> list[str]:
        """Allowed modes in contract order PERSON, ANONYM, VOLYM."""
        return [mode for mode, field in self.MODE_FIELDS.items() if getattr(self, field)]

    def allows(self, mode: str) -> bool:
        return bool(getattr(self, self.MODE_FIELDS[mode]))

    def covers(self, day: datetime.date) -> bool:
        """True when `day` lies within the intervention's dates."""
        return self.runs_during(day, day)

    def runs_during(self, date_from: datetime.date, date_to: datetime.date) -> bool:
        return overlaps(self.startdatum, self.slutdatum, date_from, date_to)

    def budget_for(self, year: int) -> int | None:
        budget = self.budgets.filter(year=year).first()
        return budget.amount if budget else None


class InterventionBudget(models.Model):
    intervention = models.ForeignKey(Intervention, related_name="budgets", on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField("år", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    amount = models.PositiveBigIntegerField("budget (kr)")

    class Meta:
        ordering = ["intervention", "year"]
        verbose_name = "budget"
        verbose_name_plural = "budget per år"
        constraints = [models.UniqueConstraint(fields=["intervention", "year"], name="one_budget_per_year")]

    def __str__(self) -> str:
        return f"{self.intervention} {self.year}: {self.amount} kr"


class Assignment(models.Model):
    """A staff member's role in one intervention."""

    class Role(models.TextChoices):
        DELTAGARANSVARIG = "deltagaransvarig", "Deltagaransvarig"
        INSATSANSVARIG = "insatsansvarig", "Insatsansvarig"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="användare", related_name="assignments", on_delete=models.CASCADE
    )
    intervention = models.ForeignKey(
        Intervention, verbose_name="insats", related_name="assignments", on_delete=models.CASCADE
    )
    role = models.CharField("roll", max_length=20, choices=Role.choices, default=Role.DELTAGARANSVARIG)

    class Meta:
        ordering = ["intervention", "user"]
        verbose_name = "personaltilldelning"
        verbose_name_plural = "personaltilldelningar"
        constraints = [models.UniqueConstraint(fields=["user", "intervention"], name="one_assignment_per_user")]

    def __str__(self) -> str:
        return f"{self.user} – {self.intervention} ({self.get_role_display()})"
