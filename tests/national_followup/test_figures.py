"""Each participant figure of the Uppföljning Finsam underlag, worked out by hand from
constructed data: who counts in a year, by kön, individinriktade against strukturövergripande."""

import datetime

import pytest

from interventions.models import InterventionBudget
from national_followup.figures import compute, tables
from national_followup.models import AssociationYear
from pathways.models import CostOutcome
from stats.tables import display
from tertials.models import TertialReport
from tests.factories import (
    AnonymousRegistrationFactory,
    InterventionFactory,
    ParticipantFactory,
    ParticipationFactory,
    VolumeRegistrationFactory,
)

D = datetime.date


@pytest.fixture
def registry(db):
    individ = InterventionFactory(code="IND", name="Individinsats", inriktning="INDIVID", allows_anonymous=True,
                                  allows_volume=True, arsplatser=40)
    other = InterventionFactory(code="IND2", name="Andra individinsatsen", inriktning="INDIVID")
    struktur = InterventionFactory(code="STR", name="Strukturinsats", inriktning="STRUKTUR", allows_volume=True)
    anna = ParticipantFactory(birth=D(1980, 1, 1), female=True)
    bo = ParticipantFactory(birth=D(1981, 2, 2), female=False)
    cilla = ParticipantFactory(birth=D(1982, 3, 3), female=True)
    # 2020: Anna in both individual interventions (counts in each), Bo started in December,
    # Cilla's spell began 2019 and runs on; not counted: one ended 2019, one starting 2021,
    # one registration error.
    ParticipationFactory(participant=anna, intervention=individ, startdatum=D(2020, 2, 1), slutdatum=D(2020, 5, 1))
    ParticipationFactory(participant=anna, intervention=other, startdatum=D(2020, 6, 1))
    ParticipationFactory(participant=bo, intervention=individ, startdatum=D(2020, 12, 31))
    ParticipationFactory(participant=cilla, intervention=individ, startdatum=D(2019, 6, 1))
    ParticipationFactory(participant=bo, intervention=other, startdatum=D(2019, 1, 1), slutdatum=D(2019, 12, 31))
    ParticipationFactory(participant=cilla, intervention=other, startdatum=D(2021, 1, 1))
    error = ParticipationFactory(participant=bo, intervention=other, startdatum=D(2020, 3, 1), slutdatum=D(2020, 3, 2))
    error.avslutsorsak = "FELREGISTRERING"
    error.save()
    # a person-registered spell in the structural intervention: it counts there
    ParticipationFactory(participant=bo, intervention=struktur, startdatum=D(2020, 4, 1))
    # anonymous: 3 women + 1 man in 2020 (one ended 2019 not counted)
    AnonymousRegistrationFactory(intervention=individ, kon="K", antal=3, startdatum=D(2020, 1, 10))
    AnonymousRegistrationFactory(intervention=individ, kon="M", antal=1, startdatum=D(2018, 1, 10))
    AnonymousRegistrationFactory(intervention=individ, kon="M", antal=5, startdatum=D(2018, 1, 10),
                                 slutdatum=D(2019, 12, 31))
    # volume: individual 10 (4 K, 5 M, 1 without kön) + 7 without kön; structural 20 (8 K, 12 M) + 30 without kön
    VolumeRegistrationFactory(intervention=individ, datum=D(2020, 3, 1), antal=10, antal_kvinnor=4, antal_man=5)
    VolumeRegistrationFactory(intervention=individ, datum=D(2020, 9, 1), antal=7)
    VolumeRegistrationFactory(intervention=individ, datum=D(2021, 1, 1), antal=99)
    VolumeRegistrationFactory(intervention=struktur, datum=D(2020, 5, 5), antal=20, antal_kvinnor=8, antal_man=12)
    VolumeRegistrationFactory(intervention=struktur, datum=D(2020, 12, 31), antal=30)
    return {"individ": individ, "other": other, "struktur": struktur}


