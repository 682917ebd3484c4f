"""The interventions list and page: shares rounded half up like every figure of the registry,
and the board's counts through disclosure control."""

import datetime

from django.urls import reverse

from tests.factories import ParticipationFactory


def _ended(intervention, start, outcomes):
    for outcome in outcomes:
        ParticipationFactory(intervention=intervention, startdatum=start,
                             slutdatum=start + datetime.timedelta(days=30), avslutsorsak="ARBETSMARKNAD",
                             sysselsattning_efter=outcome, forsorjning_efter="LON")


def test_the_share_to_work_or_studies_is_rounded_half_up(client, users, other_intervention):
    # 1 of 16 is 6.25 %: half up gives 6.3 (Python's round gave 6.2).
    _ended(other_intervention, datetime.date(datetime.date.today().year, 1, 10), ["ARBETE"] + ["INGEN"] * 15)
    client.force_login(users["kansli"])
    figures = {i.code: f for i, f in client.get(reverse("interventions:list")).context["rows"]}["PTSD"]
    assert (figures["ended"], figures["work_studies"], figures["share"]) == (16, 1, 6.3)


def test_the_fill_of_the_places_is_rounded_half_up(client, users, other_intervention):
    other_intervention.arsplatser = 8
    other_intervention.save()
    ParticipationFactory(intervention=other_intervention, startdatum=datetime.date(datetime.date.today().year, 1, 10))
    client.force_login(users["kansli"])
    response = client.get(reverse("interventions:detail", args=[other_intervention.code]))
    assert response.context["figures"]["fill"] == 13  # 12.5 %: round() gave 12


def test_the_board_sees_a_small_count_as_under_five_on_the_list_and_the_start_page(client, users, intervention):
    # Last year: the board sees ended years only.
    ParticipationFactory(intervention=intervention, startdatum=datetime.date(datetime.date.today().year - 1, 1, 2))
    client.force_login(users["styrelse"])
    listed = {i.code: f for i, f in client.get(reverse("interventions:list")).context["rows"]}
    assert listed[intervention.code]["active"] == "<5"
    # The board's start page is its dashboard, the figure from the summary of the year so far.
    home = {row["item"]["code"]: row for row in client.get("/").context["rows"]}
    assert home[intervention.code]["active"].mark == "<5"
