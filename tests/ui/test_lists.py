"""Lists, filters, the person page and the intervention overview: masked, scoped, no N+1."""

import datetime

import pytest
from django.urls import reverse

from accounts import roles
from audit.models import AccessEvent
from interventions.models import Assignment
from participants.models import Participation
from tests.factories import ParticipantFactory, ParticipationFactory

pytestmark = pytest.mark.django_db


def many_spells(intervention, n, **kwargs):
    # A birth date of their own each: the factory's serials repeat for one date after a while.
    for day in range(n):
        person = ParticipantFactory(birth=datetime.date(1950 + day % 40, 1 + day % 12, 1 + day % 28))
        ParticipationFactory(participant=person, intervention=intervention,
                             startdatum=datetime.date(2015, 1, 1 + day % 28), **kwargs)


def test_the_list_masks_every_personnummer(client, users, world):
    client.force_login(users["kansli"])
    body = client.get(reverse("participants:list")).content.decode()
    for number in (world["own_number"], world["other_number"]):
        assert number not in body and number[2:] not in body and number[8:] not in body.replace("****", "")
        assert f"{number[:8]}-****" in body


def test_staff_see_only_their_interventions_in_the_list(client, users, world):
    client.force_login(users["deltagaransvarig"])
    response = client.get(reverse("participants:list"))
    rows = [row.record for row in response.context["table"].paginated_rows]
    assert rows == [world["own"]]
    # Asking for another intervention by id is not a way in.
    response = client.get(reverse("participants:list"), {"intervention": world["other"].intervention_id})
    assert "intervention" in response.context["filter"].errors
    assert world["other_number"][:8] not in response.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "open"}, {"open"}),
        ({"status": "ended"}, {"ended"}),
        ({"kon": "K"}, {"open"}),
        ({"kon": "M"}, {"ended"}),
        ({"avslutsorsak": "OHALSA"}, {"ended"}),
        ({"period_from": "2016-06-01", "period_to": "2016-12-31"}, {"open"}),
        ({"period_from": "2015-01-01", "period_to": "2015-12-31"}, {"open", "ended"}),
    ],
)
def test_filters(client, users, intervention, params, expected):
    spells = {
        "open": ParticipationFactory(intervention=intervention, startdatum=datetime.date(2015, 2, 1),
                                     participant=ParticipantFactory(female=True)),
        "ended": ParticipationFactory(intervention=intervention, startdatum=datetime.date(2015, 3, 1),
                                      slutdatum=datetime.date(2015, 9, 1), avslutsorsak="OHALSA",
                                      participant=ParticipantFactory(female=False)),
    }
    client.force_login(users["deltagaransvarig"])
    response = client.get(reverse("participants:list"), params)
    found = {row.record.pk for row in response.context["table"].paginated_rows}
    assert found == {spells[name].pk for name in expected}


def test_exact_personnummer_search_finds_one_person_and_is_logged(client, users, world):
    client.force_login(users["kansli"])
    number = world["own_number"]
    response = client.get(reverse("participants:list"), {"personnummer": f"{number[2:8]}-{number[8:]}"})
    assert [row.record for row in response.context["table"].paginated_rows] == [world["own"]]
    assert AccessEvent.objects.filter(action="SEARCH", username="kansli_user").exists()
    nothing = client.get(reverse("participants:list"), {"personnummer": "12345"})
    assert list(nothing.context["table"].paginated_rows) == []


def test_the_list_sorts_and_paginates(client, users, intervention):
    many_spells(intervention, 60)
    client.force_login(users["deltagaransvarig"])
    first = client.get(reverse("participants:list"), {"sort": "startdatum"})
    rows = [row.record.startdatum for row in first.context["table"].paginated_rows]
    assert len(rows) == 50 and rows == sorted(rows)
    second = client.get(reverse("participants:list"), {"sort": "startdatum", "page": 2})
    assert len(list(second.context["table"].paginated_rows)) == 10


