"""The database never holds a personnummer (or a name) in clear text."""

import datetime

from django.db import connection

from participants.models import Participant
from tests.factories import ParticipantFactory, make_personnummer


def test_the_raw_column_holds_no_personnummer_in_clear_text(db):
    number = make_personnummer(datetime.date(1977, 7, 7))
    ParticipantFactory(personnummer=number, first_name="Astrid", last_name="Lindgren")
    with connection.cursor() as cursor:
        cursor.execute("SELECT personnummer, pnr_hash, first_name, last_name FROM participants_participant")
        raw = cursor.fetchone()
    stored = " ".join(str(value) for value in raw)
    assert number not in stored
    assert number[2:] not in stored  # not the 10-digit form either
    assert "Astrid" not in stored and "Lindgren" not in stored
    assert Participant.objects.get().personnummer == number


def test_a_person_is_found_by_exact_personnummer_in_any_accepted_form(db):
    number = make_personnummer(datetime.date(1980, 1, 2))
    person = ParticipantFactory(personnummer=number)
    assert list(Participant.objects.with_personnummer(number)) == [person]
    assert list(Participant.objects.with_personnummer(f"{number[2:8]}-{number[8:]}")) == [person]
    assert not Participant.objects.with_personnummer("not a number").exists()


def test_masking_shows_only_the_date_part(db):
    number = make_personnummer(datetime.date(1980, 1, 2))
    person = ParticipantFactory(personnummer=number)
    assert person.masked_personnummer == f"{number[:8]}-****"
    assert number[8:] not in person.masked_personnummer


def test_kon_given_overrides_the_derived_one(db):
    person = ParticipantFactory(female=False, kon="K")
    assert person.kon == "K"


def test_removing_identity_keeps_kon_and_birth_year(db):
    person = ParticipantFactory(birth=datetime.date(1970, 6, 1), female=True)
    person.remove_identity()
    person.refresh_from_db()
    assert person.personnummer is None and person.pnr_hash is None and person.birth_date is None
    assert person.kon == "K" and person.birth_year == 1970


def test_the_change_log_holds_no_personnummer_or_name(db):
    number = make_personnummer(datetime.date(1977, 7, 8))
    person = ParticipantFactory(personnummer=number, first_name="Astrid")
    person.last_name = "Ericsson"
    person.save()
    with connection.cursor() as cursor:
        cursor.execute("SELECT changes_text, changes, object_repr FROM auditlog_logentry")
        rows = " ".join(str(value) for row in cursor.fetchall() for value in row)
    assert rows  # the change was logged
    assert number not in rows and number[2:] not in rows
    assert "Astrid" not in rows and "Ericsson" not in rows
