"""The case records in the admin: the administrator only, the same rules, a plan change keeps its version."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AccessEvent
from cases.models import Contact, PlanActivity, PlannedLength, PlanRevision

MODELS = ["contact", "followup", "plan", "planactivity", "planrevision", "casereminder"]


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("role,status", [("administrator", 200), ("kansli", 403), ("deltagaransvarig", 302)])
def test_only_the_administrator_sees_case_records_in_the_admin(client, users, caseload, model, role, status):
    client.force_login(users[role])
    assert client.get(reverse(f"admin:cases_{model}_changelist")).status_code == status


def test_kansli_sets_an_interventions_planned_length(client, users, caseload, other_intervention):
    client.force_login(users["kansli"])
    response = client.post(reverse("admin:cases_plannedlength_add"),
                           {"intervention": other_intervention.pk, "months": 18})
    assert response.status_code == 302
    assert PlannedLength.objects.get(intervention=other_intervention).months == 18


def test_a_contact_in_the_future_is_refused_in_the_admin_too(client, users, caseload):
    client.force_login(users["administrator"])
    spell = caseload["no_contact"]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(reverse("admin:cases_contact_add"), {
        "participation": spell.pk, "date": tomorrow.isoformat(), "kind": "MOTE", "outcome": "ENLIGT_PLAN",
    })
    assert response.status_code == 200
    assert "Datum får inte ligga i framtiden." in response.content.decode()
    assert not Contact.objects.filter(participation=spell).exists()


def test_an_activity_added_in_the_admin_leaves_a_plan_version(client, users, caseload):
    client.force_login(users["administrator"])
    spell = caseload["no_contact"]
    response = client.post(reverse("admin:cases_planactivity_add"), {
        "participation": spell.pk, "description": "Praktik", "party": "INSATS",
        "due_date": timezone.localdate().isoformat(), "status": "PLANERAD",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert PlanActivity.objects.filter(participation=spell).count() == 1
    revision = PlanRevision.objects.get(participation=spell)
    assert revision.number == 1 and "Praktik" in revision.snapshot and "(administration)" in revision.change


def test_reading_a_note_in_the_admin_is_logged(client, users, caseload):
    from tests.cases.conftest import contact

    note = contact(caseload["soon"], timezone.localdate(), note="Vill prova praktik.")
    client.force_login(users["administrator"])
    assert client.get(reverse("admin:cases_contact_change", args=[note.pk])).status_code == 200
    assert AccessEvent.objects.filter(action="VIEW", object_id=str(note.pk), target__contains="Anteckning").exists()
    listing = client.get(reverse("admin:cases_contact_changelist")).content.decode()
    assert "Vill prova praktik." not in listing
