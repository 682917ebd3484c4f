"""Export → import into an empty database → export is byte-identical; re-import changes nothing."""

from __future__ import annotations

import csv
import datetime

import pytest

from audit.models import AccessEvent
from interventions.models import Assignment, Intervention, InterventionBudget, Organisation
from participants.models import AnonymousRegistration, Participant, Participation, VolumeRegistration
from tests.factories import (
    AnonymousRegistrationFactory,
    InterventionFactory,
    ParticipantFactory,
    ParticipationFactory,
    VolumeRegistrationFactory,
)

from .conftest import participation_file, participation_row, pnr, run_command

pytestmark = pytest.mark.django_db

D = datetime.date
KINDS = ("interventions", "participations", "anonymous", "volume")


@pytest.fixture
def registry(db):
    kommun = Organisation.objects.get(code="KOMMUN")
    person_only = InterventionFactory(
        code="AKTIVITETSCENTER", name="Aktivitetscenter", huvudman=kommun, malgrupp="=HYPERLINK(\"x\")",
        effektmal="Struktur, rutiner och \"trygghet\"\nandra raden", mal_andel_arbete_studier=40, arsplatser=150,
        startdatum=D(2012, 1, 1),
    )
    mixed = InterventionFactory(code="UTSIKT", name="Utsikt", allows_person=True, allows_volume=True,
                                startdatum=D(2014, 1, 1), slutdatum=D(2018, 12, 31))
    anonymous = InterventionFactory(code="ACT", name="ACT-team", allows_person=False, allows_anonymous=True,
                                    inriktning="STRUKTUR")
    anna = ParticipantFactory(birth=D(1985, 1, 1), female=True, first_name="+Anna", last_name="Åberg")
    bo = ParticipantFactory(birth=D(1979, 6, 30), female=False)
    ParticipationFactory(participant=anna, intervention=person_only, startdatum=D(2015, 2, 1),
                         samtycke_datum=D(2015, 1, 20))
    ParticipationFactory(participant=anna, intervention=mixed, startdatum=D(2014, 3, 1), slutdatum=D(2014, 9, 30))
    ParticipationFactory(participant=bo, intervention=person_only, startdatum=D(2016, 5, 1), slutdatum=D(2016, 5, 3),
                         avslutsorsak="FELREGISTRERING", sysselsattning_efter="OKAND", forsorjning_efter="OKAND")
    ParticipationFactory(participant=bo, intervention=person_only, startdatum=D(2016, 5, 2))
    AnonymousRegistrationFactory(intervention=anonymous, extern_id="b-2", kon="M", antal=3,
                                 startdatum=D(2015, 1, 1), slutdatum=D(2015, 12, 31))
    AnonymousRegistrationFactory(intervention=anonymous, extern_id="B-1", kon="K", startdatum=D(2016, 1, 1))
    VolumeRegistrationFactory(intervention=mixed, extern_id="V1", datum=D(2015, 4, 1), antal=30, antal_kvinnor=20,
                              beskrivning="-5 grader ute; @alla välkomna")
    VolumeRegistrationFactory(intervention=mixed, extern_id="V2", datum=D(2017, 4, 1), antal=12)


def empty_the_registry():
    Participation.objects.all().delete()
    Participant.objects.all().delete()
    AnonymousRegistration.objects.all().delete()
    VolumeRegistration.objects.all().delete()
    Assignment.objects.all().delete()
    InterventionBudget.objects.all().delete()
    Intervention.objects.all().delete()


def export(directory, *extra):
    outcome = run_command("export_sus", "--out", str(directory), *extra)
    assert outcome.code == 0, outcome.err
    return outcome


def files(directory, fmt="csv"):
    return {kind: (directory / f"{kind}.{fmt}").read_bytes() for kind in KINDS}


def import_all(directory, fmt="csv"):
    outcomes = {}
    for kind in KINDS:
        outcome = run_command("import_sus", str(directory / f"{kind}.{fmt}"), "--kind", kind)
        assert outcome.code == 0, outcome.err
        outcomes[kind] = outcome.out
    return outcomes


def test_export_import_export_is_byte_identical_and_reimport_changes_nothing(registry, tmp_path):
    export(tmp_path / "a")
    first = files(tmp_path / "a")
    empty_the_registry()
    created = import_all(tmp_path / "a")
    assert created == {
        "interventions": "created 3, updated 0, unchanged 0",
        "participations": "created 4, updated 0, unchanged 0",
        "anonymous": "created 2, updated 0, unchanged 0",
        "volume": "created 2, updated 0, unchanged 0",
    }
    export(tmp_path / "b")
    assert files(tmp_path / "b") == first
    again = import_all(tmp_path / "a")
    assert again == {
        "interventions": "created 0, updated 0, unchanged 3",
        "participations": "created 0, updated 0, unchanged 4",
        "anonymous": "created 0, updated 0, unchanged 2",
        "volume": "created 0, updated 0, unchanged 2",
    }


