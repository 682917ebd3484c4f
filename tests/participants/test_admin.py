"""The Django admin: Swedish, no personnummer in lists or search (a GET), reads audited, and
the same row-level access as the site (another intervention's records do not exist there)."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from audit.models import AccessEvent
from participants.models import Participant, Participation
from tests.factories import ParticipantFactory, ParticipationFactory, make_personnummer

pytestmark = pytest.mark.django_db


def test_the_participant_list_never_shows_a_personnummer(client, users, intervention):
    number = make_personnummer(datetime.date(1975, 5, 5))
    ParticipationFactory(participant=ParticipantFactory(personnummer=number), intervention=intervention)
    client.force_login(users["kansli"])
    for url in (reverse("admin:participants_participant_changelist"),
                reverse("admin:participants_participation_changelist")):
        response = client.get(url)
        assert response.status_code == 200
        body = response.content.decode()
        assert number not in body and number[2:] not in body
        assert f"{number[:8]}-****" in body


def test_the_admin_search_takes_no_personnummer(client, users, intervention):
    """A search is a GET: the number would stay in server logs and history. The admin searches by
    birth year or intervention code; a person is found by number on /deltagare/ (a POST)."""
    number = make_personnummer(datetime.date(1975, 5, 5))
    wanted = ParticipationFactory(participant=ParticipantFactory(personnummer=number), intervention=intervention)
    ParticipationFactory(intervention=intervention)
    client.force_login(users["kansli"])
    response = client.get(reverse("admin:participants_participation_changelist"), {"q": number})
    assert list(response.context["cl"].result_list) == []
    response = client.get(reverse("admin:participants_participant_changelist"), {"q": f"{number[2:8]}-{number[8:]}"})
    assert list(response.context["cl"].result_list) == []
    response = client.get(reverse("admin:participants_participant_changelist"), {"q": "1975"})
    assert wanted.participant in response.context["cl"].result_list
    assert "personnummer" not in response.context["cl"].search_help_text


def test_the_admin_change_page_of_a_person_is_an_audited_read(client, users, intervention):
    """It shows the full number and the names, like the person page: every visit is logged."""
    spell = ParticipationFactory(intervention=intervention)
    url = reverse("admin:participants_participant_change", args=[spell.participant_id])
    for role in ("administrator", "kansli"):  # kansli's page is read-only, with the names
        client.force_login(users[role])
        body = client.get(url).content.decode()
        assert role == "kansli" or spell.participant.personnummer in body
        event = AccessEvent.objects.filter(action="VIEW").latest("pk")
        assert (event.user, event.object_type, event.object_id, event.target) == (
            users[role], "participants.Participant", str(spell.participant_id), f"Deltagare {spell.participant_id}")
        assert event.details == {"via": "admin"}


def test_the_admin_speaks_swedish(client, users):
    client.force_login(users["kansli"])
    response = client.get(reverse("admin:index"))
    assert "Insatser" in response.content.decode() or "insatser" in response.content.decode()
    assert "Logga ut" in response.content.decode()


def test_admin_creates_a_participant_from_a_personnummer(client, users):
    number = make_personnummer(datetime.date(1966, 6, 6), female=True)
    client.force_login(users["administrator"])
    response = client.post(
        reverse("admin:participants_participant_add"),
        {"personnummer_input": number, "kon": "", "first_name": "Greta", "last_name": "G"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person = Participant.objects.get()
    assert person.personnummer == number and person.kon == "K"


def test_admin_refuses_an_invalid_personnummer_with_a_message(client, users):
    client.force_login(users["administrator"])
    response = client.post(reverse("admin:participants_participant_add"), {"personnummer_input": "19121212-1213"})
    assert response.status_code == 200
    assert "kontrollsiffran" in response.content.decode()
    assert not Participant.objects.exists()


def test_admin_refuses_a_stale_participation_edit(client, users, intervention):
    spell = ParticipationFactory(intervention=intervention)
    client.force_login(users["administrator"])
    url = reverse("admin:participants_participation_change", args=[spell.pk])
    form = client.get(url).context["adminform"].form
    data = {name: (value.isoformat() if hasattr(value, "isoformat") else value)
            for name, value in form.initial.items() if value is not None}
    data.update({"participant": spell.participant_id, "intervention": intervention.pk, "expected_version": 1})
    Participation.objects.filter(pk=spell.pk).update(version=2, utbildning="HOGSKOLA")  # another tab saved
    data["utbildning"] = "GRUNDSKOLA"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "ändrats av någon annan" in response.content.decode()
    spell.refresh_from_db()
    assert spell.utbildning == "HOGSKOLA"


def test_staff_roles_cannot_use_the_admin(client, users):
    for role in ("deltagaransvarig", "insatsansvarig", "styrelse"):
        client.force_login(users[role])
        response = client.get(reverse("admin:participants_participant_changelist"))
        assert response.status_code == 302 and "/admin/login/" in response["Location"]


@pytest.fixture
def staff_in_admin(users):
    """A deltagaransvarig who has been given admin access (is_staff with model permissions)."""
    user = users["deltagaransvarig"]
    user.is_staff = True
    user.save()
    user.user_permissions.set(Permission.objects.filter(
        content_type__app_label__in=["participants", "interventions"]))
    return user


@pytest.mark.parametrize(("model", "key"), [
    ("participation", "other"), ("participant", "other_participant"), ("anonymousregistration", "other_anonymous"),
    ("volumeregistration", "other_volume"), ("intervention", "other_intervention"),
])
def test_another_interventions_records_are_missing_in_the_admin(client, staff_in_admin, world, model, key):
    objects = {**world, "other_participant": world["other"].participant,
               "other_intervention": world["other"].intervention}
    app = "interventions" if model == "intervention" else "participants"
    client.force_login(staff_in_admin)
    changelist = client.get(reverse(f"admin:{app}_{model}_changelist"))
    assert changelist.status_code == 200
    assert objects[key].pk not in {obj.pk for obj in changelist.context["cl"].result_list}
    change = client.get(reverse(f"admin:{app}_{model}_change", args=[objects[key].pk]))
    assert change.status_code == 302 and change["Location"] == reverse("admin:index")  # "does not exist"


def test_own_records_are_there(client, staff_in_admin, world):
    client.force_login(staff_in_admin)
    response = client.get(reverse("admin:participants_participation_change", args=[world["own"].pk]))
    assert response.status_code == 200
