"""The summary's populations and figures on a hand-built dataset where every number is known."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participants.models import Participation, completed_months
from reports.summary import completed_months_expression, sus_summary
from stats.tables import share
from tests.factories import AnonymousRegistrationFactory, ParticipantFactory, VolumeRegistrationFactory

from .conftest import YEAR_2015, D, spell

pytestmark = pytest.mark.django_db


@pytest.fixture
def dataset(aktivitetscenter, ptsd):
    a, p = aktivitetscenter, ptsd
    made = {}
    # Starts on the period's last day: active and started, not ended.
    made["last_day"] = spell(a, D(2015, 12, 31), female=True, utbildning="GRUNDSKOLA",
                             tid_offentlig_forsorjning="MER_AN_9", forsorjning_fore="SJUKPENNING")
    # Ends on the period's first day: active and ended, not started (2014-06-01 → 2015-01-01: 7 months).
    made["first_day"] = spell(a, D(2014, 6, 1), D(2015, 1, 1), female=False, utbildning="HOGSKOLA",
                              sysselsattning_efter="ARBETE", forsorjning_efter="LON", avslutsorsak="ARBETSMARKNAD")
    # Ended before the period: counts nowhere.
    spell(a, D(2014, 1, 1), D(2014, 12, 31), female=False)
    # A registration error inside the period: counts nowhere.
    spell(a, D(2015, 3, 1), D(2015, 3, 2), female=True, avslutsorsak="FELREGISTRERING")
    # Birthday on the start date: 30 years (30–44); the day before would be 29.
    made["birthday"] = spell(a, D(2015, 3, 10), birth=D(1985, 3, 10), female=True)
    made["day_before"] = spell(a, D(2015, 3, 10), birth=D(1985, 3, 11), female=False)
    # Month-end: 2015-01-31 → 2015-04-30 is 2 months (under 3); → 2015-05-01 is 3 months (3–6).
    made["two_months"] = spell(a, D(2015, 1, 31), D(2015, 4, 30), female=True, sysselsattning_efter="STUDIER",
                               avslutsorsak="ARBETSMARKNAD", forsorjning_efter="STUDIEMEDEL")
    made["three_months"] = spell(a, D(2015, 1, 31), D(2015, 5, 1), female=False,
                                 sysselsattning_efter="ARBETE_SUBV", avslutsorsak="ARBETSMARKNAD",
                                 forsorjning_efter="LON")
    # One person in two interventions: two participations, one person.
    person = ParticipantFactory(birth=D(1990, 1, 1), female=True)
    made["twice_a"] = spell(a, D(2015, 6, 1), participant=person)
    made["twice_p"] = spell(p, D(2015, 6, 1), D(2015, 12, 31), participant=person)
    # Anonymous: antal 3 women active, 2 men ended before the period.
    AnonymousRegistrationFactory(intervention=a, kon="K", antal=3, startdatum=D(2015, 2, 1))
    AnonymousRegistrationFactory(intervention=a, kon="M", antal=2, startdatum=D(2014, 2, 1),
                                 slutdatum=D(2014, 12, 31))
    # Volume: with and without K/M; one outside the period.
    VolumeRegistrationFactory(intervention=a, datum=D(2015, 4, 1), antal=10, antal_kvinnor=4, antal_man=5)
    VolumeRegistrationFactory(intervention=a, datum=D(2015, 12, 31), antal=7)
    VolumeRegistrationFactory(intervention=a, datum=D(2016, 1, 1), antal=100, antal_kvinnor=50, antal_man=50)
    return made


def row(data, key, code):
    return next(item for item in data[key]["rows"] if item["code"] == code)


def test_it_counts_active_participations_by_kon_and_distinct_persons(dataset):
    data = sus_summary(*YEAR_2015)
    # Active: last_day K, first_day M, birthday K, day_before M, two_months K, three_months M, twice ×2 K.
    assert data["counts"]["individual"] == {"K": 5, "M": 3, "total": 8}
    assert data["counts"]["persons"] == 7


def test_it_sums_anonymous_antal_of_active_registrations_only(dataset):
    assert sus_summary(*YEAR_2015)["counts"]["anonymous"] == {"K": 3, "M": 0, "total": 3}


def test_it_sums_volume_dated_in_the_period_with_and_without_kon(dataset):
    data = sus_summary(*YEAR_2015)
    assert data["counts"]["volume"] == {"total": 17, "K": 4, "M": 5}
    assert data["counts"]["all"] == 8 + 3 + 17


def test_it_counts_started_from_the_first_to_the_last_day(dataset):
    data = sus_summary(*YEAR_2015)
    # All active but first_day started in 2015.
    assert data["time_in_support"]["total"] == {"K": 5, "M": 2, "total": 7}
    assert row(data, "time_in_support", "MER_AN_9") == {
        "code": "MER_AN_9", "label": "Mer än 9 år", "K": 1, "M": 0, "total": 1}
    assert row(data, "support_before", "SJUKPENNING")["total"] == 1


def test_it_counts_ended_from_the_first_to_the_last_day_without_registration_errors(dataset):
    data = sus_summary(*YEAR_2015)
    # first_day, two_months, three_months, twice_p.
    assert data["outcome"]["ended"] == {"K": 2, "M": 2, "total": 4}
    assert [item["code"] for item in data["end_reason"]["rows"]] == [
        "ARBETSMARKNAD", "FORTSATT_REHAB", "OHALSA", "FLYTT", "AVBROTT", "ANNAT"]
    assert row(data, "end_reason", "ARBETSMARKNAD") | {} == {
        "code": "ARBETSMARKNAD", "label": "Arbete, studier eller arbetssökande", "K": 1, "M": 2, "total": 3}
    assert row(data, "end_reason", "FORTSATT_REHAB")["total"] == 1


def test_it_bands_age_at_start_with_the_birthday_on_the_start_date(dataset):
    data = sus_summary(*YEAR_2015)
    assert dataset["birthday"].alder_vid_start == 30
    assert dataset["day_before"].alder_vid_start == 29
    # Born 1980-05-17: 35 at every 2015 start, 34 on 2014-06-01; 1990-01-01: 25.
    assert row(data, "age", "AGE_0_29") == {"code": "AGE_0_29", "label": "Upp till 29 år", "K": 2, "M": 1,
                                            "total": 3}
    assert row(data, "age", "AGE_30_44") == {"code": "AGE_30_44", "label": "30–44 år", "K": 3, "M": 2, "total": 5}
    assert row(data, "age", "AGE_45_59")["total"] == 0


def test_it_counts_completed_months_at_month_ends(dataset):
    data = sus_summary(*YEAR_2015)
    # two_months (2) K and twice_p (6 months, 2015-06-01 → 12-31) K; three_months (3) M; first_day (7) M.
    assert row(data, "time_in_intervention", "UNDER_3") == {
        "code": "UNDER_3", "label": "Under 3 mån", "K": 1, "M": 0, "total": 1}
    assert row(data, "time_in_intervention", "M3_6") == {"code": "M3_6", "label": "3–6 mån", "K": 0, "M": 1,
                                                         "total": 1}
    assert row(data, "time_in_intervention", "M6_12") == {"code": "M6_12", "label": "6–12 mån", "K": 1, "M": 1,
                                                          "total": 2}


@pytest.mark.parametrize("start,end,months", [
    (D(2015, 1, 31), D(2015, 2, 28), 0),
    (D(2015, 1, 31), D(2015, 3, 1), 1),
    (D(2015, 1, 31), D(2015, 1, 31), 0),
    (D(2016, 2, 29), D(2017, 2, 28), 11),
    (D(2016, 2, 29), D(2017, 3, 1), 12),
    (D(2014, 12, 15), D(2015, 12, 14), 11),
    (D(2014, 12, 15), D(2017, 12, 15), 36),
])
def test_it_computes_completed_months_in_sql_as_the_spec_defines(aktivitetscenter, start, end, months):
    made = spell(aktivitetscenter, start, end)
    value = (Participation.objects.filter(pk=made.pk)
             .annotate(months=completed_months_expression()).values_list("months", flat=True).get())
    assert value == months == completed_months(start, end)


def test_it_counts_outcome_and_work_or_studies_share(dataset):
    outcome = sus_summary(*YEAR_2015)["outcome"]
    assert outcome["work"] == {"K": 0, "M": 2, "total": 2}  # ARBETE + ARBETE_SUBV
    assert outcome["studies"] == {"K": 1, "M": 0, "total": 1}
    assert outcome["work_or_studies"] == {"K": 1, "M": 2, "total": 3}
    assert outcome["share_work_or_studies"] == 75.0


def test_it_fills_matrices_with_every_cell(dataset):
    flow = sus_summary(*YEAR_2015)["support_flow"]
    assert len(flow["rows"]) == len(flow["cols"]) == 12
    assert all(len(flow["cells"][r]) == 12 for r in flow["rows"])
    assert flow["cells"]["FORSORJNINGSSTOD"]["LON"] == 2
    assert flow["cells"]["FORSORJNINGSSTOD"]["STUDIEMEDEL"] == 1
    assert flow["cells"]["FORSORJNINGSSTOD"]["FORSORJNINGSSTOD"] == 1
    assert flow["row_totals"]["FORSORJNINGSSTOD"] == 4
    assert flow["col_totals"]["LON"] == 2
    assert flow["total"] == 4
    education = sus_summary(*YEAR_2015)["occupation_by_education"]
    assert education["cells"]["HOGSKOLA"]["ARBETE"] == 1
    assert education["cells"]["GYMNASIUM"]["ARBETE_SUBV"] == 1


def test_it_reports_each_intervention_against_its_goal_sorted_by_code(dataset):
    items = sus_summary(*YEAR_2015)["per_intervention"]
    assert [item["code"] for item in items] == ["AKTIVITETSCENTER", "PTSD"]
    assert items[0] == {
        "code": "AKTIVITETSCENTER", "name": "Aktivitetscenter", "active": {"K": 4, "M": 3, "total": 7},
        "started": 6, "ended": 3, "work_or_studies": 3, "share_work_or_studies": 100.0, "goal_share": None}
    assert items[1] == {
        "code": "PTSD", "name": "PTSD-center", "active": {"K": 1, "M": 0, "total": 1}, "started": 1, "ended": 1,
        "work_or_studies": 0, "share_work_or_studies": 0.0, "goal_share": 50}


def test_it_restricts_every_figure_to_the_selected_interventions(dataset, ptsd):
    data = sus_summary(*YEAR_2015, ["PTSD"])
    assert data["interventions"] == ["PTSD"]
    assert data["counts"]["individual"] == {"K": 1, "M": 0, "total": 1}
    assert data["counts"]["anonymous"]["total"] == 0
    assert data["counts"]["volume"] == {"total": 0, "K": 0, "M": 0}
    assert [item["code"] for item in data["per_intervention"]] == ["PTSD"]
    assert sus_summary(*YEAR_2015, [ptsd]) == data


def test_it_rounds_shares_half_up_to_one_decimal():
    assert share(29, 400) == 7.3  # 7.25
    assert share(1, 8) == 12.5
    assert share(2, 3) == 66.7
    assert share(0, 5) == 0.0
    assert share(0, 0) is None


def test_it_uses_the_same_number_of_queries_whatever_the_data_size(aktivitetscenter, ptsd):
    from .conftest import bulk_spells

    def queries():
        with CaptureQueriesContext(connection) as captured:
            sus_summary(*YEAR_2015)
        return len(captured.captured_queries)

    small = queries()
    bulk_spells(aktivitetscenter, [{"kon": "K", "startdatum": D(2015, 2, 1), "slutdatum": D(2015, 9, 1)}] * 5)
    bulk_spells(ptsd, [{"kon": "M", "startdatum": D(2015, 2, 1)} for _ in range(200)])
    assert queries() == small <= 7  # 4 statements (+ tuning and a savepoint on PostgreSQL)


def test_it_rejects_a_period_that_ends_before_it_starts():
    with pytest.raises(ValueError):
        sus_summary(datetime.date(2015, 2, 1), datetime.date(2015, 1, 1))
