"""Registration at start and end, anonymous and volume forms, stale edits."""

import datetime

import pytest
from django.urls import reverse

from audit.models import AccessEvent
from participants.models import AnonymousRegistration, Participant, Participation, VolumeRegistration
from tests.factories import ParticipationFactory, make_personnummer

pytestmark = pytest.mark.django_db


def start_data(intervention, number, **overrides):
    data = {
        "p-personnummer": number, "p-first_name": "Greta", "p-last_name": "Garbo",
        "s-intervention": intervention.pk, "s-startdatum": "2016-02-01", "s-samtycke_datum": "2016-01-28",
        "s-utbildning": "GYMNASIUM", "s-tid_offentlig_forsorjning": "UPP_TILL_3",
        "s-forsorjning_fore": "SJUKPENNING", "s-ansvarig": "",
    }
    data.update(overrides)
    return data


def test_registering_a_new_person_at_start_creates_person_and_spell(client, users, intervention):
    number = make_personnummer(datetime.date(1970, 1, 2), female=True)
    client.force_login(users["deltagaransvarig"])
    response = client.post(reverse("participants:register"), start_data(intervention, number))
    person = Participant.objects.with_personnummer(number).get()
    assert response.status_code == 302 and response["Location"] == reverse("participants:person", args=[person.pk])
    spell = Participation.objects.get(participant=person)
    assert (spell.intervention, spell.startdatum, spell.forsorjning_fore) == (intervention, datetime.date(2016, 2, 1),
                                                                              "SJUKPENNING")
    assert person.kon == "K" and person.first_name == "Greta"


def test_a_known_person_is_found_by_personnummer_and_not_duplicated(client, users, intervention, other_intervention):
    existing = ParticipationFactory(intervention=other_intervention, startdatum=datetime.date(2014, 1, 1))
    client.force_login(users["deltagaransvarig"])
    number = existing.participant.personnummer
    short = f"{number[2:8]}-{number[8:]}"
    lookup = client.post(reverse("participants:register"), {**start_data(intervention, short), "lookup": "1"})
    # The person is not in this user's interventions: not even that they exist, no name, no spells.
    assert lookup.status_code == 200 and lookup.context["known"] is None
    body = lookup.content.decode()
    assert "PTSD" not in body and number not in body.replace(short, "")
    response = client.post(reverse("participants:register"), start_data(intervention, short))
    assert response.status_code == 302
    assert Participant.objects.count() == 1
    assert existing.participant.participations.count() == 2
    assert AccessEvent.objects.filter(action="SEARCH").exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"p-personnummer": "19121212-1213"}, "personnummer", "kontrollsiffran"),
        ({"p-personnummer": "hej"}, "personnummer", "10 eller 12 siffror"),
        ({"s-samtycke_datum": "2016-02-02"}, "samtycke_datum", "Samtycke måste ha lämnats senast på startdatum"),
        ({"s-samtycke_datum": ""}, "samtycke_datum", "fyllas i"),
        ({"s-startdatum": "2009-12-31", "s-samtycke_datum": "2009-12-01"}, "startdatum", "utanför insatsens datum"),
        ({"s-utbildning": "DOKTOR"}, "utbildning", "giltigt alternativ"),
        ({"s-startdatum": "31/12/2016"}, "startdatum", "giltigt datum"),
    ],
    ids=["luhn", "shape", "consent-after-start", "consent-missing", "outside-intervention", "unknown-code",
         "bad-date"],
)
def test_bad_start_input_is_refused_with_the_field_named_and_nothing_written(
    client, users, intervention, overrides, field, message
):
    number = make_personnummer(datetime.date(1970, 1, 2))
    client.force_login(users["deltagaransvarig"])
    response = client.post(reverse("participants:register"), start_data(intervention, number, **overrides))
    assert response.status_code == 200
    form = response.context["person_form"] if field == "personnummer" else response.context["form"]
    assert message in " ".join(form.errors[field])
    assert "inget är sparat" in response.content.decode()
    assert not Participant.objects.exists() and not Participation.objects.exists()


def test_a_person_under_16_is_refused_and_not_created(client, users, intervention):
    number = make_personnummer(datetime.date(2001, 6, 1))
    client.force_login(users["deltagaransvarig"])
    response = client.post(reverse("participants:register"), start_data(intervention, number))
    assert "fyllt 16 år" in " ".join(response.context["form"].errors["startdatum"])
    assert not Participant.objects.exists()


def test_an_overlapping_spell_is_refused(client, users, intervention):
    spell = ParticipationFactory(intervention=intervention, startdatum=datetime.date(2016, 1, 1))
    client.force_login(users["deltagaransvarig"])
    response = client.post(reverse("participants:register"),
                           start_data(intervention, spell.participant.personnummer))
    assert "överlappar" in " ".join(response.context["form"].errors["startdatum"])
    assert Participation.objects.count() == 1