@pytest.mark.parametrize("n", [5, 60])
def test_the_participation_list_query_count_does_not_grow_with_rows(client, users, intervention,
                                                                     django_assert_max_num_queries, n):
    many_spells(intervention, n, ansvarig=users["deltagaransvarig"])
    client.force_login(users["deltagaransvarig"])
    with django_assert_max_num_queries(18):
        response = client.get(reverse("participants:list"), {"status": "open", "kon": "K"})
    assert response.status_code == 200


@pytest.mark.parametrize("url_name", ["participants:anonymous_list", "participants:volume_list",
                                      "interventions:list", "home", "audit:index"])
def test_other_list_pages_have_bounded_query_counts(client, users, world, intervention, url_name,
                                                    django_assert_max_num_queries):
    many_spells(intervention, 30)
    client.force_login(users["administrator"])
    with django_assert_max_num_queries(18):
        assert client.get(reverse(url_name)).status_code == 200


def test_person_page_shows_the_full_number_records_the_view_and_bounds_queries(
    client, users, world, intervention, other_intervention, django_assert_max_num_queries
):
    person = world["own"].participant
    for year in (2010, 2011, 2012):
        ParticipationFactory(participant=person, intervention=other_intervention,
                             startdatum=datetime.date(year, 1, 1), slutdatum=datetime.date(year, 6, 1))
    client.force_login(users["kansli"])
    with django_assert_max_num_queries(14):
        response = client.get(reverse("participants:person", args=[person.pk]))
    body = response.content.decode()
    number = world["own_number"]
    assert f"{number[:8]}-{number[8:]}" in body and "Anna Andersson" in body
    assert len(response.context["spells"]) == 4
    event = AccessEvent.objects.get(action="VIEW")
    assert (event.username, event.object_id, event.ip_address) == ("kansli_user", str(person.pk), "127.0.0.1")


def test_person_page_shows_staff_only_spells_in_their_interventions(client, users, world, other_intervention):
    person = world["own"].participant
    ParticipationFactory(participant=person, intervention=other_intervention, startdatum=datetime.date(2012, 1, 1),
                         slutdatum=datetime.date(2012, 6, 1))
    client.force_login(users["deltagaransvarig"])
    response = client.get(reverse("participants:person", args=[person.pk]))
    assert [s.intervention.code for s in response.context["spells"]] == ["AKTIVITETSCENTER"]
    assert "PTSD" not in response.content.decode()


def test_the_intervention_overview_counts_against_places_and_goal(client, users, intervention, other_intervention,
                                                                   django_assert_max_num_queries):
    other_intervention.arsplatser = 10
    other_intervention.save()
    year = datetime.date.today().year
    start = datetime.date(year, 1, 10)
    for outcome in ("ARBETE", "STUDIER", "INGEN", "ARBETE"):
        ParticipationFactory(intervention=other_intervention, startdatum=start,
                             slutdatum=start + datetime.timedelta(days=30), avslutsorsak="ARBETSMARKNAD",
                             sysselsattning_efter=outcome, forsorjning_efter="LON")
    ParticipationFactory(intervention=other_intervention, startdatum=start)
    ParticipationFactory(intervention=other_intervention, startdatum=start, slutdatum=start,
                         avslutsorsak="FELREGISTRERING", sysselsattning_efter="OKAND", forsorjning_efter="OKAND")
    client.force_login(users["kansli"])
    with django_assert_max_num_queries(12):
        response = client.get(reverse("interventions:list"))
    figures = {i.code: f for i, f in response.context["rows"]}["PTSD"]
    assert (figures["active"], figures["started"], figures["ended"], figures["work_studies"]) == (5, 5, 4, 3)
    assert figures["open"] == 1 and figures["share"] == 75.0 and figures["goal"] == 50 and figures["goal_met"]
    assert figures["fill"] == 50


def test_the_board_sees_small_counts_as_under_five_and_no_people(client, users, intervention):
    ParticipationFactory(intervention=intervention, startdatum=datetime.date.today().replace(month=1, day=2))
    client.force_login(users["styrelse"])
    response = client.get(reverse("interventions:detail", args=[intervention.code]))
    assert response.context["figures"]["active"] == "<5"
    assert "staff" not in response.content.decode().split("<main")[1].split("id=")[0]


