"""The participation, anonymous and volume lists: masked, scoped, filtered, no N+1."""

import datetime
import re

import pytest
from django.urls import reverse

from audit.models import AccessEvent
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
    response = client.post(reverse("participants:list"), {"personnummer": f"{number[2:8]}-{number[8:]}"})
    assert [row.record for row in response.context["table"].paginated_rows] == [world["own"]]
    assert AccessEvent.objects.filter(action="SEARCH", username="kansli_user").exists()
    nothing = client.post(reverse("participants:list"), {"personnummer": "12345"})
    assert list(nothing.context["table"].paginated_rows) == []
    assert "Ogiltigt personnummer" in nothing.content.decode()


def test_the_personnummer_never_travels_in_a_url(client, users, world):
    """Server logs and browser history keep URLs: the search is a POST answered in place (no
    redirect), and nothing on the answer (sorting, pages, filters) links with the number."""
    client.force_login(users["kansli"])
    number = world["own_number"]
    page = client.get(reverse("participants:list")).content.decode()
    assert 'method="post"' in page and 'name="personnummer"' in page
    assert 'name="personnummer"' not in page.split('method="get"', 1)[1].split("</form>", 1)[0]
    response = client.post(reverse("participants:list") + f"?intervention={world['own'].intervention_id}",
                           {"personnummer": number})
    assert response.status_code == 200  # answered in place, not redirected to a URL with the number
    assert [row.record for row in response.context["table"].paginated_rows] == [world["own"]]
    links = re.findall(r'(?:href|action)="([^"]*)"', response.content.decode())
    for variant in (number, number[2:], f"{number[:8]}-{number[8:]}", f"{number[2:8]}-{number[8:]}"):
        assert all(variant not in link for link in links), variant
    # The old GET parameter filters nothing and logs nothing: a number in a URL is not a search.
    response = client.get(reverse("participants:list"), {"personnummer": number})
    assert len(response.context["table"].paginated_rows) == 2
    assert AccessEvent.objects.filter(action="SEARCH").count() == 1


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
