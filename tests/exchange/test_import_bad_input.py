"""Every bad input gives clear `row N: COLUMN: message` lines, exit 1, and writes nothing."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest

from audit.models import AccessEvent
from participants.models import AnonymousRegistration, Participant, Participation
from tests.factories import InterventionFactory, ParticipantFactory, ParticipationFactory

from .conftest import participation_file, participation_row, pnr

pytestmark = pytest.mark.django_db


def nothing_written():
    return not Participation.objects.exists() and not Participant.objects.exists()


def test_invalid_personnummer_on_a_middle_row_writes_nothing_from_earlier_rows(import_file, intervention):
    content = participation_file(
        participation_row(pnr(1980)),
        participation_row(pnr(1981)),
        participation_row("19800101-1235"),
        participation_row(pnr(1982)),
    )
    outcome = import_file(content, "participations")
    assert outcome.code == 1
    assert outcome.err_lines == [
        "row 4: personnummer: Ogiltigt personnummer: kontrollsiffran eller datumet stämmer inte."
    ]
    assert outcome.out == ""
    assert nothing_written()


def test_unknown_code_names_the_row_and_column(import_file, intervention):
    content = participation_file(participation_row(pnr()).replace("GYMNASIUM", "LUFTSLOTT"))
    outcome = import_file(content, "participations")
    assert outcome.code == 1
    assert outcome.err_lines[0].startswith("row 2: utbildning: Okänd kod ”LUFTSLOTT”")
    assert nothing_written()


def test_end_before_start_is_an_error(import_file, intervention):
    row = participation_row(pnr(), start="2015-03-01", end="2015-02-01", reason="ANNAT", after="INGEN",
                            support_after="OKAND")
    outcome = import_file(participation_file(row), "participations")
    assert outcome.code == 1
    assert "row 2: slutdatum: Slutdatum får inte vara före startdatum." in outcome.err_lines
    assert nothing_written()


def test_end_fields_without_end_date_are_errors(import_file, intervention):
    row = participation_row(pnr(), reason="ANNAT", after="INGEN")
    outcome = import_file(participation_file(row), "participations")
    assert outcome.code == 1
    assert outcome.err_lines == [
        "row 2: avslutsorsak: Får bara anges tillsammans med slutdatum.",
        "row 2: sysselsattning_efter: Får bara anges tillsammans med slutdatum.",
    ]


def test_end_date_without_end_fields_is_an_error(import_file, intervention):
    outcome = import_file(participation_file(participation_row(pnr(), end="2015-06-01")), "participations")
    assert outcome.code == 1
    assert "row 2: avslutsorsak: Måste anges när slutdatum är ifyllt." in outcome.err_lines


def test_consent_after_start_is_an_error(import_file, intervention):
    row = participation_row(pnr(), start="2015-03-01", consent="2015-03-02")
    outcome = import_file(participation_file(row), "participations")
    assert outcome.err_lines == ["row 2: samtycke_datum: Samtycke måste ha lämnats senast på startdatum."]


def test_unknown_intervention_is_an_error(import_file, intervention):
    outcome = import_file(participation_file(participation_row(pnr(), insats="FINNSINTE")), "participations")
    assert outcome.code == 1
    assert outcome.err_lines == ["row 2: insats: Okänd insats ”FINNSINTE”."]


def test_intervention_that_does_not_allow_the_mode_is_an_error(import_file, anonymous_intervention, intervention):
    outcome = import_file(participation_file(participation_row(pnr(), insats="ACT")), "participations")
    assert outcome.err_lines == ["row 2: insats: Insatsen ACT tar inte emot registrering med personuppgifter."]
    outcome = import_file("insats,kon,startdatum\nAKTIVITETSCENTER,K,2015-03-01\n", "anonymous")
    assert outcome.err_lines == ["row 2: insats: Insatsen AKTIVITETSCENTER tar inte emot anonym registrering."]
    assert not AnonymousRegistration.objects.exists()


def test_duplicate_key_within_the_file_is_an_error_on_the_second_row(import_file, intervention):
    number = pnr()
    content = participation_file(participation_row(number), participation_row(pnr(1990)), participation_row(number))
    outcome = import_file(content, "participations")
    assert outcome.code == 1
    assert outcome.err_lines == [
        "row 4: startdatum: Samma nyckel (insats, personnummer, startdatum) som rad 2 i filen."
    ]
    assert nothing_written()


def test_duplicate_extern_id_within_the_file_is_an_error(import_file, anonymous_intervention):
    content = "extern_id,insats,kon,startdatum\nA-1,ACT,K,2015-01-01\nA-2,ACT,M,2015-01-01\nA-1,ACT,M,2015-02-01\n"
    outcome = import_file(content, "anonymous")
    assert outcome.err_lines == ["row 4: extern_id: Samma nyckel (extern_id) som rad 2 i filen."]
    assert not AnonymousRegistration.objects.exists()


def test_overlap_with_an_existing_spell_is_an_error(import_file, intervention):
    person = ParticipantFactory()
    ParticipationFactory(participant=person, intervention=intervention, startdatum=datetime.date(2015, 1, 1))
    outcome = import_file(participation_file(participation_row(person.personnummer, start="2015-06-01")),
                          "participations")
    assert outcome.code == 1
    assert outcome.err_lines[0].startswith("row 2: startdatum: Personen har redan ett deltagande i AKTIVITETSCENTER")
    assert Participation.objects.count() == 1


def test_overlap_between_rows_of_the_same_file_is_an_error(import_file, intervention):
    number = pnr()
    first = participation_row(number, start="2015-01-01", end="2015-03-01", reason="ANNAT", after="INGEN",
                              support_after="OKAND")
    second = participation_row(number, start="2015-03-01")  # inclusive: starts the day the first ends
    outcome = import_file(participation_file(first, second), "participations")
    assert outcome.code == 1
    assert outcome.err_lines == [
        "row 3: startdatum: Överlappar rad 2 i filen, samma person och insats (2015-01-01 – 2015-03-01)."
    ]
    assert nothing_written()


def test_felregistrering_spells_do_not_overlap(import_file, intervention):
    number = pnr()
    first = participation_row(number, start="2015-01-01", end="2015-01-02", reason="FELREGISTRERING",
                              after="OKAND", support_after="OKAND")
    second = participation_row(number, start="2015-01-02")
    outcome = import_file(participation_file(first, second), "participations")
    assert (outcome.code, outcome.out) == (0, "created 2, updated 0, unchanged 0")


def test_kon_conflicting_with_the_known_person_is_an_error(import_file, intervention):
    person = ParticipantFactory(female=True)
    outcome = import_file(participation_file(participation_row(person.personnummer, kon="M")), "participations")
    assert outcome.err_lines == [
        "row 2: kon: Personen är redan registrerad med kön K; kön hör till personen."
    ]


def test_unknown_column_is_an_error(import_file, intervention):
    content = participation_file(participation_row(pnr())).replace("efternamn,", "efternman,", 1)
    outcome = import_file(content, "participations")
    assert outcome.code == 1
    assert outcome.err_lines[0].startswith("row 1: efternman: Okänd kolumn")
    assert nothing_written()


def test_missing_required_column_is_one_clear_line(import_file, intervention):
    outcome = import_file("insats,personnummer,startdatum\nAKTIVITETSCENTER,198005171234,2015-01-01\n",
                          "participations")
    assert outcome.code == 1
    assert outcome.err_lines == [
        "Obligatoriska kolumner saknas: samtycke_datum, utbildning, tid_offentlig_forsorjning, forsorjning_fore."
    ]


def test_file_of_another_kind_says_so(import_file, intervention):
    outcome = import_file("extern_id,insats,datum,antal\nX,REKO,2015-01-01,3\n", "anonymous")
    assert outcome.code == 1
    assert len(outcome.err_lines) == 1
    assert "Filen ser ut att vara av typen volume, inte anonymous." in outcome.err_lines[0]


def test_empty_file_is_one_clear_line(import_file, db):
    for content in (b"", b"\xef\xbb\xbf", b"\n\n  \n"):
        outcome = import_file(content, "participations")
        assert (outcome.code, outcome.err_lines) == (1, ["Filen är tom."])


def test_binary_garbage_is_one_clear_line(import_file, db):
    garbage = bytes(range(256)) * 40
    outcome = import_file(garbage, "participations", name="garbage.csv")
    assert outcome.code == 1
    assert outcome.err_lines == ["Filen är inte en tabell (CSV, XLSX eller ODS) utan binärt innehåll."]


def test_damaged_xlsx_is_one_clear_line(import_file, db):
    outcome = import_file(b"PK\x03\x04" + b"\x00not really a zip" * 10, "participations", name="bad.xlsx")
    assert outcome.code == 1
    assert len(outcome.err_lines) == 1


def test_a_very_long_line_is_a_row_error_not_a_crash(import_file, intervention):
    long_name = "A" * 2_000_000
    outcome = import_file(participation_file(participation_row(pnr(), fornamn=long_name)), "participations")
    assert outcome.code == 1
    assert outcome.err_lines == ["row 2: fornamn: Texten är 2000000 tecken lång; högst 1000 tecken är tillåtet."]
    assert nothing_written()


def test_a_cell_just_over_1000_characters_is_an_error(import_file, volume_intervention):
    content = f"insats,datum,antal,beskrivning\nREKO,2015-01-01,3,{'x' * 1001}\nREKO,2015-01-01,3,{'x' * 1000}\n"
    outcome = import_file(content, "volume")
    assert outcome.err_lines == ["row 2: beskrivning: Texten är 1001 tecken lång; högst 1000 tecken är tillåtet."]


def test_header_only_file_succeeds_with_zero_counts(import_file, db):
    outcome = import_file(participation_file(), "participations")
    assert (outcome.code, outcome.out, outcome.err) == (0, "created 0, updated 0, unchanged 0", "")


def test_missing_file_is_one_clear_line(db):
    from .conftest import run_command

    outcome = run_command("import_sus", "/nonexistent/file.csv", "--kind", "volume")
    assert outcome.code == 1
    assert len(outcome.err_lines) == 1 and "kan inte öppnas" in outcome.err


def test_every_import_is_recorded_in_the_audit_trail(import_file, intervention):
    import_file(participation_file(participation_row(pnr())), "participations")
    event = AccessEvent.objects.get(action="IMPORT")
    assert event.user is None
    assert event.target.startswith("import_sus participations ")
    assert event.details["created"] == 1


def test_the_real_command_exits_1_without_a_traceback(tmp_path, db, settings):
    """Through manage.py in a fresh process: exit status and stderr exactly as a user sees them."""
    path = tmp_path / "garbage.csv"
    path.write_bytes(b"\x00\x01\x02" * 1000)
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=root, env=env, check=True, timeout=300)
    completed = subprocess.run(
        [sys.executable, "manage.py", "import_sus", str(path), "--kind", "participations"],
        cwd=root, capture_output=True, text=True, timeout=120, env=env,
    )
    assert completed.returncode == 1
    assert "Traceback" not in completed.stderr
    assert completed.stderr.strip() == "Filen är inte en tabell (CSV, XLSX eller ODS) utan binärt innehåll."


def test_unknown_organisation_is_an_error(import_file, db):
    content = "kod,namn,inriktning,registrering,huvudman,startdatum\nNY,Ny insats,INDIVID,PERSON,NASA,2015-01-01\n"
    outcome = import_file(content, "interventions")
    assert outcome.code == 1
    assert outcome.err_lines[0].startswith("row 2: huvudman: Okänd organisation ”NASA”")


def test_bad_dates_and_numbers_are_errors(import_file, volume_intervention):
    content = "insats,datum,antal\nREKO,2015-13-01,3\nREKO,1/3/2015,3\nREKO,2015-01-01,tre\nREKO,2015-01-01,0\n"
    outcome = import_file(content, "volume")
    assert outcome.err_lines == [
        "row 2: datum: Ogiltigt datum ”2015-13-01”: ange ÅÅÅÅ-MM-DD eller ÅÅÅÅMMDD.",
        "row 3: datum: Ogiltigt datum ”1/3/2015”: ange ÅÅÅÅ-MM-DD eller ÅÅÅÅMMDD.",
        "row 4: antal: ”tre” är inte ett heltal.",
        "row 5: antal: Kontrollera att detta värde är större än eller lika med 1. Antal måste vara minst 1.",
    ]


@pytest.mark.parametrize("kind", ["interventions", "participations", "anonymous", "volume"])
def test_missing_required_value_is_a_row_error(import_file, kind, intervention):
    InterventionFactory(code="ACT", allows_anonymous=True)
    InterventionFactory(code="REKO", allows_volume=True)
    content = {
        "interventions": "kod,namn,inriktning,registrering,startdatum\nX,,INDIVID,PERSON,2015-01-01\n",
        "participations": participation_file(participation_row("")),
        "anonymous": "insats,kon,startdatum\nACT,,2015-01-01\n",
        "volume": "insats,datum,antal\nREKO,2015-01-01,\n",
    }[kind]
    outcome = import_file(content, kind)
    assert outcome.code == 1
    assert outcome.err_lines[0].endswith(": Måste anges.")
    assert outcome.err_lines[0].startswith("row 2: ")


def test_a_name_longer_than_the_person_record_holds_is_a_row_error(import_file, intervention):
    """As in the web form: the person's own field (100 characters) decides, not only the
    file's 1,000-character cell limit."""
    rows = [participation_row(pnr(), fornamn="Å" * 101), participation_row(pnr(1990), efternamn="B" * 100)]
    outcome = import_file(participation_file(*rows), "participations")
    assert outcome.code == 1
    assert outcome.err_lines == ["row 2: fornamn: Säkerställ att detta värde har som mest 100 tecken (den har 101)."]
    assert not Participant.objects.exists()


def test_two_rows_giving_one_person_different_names_is_an_error_on_the_second(import_file, intervention):
    number = pnr()
    ended = {"end": "2015-01-31", "reason": "ANNAT", "after": "INGEN", "support_after": "OKAND"}
    rows = [
        participation_row(number, start="2015-01-01", fornamn="Anna", **ended),
        participation_row(number, start="2015-03-01", efternamn="Ek", **{**ended, "end": "2015-03-31"}),
        participation_row(number, start="2015-06-01", fornamn="Berit", efternamn="Ek"),  # efternamn the same
    ]
    outcome = import_file(participation_file(*rows), "participations")
    assert outcome.err_lines == ["row 4: fornamn: Samma personnummer har ett annat förnamn på rad 2 i filen."]
    assert not Participant.objects.exists()
