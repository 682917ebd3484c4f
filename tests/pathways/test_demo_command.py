import pytest
from django.core.management import CommandError, call_command

from pathways.models import CostOutcome, EffectRecord, FinancingPlan, Measurement, NeedEstimate


def test_demo_figures_are_added_once_and_marked_as_demo(db, role_groups):
    call_command("seed_demo", password="finsam-demo", people=15, stdout=None)
    call_command("seed_pathways_demo")
    counts = (CostOutcome.objects.count(), EffectRecord.objects.count(), FinancingPlan.objects.count(),
              Measurement.objects.count(), NeedEstimate.objects.count())
    call_command("seed_pathways_demo")
    assert (CostOutcome.objects.count(), EffectRecord.objects.count(), FinancingPlan.objects.count(),
            Measurement.objects.count(), NeedEstimate.objects.count()) == counts
    assert FinancingPlan.objects.filter(intervention__code="REKO").count() == 3
    assert all(e.evidence.startswith("DEMO") for e in EffectRecord.objects.all())
    assert NeedEstimate.objects.get(year=2017).people_in_need == 11000


def test_demo_needs_the_demo_interventions(db):
    with pytest.raises(CommandError, match="seed_demo"):
        call_command("seed_pathways_demo")