def kon(counts):
    return counts.K, counts.M, counts.unknown, counts.total


def test_individual_participants_by_kon_and_registration(registry):
    figures = compute(2020)
    group = figures.individual
    # Anna ×2 (K), Bo (M), Cilla (K): spells, a person counted in each intervention
    assert kon(group.by_kind["person"]) == (3, 1, 0, 4)
    assert group.persons == 3
    assert kon(group.by_kind["anonymous"]) == (3, 1, 0, 4)
    assert kon(group.by_kind["volume"]) == (4, 5, 8, 17)
    assert kon(group.total) == (10, 7, 8, 25)


def test_structural_participants(registry):
    group = compute(2020).structural
    assert kon(group.by_kind["person"]) == (0, 1, 0, 1)
    assert kon(group.by_kind["anonymous"]) == (0, 0, 0, 0)
    assert kon(group.by_kind["volume"]) == (8, 12, 30, 50)
    assert kon(group.total) == (8, 13, 30, 51) and group.persons == 1


def test_per_intervention_budget_outcome_and_participants(registry):
    individ, other = registry["individ"], registry["other"]
    InterventionBudget.objects.create(intervention=individ, year=2020, amount=1_000_000)
    InterventionBudget.objects.create(intervention=individ, year=2019, amount=5)
    CostOutcome.objects.create(intervention=individ, year=2020, amount=950_000)
    TertialReport.objects.create(intervention=other, year=2020, tertial=1, outcome_sek=100)
    TertialReport.objects.create(intervention=other, year=2020, tertial=2, outcome_sek=250)
    rows = {row.intervention.code: row for row in compute(2020).interventions}
    assert (rows["IND"].budget, rows["IND"].outcome, rows["IND"].budgeted_participants) == (1_000_000, 950_000, 40)
    assert rows["IND"].participants.total == 3 + 4 + 17
    assert (rows["IND2"].budget, rows["IND2"].outcome) == (None, 250)
    assert "T2" in rows["IND2"].outcome_source
    assert rows["IND2"].participants.total == 1
    assert rows["STR"].participants.total == 51


def test_the_tables_follow_the_form_and_the_economy_is_as_entered(registry):
    AssociationYear.objects.create(year=2020, allocated_funds=12_000_000, equity=-300_000,
                                   administrative_costs=1_100_000)
    parts = tables(compute(2020))
    assert [t.key for t in parts] == ["individinriktade", "strukturovergripande", "insatser", "forbundet"]
    assert [display(c) for c in parts[0].footer[0][1:]] == ["10", "7", "8", "25"]
    assert display(parts[1].footer[0][4]) == "51"
    economy = {display(row[0]): row[1].value for row in parts[3].rows}
    assert economy == {"Tilldelade medel": 12_000_000, "Eget kapital": -300_000, "Administrativa kostnader": 1_100_000}


def test_an_empty_year_gives_zeros_and_says_the_economy_is_missing(db):
    parts = tables(compute(2020))
    assert [display(c) for c in parts[0].footer[0][1:]] == ["0", "0", "0", "0"]
    assert "Inte inlagt" in parts[3].note


def test_the_participant_counts_agree_with_the_sus_summary(registry):
    from reports.summary import sus_summary

    summary = sus_summary(D(2020, 1, 1), D(2020, 12, 31), ["IND", "IND2"])
    group = compute(2020).individual
    assert summary["counts"]["individual"] == {"K": 3, "M": 1, "total": 4} == {
        "K": group.by_kind["person"].K, "M": group.by_kind["person"].M, "total": group.by_kind["person"].total}
    assert summary["counts"]["anonymous"]["total"] == group.by_kind["anonymous"].total
    assert summary["counts"]["volume"]["total"] == group.by_kind["volume"].total
    assert summary["counts"]["persons"] == group.persons


def test_queries_do_not_grow_with_the_interventions(registry, django_assert_max_num_queries):
    with django_assert_max_num_queries(9):
        tables(compute(2020))
