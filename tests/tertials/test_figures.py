"""The report's figures: the reports service's summary for the tertial and the year to date,
frozen when submitted."""

import datetime

import pytest

from reports.summary import sus_summary
from tertials import services
from tertials.figures import by_kon, report_figures
from tertials.periods import tertial_deadline, tertial_of, tertial_period
from tests.factories import ParticipantFactory, ParticipationFactory

from .conftest import make_report


def ended(participation, day, *, occupation="ARBETE"):
    participation.end(slutdatum=day, avslutsorsak="ARBETSMARKNAD", sysselsattning_efter=occupation,
                      forsorjning_efter="LON")
    participation.save()
    return participation


@pytest.fixture
def registry(intervention, other_intervention):
    intervention.arsplatser = 20
    intervention.mal_andel_arbete_studier = 40
    intervention.save()
    made = [
        ParticipationFactory(intervention=intervention, startdatum=datetime.date(2014, 11, 3),
                             participant=ParticipantFactory(female=True)),
        ParticipationFactory(intervention=intervention, startdatum=datetime.date(2015, 2, 1),
                             participant=ParticipantFactory(female=False)),
        ParticipationFactory(intervention=intervention, startdatum=datetime.date(2015, 6, 10),
                             participant=ParticipantFactory(female=True)),
        ParticipationFactory(intervention=intervention, startdatum=datetime.date(2015, 9, 1),
                             participant=ParticipantFactory(female=False)),
        # Someone else's intervention never counts here.
        ParticipationFactory(intervention=other_intervention, startdatum=datetime.date(2015, 6, 1)),
    ]
    ended(made[0], datetime.date(2015, 3, 31))
    ended(made[1], datetime.date(2015, 7, 15), occupation="STUDIER")
    return made


def test_tertials_cover_the_year():
    assert tertial_period(2015, 1) == (datetime.date(2015, 1, 1), datetime.date(2015, 4, 30))
    assert tertial_period(2016, 2) == (datetime.date(2016, 5, 1), datetime.date(2016, 8, 31))
    assert tertial_period(2015, 3) == (datetime.date(2015, 9, 1), datetime.date(2015, 12, 31))
    assert [tertial_of(datetime.date(2015, month, 1)) for month in (1, 4, 5, 8, 9, 12)] == [1, 1, 2, 2, 3, 3]


def test_deadline_is_configurable(settings):
    assert tertial_deadline(2015, 1) == datetime.date(2015, 5, 15)
    assert tertial_deadline(2015, 3) == datetime.date(2016, 1, 15)
    settings.FINSAM_TERTIAL_DEADLINE_DAYS = 30
    assert tertial_deadline(2015, 2) == datetime.date(2015, 9, 30)


@pytest.mark.django_db
def test_figures_equal_the_reports_service_for_the_tertial_and_the_year_to_date(registry, intervention):
    figures = report_figures(intervention, 2015, 2)
    assert figures["tertial"]["sus"] == sus_summary(datetime.date(2015, 5, 1), datetime.date(2015, 8, 31),
                                                    ["AKTIVITETSCENTER"])
    assert figures["year_to_date"]["sus"] == sus_summary(datetime.date(2015, 1, 1), datetime.date(2015, 8, 31),
                                                         ["AKTIVITETSCENTER"])
    assert figures["tertial"]["outcome"] == figures["tertial"]["sus"]["outcome"]
    per_intervention = figures["tertial"]["sus"]["per_intervention"][0]
    assert figures["tertial"]["by_kon"]["active"] == per_intervention["active"]
    assert figures["tertial"]["by_kon"]["started"]["total"] == per_intervention["started"]
    assert figures["tertial"]["by_kon"]["ended"]["total"] == per_intervention["ended"]


@pytest.mark.django_db
def test_figures_by_kon_against_arsplatser_and_goal(registry, intervention):
    figures = report_figures(intervention, 2015, 2)
    tertial, year = figures["tertial"], figures["year_to_date"]
    assert tertial["by_kon"]["active"] == {"K": 1, "M": 1, "total": 2}  # 2015-02 M and 2015-06 K
    assert tertial["by_kon"]["started"] == {"K": 1, "M": 0, "total": 1}
    assert tertial["by_kon"]["ended"] == {"K": 0, "M": 1, "total": 1}
    assert year["by_kon"]["active"] == {"K": 2, "M": 1, "total": 3}
    assert year["by_kon"]["ended"] == {"K": 1, "M": 1, "total": 2}
    assert year["outcome"]["work_or_studies"]["total"] == 2
    assert year["share_work_or_studies"] == 100.0 and year["goal_share"] == 40 and year["goal_met"] is True
    assert year["arsplatser"] == 20 and year["active_share_of_arsplatser"] == 15.0
    assert figures["intervention"] == {"code": "AKTIVITETSCENTER", "name": "Aktivitetscenter"}


@pytest.mark.django_db
def test_registration_errors_count_nowhere(intervention):
    spell = ParticipationFactory(intervention=intervention, startdatum=datetime.date(2015, 2, 1))
    spell.end(slutdatum=datetime.date(2015, 2, 2), avslutsorsak="FELREGISTRERING", sysselsattning_efter="OKAND",
              forsorjning_efter="OKAND")
    spell.save()
    assert by_kon(intervention, datetime.date(2015, 1, 1), datetime.date(2015, 4, 30))["active"]["total"] == 0


@pytest.mark.django_db
def test_the_snapshot_does_not_change_after_a_participation_is_corrected(people, registry, intervention):
    report = make_report(intervention, tertial=2)
    services.submit(report, user=people["insatsansvarig"])
    frozen = report.figures()
    assert frozen["tertial"]["by_kon"]["started"]["total"] == 1

    # A correction in the registry: the June start was really in April, a new spell in July.
    correction = registry[2]
    correction.startdatum = correction.samtycke_datum = datetime.date(2015, 4, 20)
    correction.full_clean()
    correction.save()
    ParticipationFactory(intervention=intervention, startdatum=datetime.date(2015, 7, 1))

    report.refresh_from_db()
    assert report.figures() == frozen
    live = report_figures(intervention, 2015, 2)
    assert live["tertial"]["by_kon"]["started"]["total"] == 1  # one moved out, one came in
    assert live["year_to_date"]["by_kon"]["started"]["total"] != frozen["year_to_date"]["by_kon"]["started"]["total"]

    # Approved: still frozen. Returned: the figures follow the registry again.
    services.approve(report, user=people["kansli"])
    assert report.figures() == frozen
    services.reopen(report, user=people["kansli"], reason="Rättade startdatum.")
    assert report.figures() == live


@pytest.mark.django_db
def test_budget_and_difference(people, intervention, budget):
    report = make_report(intervention)
    assert report.budget == 5_000_000
    assert report.budget_difference == 5_000_000 - 1_200_000
    report.outcome_sek = None
    assert report.budget_difference is None
    assert make_report(intervention, year=2016).budget is None