def test_only_the_users_interventions_are_offered_and_accepted(client, users, intervention, other_intervention):
    client.force_login(users["deltagaransvarig"])
    page = client.get(reverse("participants:register"))
    assert list(page.context["form"].fields["intervention"].queryset) == [intervention]
    number = make_personnummer(datetime.date(1970, 1, 2))
    response = client.post(reverse("participants:register"), start_data(other_intervention, number))
    assert response.status_code == 200 and "intervention" in response.context["form"].errors
    assert not Participation.objects.exists()


def test_registering_the_end(client, users, intervention):
    spell = ParticipationFactory(intervention=intervention, startdatum=datetime.date(2016, 1, 1))
    client.force_login(users["deltagaransvarig"])
    response = client.post(reverse("participants:end", args=[spell.pk]), {
        "slutdatum": "2016-06-30", "avslutsorsak": "ARBETSMARKNAD", "sysselsattning_efter": "ARBETE",
        "forsorjning_efter": "LON", "expected_version": spell.version,
    })
    assert response.status_code == 302
    spell.refresh_from_db()
    assert (spell.slutdatum, spell.avslutsorsak, spell.sysselsattning_efter, spell.forsorjning_efter) == (
        datetime.date(2016, 6, 30), "ARBETSMARKNAD", "ARBETE", "LON")
    assert spell.version == 2


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"slutdatum": "2015-12-31"}, "slutdatum", "före startdatum"),
        ({"slutdatum": ""}, "slutdatum", "fyllas i"),
        ({"avslutsorsak": ""}, "avslutsorsak", "Måste anges när slutdatum är ifyllt"),
        ({"forsorjning_efter": ""}, "forsorjning_efter", "Måste anges när slutdatum är ifyllt"),
    ],
    ids=["before-start", "no-date", "no-reason", "no-support"],
)
def test_bad_end_input_is_refused_and_the_spell_stays_open(client, users, intervention, data, field, message):
    spell = ParticipationFactory(intervention=intervention, startdatum=datetime.date(2016, 1, 1))
    client.force_login(users["deltagaransvarig"])
    post = {"slutdatum": "2016-06-30", "avslutsorsak": "ARBETSMARKNAD", "sysselsattning_efter": "ARBETE",
            "forsorjning_efter": "LON", "expected_version": 1, **data}
    response = client.post(reverse("participants:end", args=[spell.pk]), post)
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    spell.refresh_from_db()
    assert spell.slutdatum is None and spell.version == 1


def test_an_empty_end_form_names_each_missing_field_once(client, users, intervention):
    spell = ParticipationFactory(intervention=intervention, startdatum=datetime.date(2016, 1, 1))
    client.force_login(users["deltagaransvarig"])
    response = client.post(reverse("participants:end", args=[spell.pk]), {
        "slutdatum": "2016-06-30", "avslutsorsak": "", "sysselsattning_efter": "", "forsorjning_efter": "",
        "expected_version": 1})
    errors = response.context["form"].errors
    for field in ("avslutsorsak", "sysselsattning_efter", "forsorjning_efter"):
        assert errors[field] == ["Måste anges när slutdatum är ifyllt."], field
    assert "Det som står nedan behöver rättas" in response.content.decode()


def test_a_stale_edit_is_refused_and_nothing_is_overwritten(client, users, intervention):
    spell = ParticipationFactory(intervention=intervention, startdatum=datetime.date(2016, 1, 1))
    client.force_login(users["deltagaransvarig"])
    # Someone else saves first.
    spell.utbildning = "HOGSKOLA"
    spell.save()
    response = client.post(reverse("participants:edit", args=[spell.pk]), {
        "intervention": intervention.pk, "samtycke_datum": "2016-01-01", "startdatum": "2016-01-01",
        "utbildning": "GRUNDSKOLA", "tid_offentlig_forsorjning": "UPP_TILL_1", "forsorjning_fore": "LON",
        "expected_version": 1,
    })
    assert response.status_code == 200
    assert "ändrats av någon annan" in response.content.decode()
    spell.refresh_from_db()
    assert spell.utbildning == "HOGSKOLA" and spell.forsorjning_fore == "FORSORJNINGSSTOD" and spell.version == 2


