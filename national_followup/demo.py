"""Demo economy of the förbund for seed_demo: the years that have ended, so that the Uppföljning
Finsam page has every part filled in for last year. A second run the same day changes nothing."""

from __future__ import annotations

import datetime

from django.db.models import Sum

from interventions.models import InterventionBudget

from .models import AssociationYear

YEARS_BACK = 4


def seed_association_years(*, today: datetime.date) -> None:
    budgets = dict(InterventionBudget.objects.filter(year__gte=today.year - YEARS_BACK, year__lt=today.year)
                   .values("year").annotate(total=Sum("amount")).values_list("year", "total"))
    for year, total in budgets.items():
        # The parties' money a little above the interventions' budgets; the rest is the office.
        values = dict(allocated_funds=round(total * 1.12, -3), equity=round(total * 0.09, -3),
                      administrative_costs=round(total * 0.08, -3), comment="DEMO")
        item = AssociationYear.objects.filter(year=year).first()
        if item is None or any(getattr(item, name) != value for name, value in values.items()):
            item = item or AssociationYear(year=year)
            for name, value in values.items():
                setattr(item, name, value)
            item.full_clean()
            item.save()
