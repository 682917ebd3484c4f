"""The person page: the one page with the full personnummer, every visit recorded."""

import datetime

import pytest
from django.urls import reverse

from audit.models import AccessEvent
from tests.factories import ParticipationFactory

pytestmark = pytest.mark.django_db


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
