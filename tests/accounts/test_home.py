"""The start page per role: the user's interventions, open spells and what needs doing."""

import datetime

import pytest

from tests.factories import ParticipationFactory

pytestmark = pytest.mark.django_db


def test_the_start_page_shows_what_needs_doing(client, users, intervention, django_assert_max_num_queries):
    intervention.slutdatum = datetime.date(2016, 12, 31)
    intervention.save()
    ParticipationFactory(intervention=intervention, startdatum=datetime.date(2016, 1, 1))
    ParticipationFactory(intervention=intervention, startdatum=datetime.date(2016, 2, 1),
                         ansvarig=users["deltagaransvarig"])
    client.force_login(users["deltagaransvarig"])
    with django_assert_max_num_queries(18):
        response = client.get("/")
    todo = response.context["todo"]
    assert (todo["after_end"], todo["no_staff"], todo["total"]) == (2, 1, 2)
    assert len(response.context["mine"]) == 1
    assert "Registrera start" in response.content.decode()


def test_the_board_start_page_has_no_personal_data_section(client, users, intervention):
    ParticipationFactory(intervention=intervention)
    client.force_login(users["styrelse"])
    response = client.get("/")
    assert "todo" not in response.context and "mine" not in response.context


def test_every_page_extends_the_base_layout(client, users):
    client.force_login(users["styrelse"])
    body = client.get("/").content.decode()
    assert "FINSAM" in body and "Logga ut" in body