def test_export_format_utf8_comma_newline_codes_sorted_and_neutralised(registry, tmp_path):
    export(tmp_path)
    raw = (tmp_path / "participations.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw
    rows = list(csv.reader((tmp_path / "participations.csv").open(encoding="utf-8", newline="")))
    assert rows[0][:3] == ["insats", "personnummer", "kon"]
    keys = [(row[0], row[1], row[6]) for row in rows[1:]]
    assert keys == sorted(keys)
    assert all(len(row[1]) == 12 and row[1].isdigit() and row[2] in "KM" for row in rows[1:])
    assert "'+Anna" in [row[3] for row in rows[1:]]
    assert "FELREGISTRERING" in [row[11] for row in rows[1:]]
    interventions = list(csv.reader((tmp_path / "interventions.csv").open(encoding="utf-8", newline="")))
    by_code = {row[0]: row for row in interventions[1:]}
    assert by_code["AKTIVITETSCENTER"][5] == "'=HYPERLINK(\"x\")"
    assert by_code["UTSIKT"][3] == "PERSON|VOLYM"
    anonymous = list(csv.reader((tmp_path / "anonymous.csv").open(encoding="utf-8", newline="")))
    assert [row[0] for row in anonymous[1:]] == ["B-1", "b-2"]  # byte order, as text
    volume = (tmp_path / "volume.csv").read_text(encoding="utf-8")
    assert "'-5 grader ute; @alla välkomna" in volume


def test_export_with_a_period_writes_what_overlaps_it(registry, tmp_path):
    export(tmp_path, "--from", "2016-01-01", "--to", "2016-12-31")
    participations = list(csv.reader((tmp_path / "participations.csv").open(encoding="utf-8", newline="")))
    starts = sorted(row[6] for row in participations[1:])
    assert starts == ["2015-02-01", "2016-05-01", "2016-05-02"]  # FELREGISTRERING included, 2014 spell not
    anonymous = list(csv.reader((tmp_path / "anonymous.csv").open(encoding="utf-8", newline="")))
    assert [row[0] for row in anonymous[1:]] == ["B-1"]
    volume = list(csv.reader((tmp_path / "volume.csv").open(encoding="utf-8", newline="")))
    assert volume[1:] == []
    interventions = list(csv.reader((tmp_path / "interventions.csv").open(encoding="utf-8", newline="")))
    assert [row[0] for row in interventions[1:]] == ["ACT", "AKTIVITETSCENTER"]


def test_xlsx_export_imports_back_unchanged(registry, tmp_path):
    export(tmp_path, "--format", "xlsx")
    assert import_all(tmp_path, "xlsx")["participations"] == "created 0, updated 0, unchanged 4"


def test_xlsx_export_into_an_empty_database_gives_the_same_csv(registry, tmp_path):
    export(tmp_path / "csv1")
    export(tmp_path / "xlsx", "--format", "xlsx")
    empty_the_registry()
    import_all(tmp_path / "xlsx", "xlsx")
    export(tmp_path / "csv2")
    assert files(tmp_path / "csv2") == files(tmp_path / "csv1")


def test_export_is_recorded_in_the_audit_trail(registry, tmp_path):
    export(tmp_path)
    event = AccessEvent.objects.get(action="EXPORT")
    assert event.user is None and event.target.startswith("export_sus ")
    assert event.details["rows"]["participations"] == 4


def test_export_refuses_half_a_period(db, tmp_path):
    outcome = run_command("export_sus", "--out", str(tmp_path), "--from", "2016-01-01")
    assert (outcome.code, outcome.err.strip()) == (1, "Ange både --from och --to, eller ingen av dem.")
    outcome = run_command("export_sus", "--out", str(tmp_path), "--from", "2016-01-01", "--to", "2016-13-01")
    assert outcome.code == 1 and "Ogiltigt datum" in outcome.err


def test_dry_run_validates_and_reports_but_writes_nothing(import_file, intervention):
    content = participation_file(participation_row(pnr()), participation_row(pnr(1990)))
    outcome = import_file(content, "participations", "--dry-run")
    assert (outcome.code, outcome.out) == (0, "created 2, updated 0, unchanged 0")
    assert not Participation.objects.exists() and not Participant.objects.exists()
    bad = import_file(participation_file(participation_row("12")), "participations", "--dry-run")
    assert bad.code == 1 and bad.err_lines[0].startswith("row 2: personnummer:")


def test_import_across_chunks_finds_duplicates_and_overlaps_in_earlier_chunks(import_file, intervention, monkeypatch):
    from exchange import importing

    monkeypatch.setattr(importing, "CHUNK_SIZE", 2)
    number = pnr()
    rows = [
        participation_row(number, start="2015-01-01", end="2015-01-31", reason="ANNAT", after="INGEN",
                          support_after="OKAND"),
        participation_row(pnr(1990)),
        participation_row(pnr(1991)),
        participation_row(number, start="2015-01-15"),
        participation_row(number, start="2015-01-01", end="2015-01-31", reason="ANNAT", after="INGEN",
                          support_after="OKAND"),
    ]
    outcome = import_file(participation_file(*rows), "participations")
    assert outcome.err_lines[0].startswith("row 5: startdatum: Personen har redan ett deltagande i AKTIVITETSCENTER")
    assert outcome.err_lines[1] == (
        "row 6: startdatum: Samma nyckel (insats, personnummer, startdatum) som rad 2 i filen."
    )
    assert not Participation.objects.exists()
