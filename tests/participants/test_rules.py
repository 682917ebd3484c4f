"""Every rule of domain.md, with a bad and a good case. The same rules serve every entry path."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from participants.models import Participation, StaleEditError
from tests.factories import (
    AnonymousRegistrationFactory,
    InterventionFactory,
    ParticipantFactory,
    ParticipationFactory,
    VolumeRegistrationFactory,
)

D = datetime.date


def build(**overrides):
    values = dict(
        participant=overrides.pop("participant", None) or ParticipantFactory(),
        intervention=overrides.pop("intervention", None) or InterventionFactory(),
        samtycke_datum=D(2015, 3, 1),
        startdatum=D(2015, 3, 1),
        utbildning="GYMNASIUM",
        tid_offentlig_forsorjning="UPP_TILL_1",
        forsorjning_fore="FORSORJNINGSSTOD",
    )
    values.update(overrides)
    return Participation(**values)


def errors_of(participation):
    with pytest.raises(ValidationError) as raised:
        participation.full_clean()
    return raised.value.message_dict


def test_a_complete_start_registration_is_valid(db):
    build().full_clean()


def test_consent_after_start_is_refused(db):
    assert "samtycke_datum" in errors_of(build(samtycke_datum=D(2015, 3, 2)))


def test_consent_on_or_before_start_is_accepted(db):
    build(samtycke_datum=D(2015, 3, 1)).full_clean()
    build(samtycke_datum=D(2015, 2, 1)).full_clean()


def test_missing_consent_is_refused(db):
    assert "samtycke_datum" in errors_of(build(samtycke_datum=None))


def test_end_before_start_is_refused(db):
    errors = errors_of(
        build(slutdatum=D(2015, 2, 28), avslutsorsak="OHALSA", sysselsattning_efter="INGEN", forsorjning_efter="OKAND")
    )
    assert "slutdatum" in errors


def test_end_on_start_day_is_accepted(db):
    build(slutdatum=D(2015, 3, 1), avslutsorsak="OHALSA", sysselsattning_efter="INGEN",
          forsorjning_efter="OKAND").full_clean()


def test_end_date_without_the_other_end_fields_is_refused(db):
    errors = errors_of(build(slutdatum=D(2015, 6, 1)))
    assert {"avslutsorsak", "sysselsattning_efter", "forsorjning_efter"} <= set(errors)


def test_end_fields_without_end_date_are_refused(db):
    errors = errors_of(build(avslutsorsak="OHALSA"))
    assert "avslutsorsak" in errors


def test_an_intervention_without_person_mode_refuses_participations(db):
    anonymous_only = InterventionFactory(allows_person=False, allows_anonymous=True)
    assert "intervention" in errors_of(build(intervention=anonymous_only))


def test_start_outside_the_interventions_dates_is_refused(db):
    closed = InterventionFactory(startdatum=D(2014, 1, 1), slutdatum=D(2014, 12, 31))
    assert "startdatum" in errors_of(build(intervention=closed))
    build(intervention=closed, startdatum=D(2014, 12, 31), samtycke_datum=D(2014, 12, 1)).full_clean()


def test_a_person_under_16_on_the_start_date_is_refused(db):
    young = ParticipantFactory(birth=D(1999, 3, 2))
    assert "startdatum" in errors_of(build(participant=young))  # 15 on 2015-03-01
    build(participant=young, startdatum=D(2015, 3, 2), samtycke_datum=D(2015, 3, 2)).full_clean()  # turns 16


def test_overlapping_spells_in_the_same_intervention_are_refused(db):
    first = ParticipationFactory(startdatum=D(2015, 1, 1), slutdatum=D(2015, 3, 1))
    # Dates are inclusive: starting on the day the other ends overlaps it.
    errors = errors_of(build(participant=first.participant, intervention=first.intervention))
    assert "överlappar" in errors["startdatum"][0]


def test_an_open_spell_overlaps_everything_after_its_start(db):
    first = ParticipationFactory(startdatum=D(2015, 1, 1))
    errors = errors_of(build(participant=first.participant, intervention=first.intervention,
                             startdatum=D(2016, 1, 1), samtycke_datum=D(2016, 1, 1)))
    assert "startdatum" in errors


def test_the_day_after_the_previous_end_is_accepted(db):
    first = ParticipationFactory(startdatum=D(2015, 1, 1), slutdatum=D(2015, 2, 28))
    build(participant=first.participant, intervention=first.intervention).full_clean()


def test_spells_in_other_interventions_do_not_overlap(db):
    first = ParticipationFactory(startdatum=D(2015, 1, 1))
    build(participant=first.participant).full_clean()


def test_a_felregistrering_spell_does_not_count_for_overlap(db):
    first = ParticipationFactory(startdatum=D(2015, 1, 1), slutdatum=D(2015, 6, 1), avslutsorsak="FELREGISTRERING")
    build(participant=first.participant, intervention=first.intervention).full_clean()


def test_felregistrering_is_excluded_from_every_population(db):
    kept = ParticipationFactory(startdatum=D(2015, 1, 1), slutdatum=D(2015, 6, 1))
    ParticipationFactory(startdatum=D(2015, 1, 1), slutdatum=D(2015, 6, 1), avslutsorsak="FELREGISTRERING")
    period = (D(2015, 1, 1), D(2015, 12, 31))
    assert list(Participation.objects.active_in(*period)) == [kept]
    assert list(Participation.objects.started_in(*period)) == [kept]
    assert list(Participation.objects.ended_in(*period)) == [kept]
    assert Participation.objects.count() == 2  # kept for the audit


def test_ending_through_the_domain_verb_validates(db):
    spell = ParticipationFactory(startdatum=D(2015, 1, 1))
    with pytest.raises(ValidationError):
        spell.end(slutdatum=D(2014, 12, 1), avslutsorsak="OHALSA", sysselsattning_efter="INGEN",
                  forsorjning_efter="OKAND")
    spell.refresh_from_db()
    assert spell.slutdatum is None
    spell.end(slutdatum=D(2015, 5, 1), avslutsorsak="OHALSA", sysselsattning_efter="INGEN", forsorjning_efter="OKAND")
    spell.refresh_from_db()
    assert spell.slutdatum == D(2015, 5, 1) and spell.version == 2


def test_age_at_start_is_stored_on_the_spell(db):
    spell = ParticipationFactory(participant=ParticipantFactory(birth=D(1985, 3, 1)), startdatum=D(2015, 3, 1))
    assert spell.alder_vid_start == 30  # birthday on the start date counts


def test_a_stale_edit_is_refused_and_nothing_is_overwritten(db):
    spell = ParticipationFactory(startdatum=D(2015, 1, 1))
    first_tab = Participation.objects.get(pk=spell.pk)
    second_tab = Participation.objects.get(pk=spell.pk)
    first_tab.utbildning = "HOGSKOLA"
    first_tab.save()
    second_tab.utbildning = "GRUNDSKOLA"
    with pytest.raises(StaleEditError), transaction.atomic():
        second_tab.save()
    spell.refresh_from_db()
    assert spell.utbildning == "HOGSKOLA" and spell.version == 2


def test_the_database_itself_refuses_consent_after_start(db):
    spell = build()
    spell.samtycke_datum = D(2015, 4, 1)
    spell.participant.save()
    with pytest.raises(IntegrityError), transaction.atomic():
        spell.save()


def test_the_database_itself_refuses_partial_end_fields(db):
    spell = build(slutdatum=D(2015, 4, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        spell.save()


# --- anonymous and volume -------------------------------------------------------------


def test_anonymous_registration_needs_an_intervention_allowing_it(db):
    registration = AnonymousRegistrationFactory.build(intervention=InterventionFactory(allows_anonymous=False))
    with pytest.raises(ValidationError) as raised:
        registration.full_clean()
    assert "intervention" in raised.value.message_dict


def test_anonymous_antal_must_be_at_least_one(db):
    registration = AnonymousRegistrationFactory.build(intervention=InterventionFactory(allows_anonymous=True), antal=0)
    with pytest.raises(ValidationError) as raised:
        registration.full_clean()
    assert "antal" in raised.value.message_dict
    registration.antal = 3
    registration.full_clean()


def test_anonymous_end_before_start_is_refused(db):
    registration = AnonymousRegistrationFactory.build(
        intervention=InterventionFactory(allows_anonymous=True), slutdatum=D(2015, 2, 1)
    )
    with pytest.raises(ValidationError):
        registration.full_clean()


def test_volume_parts_may_not_exceed_the_total(db):
    volume = InterventionFactory(allows_volume=True)
    registration = VolumeRegistrationFactory.build(intervention=volume, antal=10, antal_kvinnor=6, antal_man=5)
    with pytest.raises(ValidationError) as raised:
        registration.full_clean()
    assert "antal_kvinnor" in raised.value.message_dict
    VolumeRegistrationFactory.build(intervention=volume, antal=10, antal_kvinnor=6, antal_man=4).full_clean()
    VolumeRegistrationFactory.build(intervention=volume, antal=10).full_clean()


def test_volume_needs_an_intervention_allowing_it(db):
    registration = VolumeRegistrationFactory.build(intervention=InterventionFactory(allows_volume=False))
    with pytest.raises(ValidationError):
        registration.full_clean()


def test_the_database_refuses_volume_parts_above_the_total(db):
    registration = VolumeRegistrationFactory.build(
        intervention=InterventionFactory(allows_volume=True), antal=5, antal_kvinnor=4, antal_man=4
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        registration.save()
