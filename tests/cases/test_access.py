"""Every role against every case view: exactly the participations' rule. The board never sees a
case; staff see and change only their interventions' cases; kansli reads; the administrator may
do everything."""

import pytest
from django.urls import reverse

ROLES = ["administrator", "kansli", "insatsansvarig", "deltagaransvarig", "styrelse", "outsider"]

# role → expected status for a page about a spell in the staff's intervention / in another one
READ = {"administrator": (200, 200), "kansli": (200, 200), "insatsansvarig": (200, 404),
        "deltagaransvarig": (200, 404), "styrelse": (403, 403), "outsider": (403, 403)}
CHANGE = {"administrator": (200, 200), "kansli": (404, 404), "insatsansvarig": (200, 404),
          "deltagaransvarig": (200, 404), "styrelse": (403, 403), "outsider": (403, 403)}


def pages(own, other, ended_own, ended_other):
    return {
        "case": (READ, reverse("cases:case", args=[own.pk]), reverse("cases:case", args=[other.pk])),
        "contact": (CHANGE, reverse("cases:contact_new", args=[own.pk]),
                    reverse("cases:contact_new", args=[other.pk])),
        "goals": (CHANGE, reverse("cases:plan_goals", args=[own.pk]), reverse("cases:plan_goals", args=[other.pk])),
        "activity": (CHANGE, reverse("cases:activity_new", args=[own.pk]),
                     reverse("cases:activity_new", args=[other.pk])),
        "followup": (CHANGE, reverse("cases:followup", args=[ended_own.pk, 6]),
                     reverse("cases:followup", args=[ended_other.pk, 6])),
    }


@pytest.fixture
def spells(caseload):
    return caseload["no_contact"], caseload["other"], caseload["postexit"], caseload["other_ended"]


@pytest.fixture
def caseload_with_other_ended(caseload, other_intervention):
    from tests.factories import ParticipationFactory

    caseload["other_ended"] = ParticipationFactory(
        intervention=other_intervention, startdatum=caseload["postexit"].startdatum,
        slutdatum=caseload["postexit"].slutdatum, avslutsorsak="ARBETSMARKNAD", sysselsattning_efter="ARBETE",
        forsorjning_efter="LON")
    return caseload


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", ["case", "contact", "goals", "activity", "followup"])
def test_every_role_gets_what_the_participation_rule_gives(client, users, caseload_with_other_ended, role, page):
    s = caseload_with_other_ended
    expected, own_url, other_url = pages(s["no_contact"], s["other"], s["postexit"], s["other_ended"])[page]
    client.force_login(users[role])
    assert client.get(own_url).status_code == expected[role][0]
    assert client.get(other_url).status_code == expected[role][1]


@pytest.mark.parametrize("role,status", [("administrator", 200), ("kansli", 200), ("insatsansvarig", 200),
                                         ("deltagaransvarig", 200), ("styrelse", 403), ("outsider", 403)])
def test_the_worklist_is_for_those_who_see_people(client, users, caseload, role, status):
    client.force_login(users[role])
    assert client.get(reverse("cases:worklist")).status_code == status


def test_a_visitor_who_is_not_logged_in_goes_to_the_login(client, caseload):
    for url in (reverse("cases:worklist"), reverse("cases:case", args=[caseload["no_contact"].pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_staff_cannot_post_into_another_interventions_case(client, users, caseload):
    from cases.models import Contact

    client.force_login(users["deltagaransvarig"])
    response = client.post(reverse("cases:contact_new", args=[caseload["other"].pk]),
                           {"date": "2020-01-01", "kind": "MOTE", "outcome": "ENLIGT_PLAN"})
    assert response.status_code == 404
    assert not Contact.objects.filter(participation=caseload["other"]).exists()


def test_the_board_menu_has_no_worklist(client, users, caseload):
    client.force_login(users["styrelse"])
    assert reverse("cases:worklist") not in client.get("/").content.decode()
    client.force_login(users["deltagaransvarig"])
    assert reverse("cases:worklist") in client.get("/").content.decode()