def test_a_race_at_save_time_is_caught_and_refused(client, users, intervention, monkeypatch):
    """The form's version check passes, but another save lands before ours: StaleEditError at save."""
    spell = ParticipationFactory(intervention=intervention, startdatum=datetime.date(2016, 1, 1))
    client.force_login(users["deltagaransvarig"])
    from participants import forms

    original = forms.VersionedModelForm.clean

    def clean_then_someone_saves(self):
        cleaned = original(self)
        Participation.objects.filter(pk=spell.pk).update(version=5, utbildning="HOGSKOLA")
        return cleaned

    monkeypatch.setattr(forms.VersionedModelForm, "clean", clean_then_someone_saves)
    response = client.post(reverse("participants:end", args=[spell.pk]), {
        "slutdatum": "2016-06-30", "avslutsorsak": "ARBETSMARKNAD", "sysselsattning_efter": "ARBETE",
        "forsorjning_efter": "LON", "expected_version": 1,
    })
    assert response.status_code == 200 and "ändrats av någon annan" in response.content.decode()
    spell.refresh_from_db()
    assert spell.slutdatum is None and spell.version == 5


def test_an_edit_cannot_move_a_spell_into_someone_elses_intervention(client, users, intervention, other_intervention):
    spell = ParticipationFactory(intervention=intervention, startdatum=datetime.date(2016, 1, 1))
    client.force_login(users["deltagaransvarig"])
    response = client.post(reverse("participants:edit", args=[spell.pk]), {
        "intervention": other_intervention.pk, "samtycke_datum": "2016-01-01", "startdatum": "2016-01-01",
        "utbildning": "GRUNDSKOLA", "tid_offentlig_forsorjning": "UPP_TILL_1", "forsorjning_fore": "LON",
        "expected_version": 1,
    })
    assert response.status_code == 200 and "intervention" in response.context["form"].errors
    spell.refresh_from_db()
    assert spell.intervention == intervention


def test_anonymous_registration_create_edit_and_refusals(client, users, world, intervention):
    client.force_login(users["deltagaransvarig"])
    url = reverse("participants:anonymous_create")
    ok = client.post(url, {"intervention": intervention.pk, "kon": "M", "startdatum": "2016-01-05", "antal": 3})
    assert ok.status_code == 302
    made = AnonymousRegistration.objects.get(kon="M", antal=3)
    bad = client.post(url, {"intervention": intervention.pk, "kon": "X", "startdatum": "2016-01-05",
                            "slutdatum": "2016-01-01", "antal": 0})
    assert bad.status_code == 200 and {"kon", "slutdatum", "antal"} <= set(bad.context["form"].errors)
    edit = client.post(reverse("participants:anonymous_edit", args=[made.pk]), {
        "intervention": intervention.pk, "kon": "M", "startdatum": "2016-01-05", "antal": 4, "expected_version": 1})
    assert edit.status_code == 302
    stale = client.post(reverse("participants:anonymous_edit", args=[made.pk]), {
        "intervention": intervention.pk, "kon": "M", "startdatum": "2016-01-05", "antal": 9, "expected_version": 1})
    assert stale.status_code == 200 and "ändrats av någon annan" in stale.content.decode()
    made.refresh_from_db()
    assert made.antal == 4


def test_volume_registration_checks_the_parts_against_the_total(client, users, world, intervention):
    client.force_login(users["deltagaransvarig"])
    url = reverse("participants:volume_create")
    bad = client.post(url, {"intervention": intervention.pk, "datum": "2016-03-01", "antal": 10,
                            "antal_kvinnor": 8, "antal_man": 5})
    assert bad.status_code == 200
    assert "inte vara fler än antal" in " ".join(bad.context["form"].errors["antal_kvinnor"])
    ok = client.post(url, {"intervention": intervention.pk, "datum": "2016-03-01", "antal": 10,
                           "antal_kvinnor": 4, "antal_man": 5, "beskrivning": "Föreläsning"})
    assert ok.status_code == 302
    assert VolumeRegistration.objects.filter(beskrivning="Föreläsning", antal=10).exists()


def test_a_mode_the_intervention_does_not_allow_is_not_offered(client, users, intervention):
    client.force_login(users["deltagaransvarig"])
    assert client.get(reverse("participants:anonymous_create")).status_code == 403


def test_a_new_spell_for_a_known_person_starts_from_their_page(client, users, world):
    client.force_login(users["deltagaransvarig"])
    person = world["own"].participant
    response = client.get(reverse("participants:register"), {"deltagare": person.pk})
    assert response.context["person_form"].initial["personnummer"] == world["own_number"]
    other = world["other"].participant
    assert client.get(reverse("participants:register"), {"deltagare": other.pk}).status_code == 404


# --- findings of the security review (issue 12) ----------------------------------------


