"""The förbund's own economy per year, entered by kansli: what Försäkringskassan's Uppföljning
Finsam asks for and the registry cannot compute (tilldelade medel, eget kapital,
administrativa kostnader). The participant figures and the interventions' budgets are not here:
they come from the registry (`national_followup.figures`)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from finsam.validators import PLAIN

# Ten billion kronor: far above any förbund's year, so a typo (an extra 000) is caught.
MAX_AMOUNT = 10_000_000_000
AMOUNT = [MaxValueValidator(MAX_AMOUNT, "Beloppet är orimligt stort: ange hela kronor (högst 10 miljarder).")]


class AssociationYear(models.Model):
    year = models.PositiveSmallIntegerField("år", unique=True,
                                            validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    allocated_funds = models.PositiveBigIntegerField(
        "tilldelade medel (kr)", validators=AMOUNT,
        help_text="Medel som parterna (staten, regionen och kommunen) tilldelat förbundet för året, i hela kronor.",
    )
    equity = models.BigIntegerField(
        "eget kapital (kr)", validators=[MinValueValidator(-MAX_AMOUNT), *AMOUNT],
        help_text="Vid årets slut, i hela kronor (negativt om förbundet har underskott).",
    )
    administrative_costs = models.PositiveBigIntegerField(
        "administrativa kostnader (kr)", validators=AMOUNT,
        help_text="Förbundets egna kostnader för kansli och styrelse, inte insatserna, i hela kronor.",
    )
    comment = models.TextField("kommentar", blank=True, validators=PLAIN)
    updated_at = models.DateTimeField("ändrad", auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = "förbundets ekonomi för ett år"
        verbose_name_plural = "förbundets ekonomi per år"
        constraints = [
            models.CheckConstraint(condition=models.Q(year__gte=2000, year__lte=2100),
                                   name="association_year_2000_2100"),
        ]

    def __str__(self) -> str:
        return f"Förbundets ekonomi {self.year}"

    def clean(self):
        if self.administrative_costs is None or self.allocated_funds is None or self.equity is None:
            return
        if self.administrative_costs > self.allocated_funds + max(self.equity, 0):
            raise ValidationError({"administrative_costs": (
                "De administrativa kostnaderna kan inte vara större än tilldelade medel och eget kapital "
                "tillsammans: kontrollera beloppen.")})
