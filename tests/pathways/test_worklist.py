import pytest
from django.urls import reverse

from audit.models import AccessEvent
from interventions.models import Assignment
from tests.factories import UserFactory

URL = "/reports/gaps/worklist/"


def listed(response) -> set[int]:
    return {row["spell"].pk for row in response.context["rows"]}


@pytest.fixture
def b_staff(users, world, role_groups):
    user = UserFactory(username="b_staff")
    user.groups.add(role_groups["deltagaransvarig"])
    Assignment.objects.create(user=user, intervention=world["B"], role=Assignment.Role.DELTAGARANSVARIG)
    return user


def test_staff_see_exactly_their_people_without_a_next_spell(client, users, world):
    client.force_login(users["deltagaransvarig"])
    response = client.get(URL)
    s = world["spells"]
    # P3 and P7 (second spell) only: the others went on, P8 is still in B, P9 ended 10 days ago
    assert listed(response) == {s["p3a"].pk, s["p7a2"].pk}
    assert "19950101-****" in response.content.decode()
    assert world["people"][3].personnummer not in response.content.decode()


def test_insatsansvarig_sees_the_same_list(client, users, world):
    client.force_login(users["insatsansvarig"])
    s = world["spells"]
    assert listed(client.get(URL)) == {s["p3a"].pk, s["p7a2"].pk}


def test_staff_of_another_intervention_see_only_theirs(client, b_staff, world):
    client.force_login(b_staff)
    assert listed(client.get(URL)) == {world["spells"]["p10b"].pk}


def test_office_sees_every_intervention(client, users, world):
    client.force_login(users["kansli"])
    s = world["spells"]
    assert listed(client.get(URL)) == {s["p3a"].pk, s["p7a2"].pk, s["p10b"].pk}


def test_fewer_days_bring_in_recent_endings(client, users, world):
    client.force_login(users["deltagaransvarig"])
    s = world["spells"]
    assert listed(client.get(URL, {"days": 5})) == {s["p3a"].pk, s["p7a2"].pk, s["p9a"].pk}


@pytest.mark.parametrize("bad", ["abc", "0", "-3", "99999"])
def test_bad_days_fall_back_to_30_with_a_message(client, users, world, bad):
    client.force_login(users["deltagaransvarig"])
    response = client.get(URL, {"days": bad})
    assert response.status_code == 200
    assert response.context["days"] == 30
    assert "Antal dagar" in response.content.decode()


@pytest.mark.parametrize("role", ["styrelse", "outsider"])
def test_board_and_outsiders_get_no_worklist(client, users, world, role):
    client.force_login(users[role])
    assert client.get(URL).status_code == 403


def test_the_worklist_view_is_audited(client, users, world):
    client.force_login(users["deltagaransvarig"])
    client.get(URL)
    assert AccessEvent.objects.filter(username="staff_user", action="VIEW", target__contains="Arbetslista").exists()


def test_each_row_links_to_the_person_page(client, users, world):
    client.force_login(users["deltagaransvarig"])
    expected = reverse("participants:person", args=[world["people"][3].pk])
    assert f'href="{expected}"' in client.get(URL).content.decode()


def test_gaps_page_links_to_the_worklist_for_staff_only(client, users, world):
    client.force_login(users["deltagaransvarig"])
    assert reverse("pathways:worklist") in client.get("/reports/gaps/?year=2015").content.decode()
    client.force_login(users["styrelse"])
    assert reverse("pathways:worklist") not in client.get("/reports/gaps/?year=2015").content.decode()