@pytest.mark.parametrize("target", ["https://evil.example/phish", "//evil.example/x", "/\\evil.example"])
def test_the_end_form_never_sends_the_user_to_another_site(client, users, intervention, target):
    spell = ParticipationFactory(intervention=intervention, startdatum=datetime.date(2016, 1, 1))
    client.force_login(users["deltagaransvarig"])
    url = reverse("participants:end", args=[spell.pk])
    assert target not in client.get(url, {"next": target}).content.decode()
    response = client.post(url, {
        "slutdatum": "2016-06-30", "avslutsorsak": "ARBETSMARKNAD", "sysselsattning_efter": "ARBETE",
        "forsorjning_efter": "LON", "expected_version": 1, "next": target,
    })
    assert response.status_code == 302 and response["Location"] == reverse("participants:list")


def test_the_end_form_follows_a_next_on_this_site(client, users, intervention):
    spell = ParticipationFactory(intervention=intervention, startdatum=datetime.date(2016, 1, 1))
    client.force_login(users["deltagaransvarig"])
    response = client.post(reverse("participants:end", args=[spell.pk]), {
        "slutdatum": "2016-06-30", "avslutsorsak": "ARBETSMARKNAD", "sysselsattning_efter": "ARBETE",
        "forsorjning_efter": "LON", "expected_version": 1, "next": "/",
    })
    assert response.status_code == 302 and response["Location"] == "/"


@pytest.mark.parametrize("view", ["end", "edit"])
def test_a_post_without_the_version_it_was_read_at_overwrites_nothing(client, users, intervention, view):
    spell = ParticipationFactory(intervention=intervention, startdatum=datetime.date(2016, 1, 1))
    Participation.objects.filter(pk=spell.pk).update(version=2, utbildning="HOGSKOLA")  # someone else saved
    client.force_login(users["deltagaransvarig"])
    data = {"slutdatum": "2016-06-30", "avslutsorsak": "ARBETSMARKNAD", "sysselsattning_efter": "ARBETE",
            "forsorjning_efter": "LON", "intervention": intervention.pk, "samtycke_datum": "2016-01-01",
            "startdatum": "2016-01-01", "utbildning": "GRUNDSKOLA", "tid_offentlig_forsorjning": "UPP_TILL_1",
            "forsorjning_fore": "LON"}
    response = client.post(reverse(f"participants:{view}", args=[spell.pk]), data)  # no expected_version
    assert response.status_code == 200
    assert "ändrats av någon annan" in response.content.decode()
    spell.refresh_from_db()
    assert (spell.utbildning, spell.slutdatum, spell.version) == ("HOGSKOLA", None, 2)


def test_anonymous_and_volume_edits_need_the_version_too(client, users, world):
    client.force_login(users["deltagaransvarig"])
    anonymous = world["own_anonymous"]
    response = client.post(reverse("participants:anonymous_edit", args=[anonymous.pk]), {
        "intervention": anonymous.intervention_id, "kon": "M", "startdatum": "2016-01-01", "antal": 7,
    })
    assert response.status_code == 200 and "ändrats av någon annan" in response.content.decode()
    anonymous.refresh_from_db()
    assert anonymous.antal != 7


def test_the_lookup_does_not_tell_whether_someone_outside_ones_interventions_exists(
        client, users, intervention, other_intervention):
    elsewhere = ParticipationFactory(intervention=other_intervention, startdatum=datetime.date(2014, 1, 1))
    unknown = make_personnummer(datetime.date(1971, 3, 4), female=True)
    client.force_login(users["deltagaransvarig"])
    answers = []
    for number in (elsewhere.participant.personnummer, unknown):
        response = client.post(reverse("participants:register"), {**start_data(intervention, number), "lookup": "1"})
        body = response.content.decode()
        answers.append(body.replace(number, "NUMBER").replace(f"{number[:8]}-{number[8:]}", "NUMBER"))
        assert "finns redan" not in body and response.context["known"] is None
    # Byte for byte the same page (the CSRF token aside) for a stranger and for a person elsewhere.
    import re
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert strip.sub("", answers[0]) == strip.sub("", answers[1])


def test_the_lookup_shows_a_person_already_in_ones_own_intervention(client, users, intervention):
    own = ParticipationFactory(intervention=intervention, startdatum=datetime.date(2014, 1, 1),
                               slutdatum=datetime.date(2014, 6, 1), avslutsorsak="ANNAT",
                               sysselsattning_efter="OKAND", forsorjning_efter="OKAND")
    client.force_login(users["deltagaransvarig"])
    response = client.post(reverse("participants:register"),
                           {**start_data(intervention, own.participant.personnummer), "lookup": "1"})
    assert response.context["known"] == own.participant
    assert "Personen finns redan bland dina deltagare" in response.content.decode()


@pytest.mark.parametrize("value", ["abc", "1.5", "-1", "99999999999999999999999"])
def test_a_malformed_person_in_the_register_link_is_not_found_rather_than_an_error(client, users, value):
    client.force_login(users["deltagaransvarig"])
    assert client.get(reverse("participants:register"), {"deltagare": value}).status_code == 404
