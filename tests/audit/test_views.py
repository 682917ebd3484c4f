"""The audit page: office staff search both logs; nobody changes anything through it."""

import datetime

import pytest
from django.urls import reverse

from audit.trail import record
from tests.factories import ParticipationFactory

pytestmark = pytest.mark.django_db


def test_office_searches_both_logs(client, users, intervention):
    other = users["deltagaransvarig"]
    record(other, "VIEW", "Deltagare 19800517-****")
    record(users["kansli"], "EXPORT", "SUS-export 2015")
    ParticipationFactory(intervention=intervention)
    client.force_login(users["kansli"])
    response = client.get(reverse("audit:index"), {"user": "staff", "action": "VIEW"})
    assert [e.target for e in response.context["access_table"].data] == ["Deltagare 19800517-****"]
    assert list(response.context["change_table"].data) == []
    today = datetime.date.today().isoformat()
    response = client.get(reverse("audit:index"), {"q": "SUS-export", "date_from": today, "date_to": today})
    assert [e.action for e in response.context["access_table"].data] == ["EXPORT"]
    response = client.get(reverse("audit:index"), {"action": "CREATE"})
    assert len(response.context["change_table"].data) >= 1
    bad = client.get(reverse("audit:index"), {"date_from": "2020-01-02", "date_to": "2020-01-01"})
    assert "date_to" in bad.context["form"].errors


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_audit_page_is_read_only(client, users, method):
    client.force_login(users["administrator"])
    assert getattr(client, method)(reverse("audit:index")).status_code == 405


@pytest.mark.parametrize("text", ["PTSD", "AKTIVITETSCENTER", "Aktivitetscenter"])
def test_free_text_matching_a_change_entry_finds_it(client, users, world, text):
    """A search text that matches a change entry (its label or its changes) lists it (it gave a 500)."""
    for spell in (world["own"], world["other"]):  # change entries of both interventions
        spell.intervention.mal_andel_arbete_studier = 40
        spell.intervention.save()
    client.force_login(users["kansli"])
    response = client.get(reverse("audit:index"), {"q": text})
    assert response.status_code == 200
    assert len(response.context["change_table"].data) >= 1