def test_the_board_gets_no_share_that_would_give_a_small_count_back(client, users, other_intervention):
    start = datetime.date(datetime.date.today().year, 1, 10)
    for outcome in ("ARBETE", "INGEN", "INGEN", "INGEN", "INGEN", "INGEN"):  # 1 of 6 to work
        ParticipationFactory(intervention=other_intervention, startdatum=start,
                             slutdatum=start + datetime.timedelta(days=30), avslutsorsak="ARBETSMARKNAD",
                             sysselsattning_efter=outcome, forsorjning_efter="LON")
    client.force_login(users["styrelse"])
    figures = {i.code: f for i, f in client.get(reverse("interventions:list")).context["rows"]}["PTSD"]
    assert (figures["ended"], figures["work_studies"], figures["share"]) == (6, "<5", None)
    client.force_login(users["kansli"])
    figures = {i.code: f for i, f in client.get(reverse("interventions:list")).context["rows"]}["PTSD"]
    assert (figures["work_studies"], figures["share"]) == (1, 16.7)


def test_kansli_adds_and_removes_staff_on_an_intervention(client, users, intervention, role_groups):
    from tests.factories import UserFactory

    newcomer = UserFactory(username="ny_handlaggare")
    newcomer.groups.add(role_groups[roles.DELTAGARANSVARIG])
    client.force_login(users["kansli"])
    url = reverse("interventions:staff", args=[intervention.code])
    assert client.post(url, {"user": newcomer.pk, "role": "deltagaransvarig"}).status_code == 302
    assignment = Assignment.objects.get(user=newcomer, intervention=intervention)
    client.post(url, {"remove": assignment.pk})
    assert not Assignment.objects.filter(user=newcomer).exists()


def test_the_lead_edits_the_description_but_not_other_fields(client, users, intervention):
    client.force_login(users["insatsansvarig"])
    url = reverse("interventions:description", args=[intervention.code])
    response = client.post(url, {"malgrupp": "Unga vuxna 18–29", "effektmal": "Fler i arbete", "code": "HACK",
                                 "arsplatser": 999})
    assert response.status_code == 302
    intervention.refresh_from_db()
    assert (intervention.malgrupp, intervention.effektmal, intervention.code, intervention.arsplatser) == (
        "Unga vuxna 18–29", "Fler i arbete", "AKTIVITETSCENTER", None)


STYRELSE_URLS = ["home", "interventions:list", "participants:list", "participants:anonymous_list",
                 "participants:volume_list", "audit:index"]


def test_the_board_sees_no_personnummer_anywhere(client, users, world, intervention):
    number = world["own_number"]
    client.force_login(users["styrelse"])
    urls = [reverse(name) for name in STYRELSE_URLS] + [
        reverse("interventions:detail", args=[intervention.code]),
        reverse("interventions:detail", args=[world["other"].intervention.code]),
        reverse("participants:person", args=[world["own"].participant_id]),
    ]
    for url in urls:
        body = client.get(url).content.decode()
        for secret in (number, number[2:], f"{number[:8]}-", f"{number[2:8]}-", "Anna", "Andersson",
                       world["other_number"][:8]):
            assert secret not in body, (url, secret)


def test_no_spell_of_another_intervention_shows_up_anywhere_for_staff(client, users, world):
    client.force_login(users["deltagaransvarig"])
    for name in ("home", "participants:list", "participants:anonymous_list", "participants:volume_list"):
        body = client.get(reverse(name)).content.decode()
        assert world["other_number"][:8] not in body and "Otto" not in body
    assert Participation.objects.count() == 2


def test_a_very_long_list_counts_only_up_to_the_cap(client, users, intervention, monkeypatch):
    from participants.tables import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "CAP", 5)
    many_spells(intervention, 8)
    client.force_login(users["deltagaransvarig"])
    response = client.get(reverse("participants:list"))
    assert response.context["table"].paginator.capped
    assert "Fler än 5 deltaganden" in response.content.decode()
