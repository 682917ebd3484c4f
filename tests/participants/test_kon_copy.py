"""Participation.kon is the person's kön on every write path (the SUS summary reads it instead
of joining the person): the model, the registration form, the admin, the file import, bulk
inserts and raw SQL, a person whose kön changes, and a spell moved to another person."""

import datetime

import pytest
from django.db import connection
from django.db.models import F
from django.urls import reverse

from participants.models import Participant, Participation
from tests.exchange.conftest import participation_file, participation_row, pnr, run_command
from tests.factories import ParticipantFactory, ParticipationFactory, make_personnummer

from .test_registration import start_data

pytestmark = pytest.mark.django_db


def assert_in_step():
    assert Participation.objects.exists()
    assert not Participation.objects.exclude(kon=F("participant__kon")).exists()


def test_the_model_copies_the_persons_kon_when_a_spell_is_saved(intervention):
    spell = ParticipationFactory(intervention=intervention, participant=ParticipantFactory(female=False))
    assert spell.kon == "M"
    assert_in_step()


def test_registration_at_start_through_the_form(client, users, intervention):
    client.force_login(users["deltagaransvarig"])
    number = make_personnummer(datetime.date(1970, 1, 2), female=True)
    assert client.post(reverse("participants:register"), start_data(intervention, number)).status_code == 302
    assert Participation.objects.get().kon == "K"
    assert_in_step()


def test_a_spell_added_in_the_admin(client, users, intervention):
    person = ParticipantFactory(female=True)
    client.force_login(users["administrator"])
    response = client.post(reverse("admin:participants_participation_add"), {
        "participant": person.pk, "intervention": intervention.pk, "samtycke_datum": "2016-01-04",
        "startdatum": "2016-01-04", "utbildning": "GYMNASIUM", "tid_offentlig_forsorjning": "UPP_TILL_1",
        "forsorjning_fore": "FORSORJNINGSSTOD", "expected_version": 0,
    })
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Participation.objects.get().kon == "K"
    assert_in_step()


def test_the_file_import_with_its_bulk_inserts(tmp_path, intervention):
    path = tmp_path / "spells.csv"
    path.write_text(participation_file(participation_row(pnr(1980, 5, 17, female=True)),
                                       participation_row(pnr(1975, 3, 2, female=False))), encoding="utf-8")
    assert run_command("import_sus", str(path), "--kind", "participations").code == 0
    assert sorted(Participation.objects.values_list("kon", flat=True)) == ["K", "M"]
    assert_in_step()


def test_bulk_create_and_raw_sql_that_never_name_the_column(intervention):
    woman, man = ParticipantFactory(female=True), ParticipantFactory(female=False)
    template = ParticipationFactory.build(intervention=intervention, participant=woman)
    template.alder_vid_start, template.kon = 30, ""
    Participation.objects.bulk_create([template])
    columns = ("version", "participant_id", "intervention_id", "samtycke_datum", "startdatum", "utbildning",
               "tid_offentlig_forsorjning", "forsorjning_fore", "avslutsorsak", "sysselsattning_efter",
               "forsorjning_efter", "alder_vid_start", "created_at", "updated_at")
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO participants_participation ({', '.join(columns)}) VALUES "
            f"(1, %s, %s, %s, %s, 'GYMNASIUM', 'UPP_TILL_1', 'LON', '', '', '', 40, %s, %s)",
            [man.pk, intervention.pk, datetime.date(2016, 1, 1), datetime.date(2016, 1, 1),
             datetime.datetime(2016, 1, 1, tzinfo=datetime.UTC), datetime.datetime(2016, 1, 1, tzinfo=datetime.UTC)])
    assert dict(Participation.objects.values_list("participant_id", "kon")) == {woman.pk: "K", man.pk: "M"}
    assert_in_step()


def test_a_person_whose_kon_changes_takes_every_spell_along(intervention, other_intervention):
    person = ParticipantFactory(female=True)
    ParticipationFactory(intervention=intervention, participant=person)
    ParticipationFactory(intervention=other_intervention, participant=person)
    person.kon = "M"
    person.save()
    assert set(Participation.objects.values_list("kon", flat=True)) == {"M"}
    Participant.objects.filter(pk=person.pk).update(kon="K")
    assert set(Participation.objects.values_list("kon", flat=True)) == {"K"}


def test_a_spell_moved_to_another_person_or_written_wrong_takes_that_persons_kon(intervention):
    spell = ParticipationFactory(intervention=intervention, participant=ParticipantFactory(female=True))
    Participation.objects.filter(pk=spell.pk).update(participant=ParticipantFactory(female=False))
    assert Participation.objects.get().kon == "M"
    Participation.objects.filter(pk=spell.pk).update(kon="K")  # nobody can write another kön
    assert Participation.objects.get().kon == "M"
