"""The reading rules of exchange-format.md, one test each."""

from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import Workbook

from interventions.models import Intervention
from participants.models import Participant, Participation, VolumeRegistration
from tests.factories import ParticipantFactory, ParticipationFactory

from .conftest import PARTICIPATION_HEADER, participation_file, participation_row, pnr

pytestmark = pytest.mark.django_db


def only_spell() -> Participation:
    return Participation.objects.select_related("participant").get()


def test_utf8_with_bom_is_read(import_file, intervention):
    content = "\ufeff" + participation_file(participation_row(pnr(), fornamn="Åsa", efternamn="Öberg"))
    outcome = import_file(content.encode("utf-8"), "participations")
    assert outcome.out == "created 1, updated 0, unchanged 0"
    assert only_spell().participant.full_name == "Åsa Öberg"


def test_windows_1252_is_read(import_file, intervention):
    content = participation_file(participation_row(pnr(), fornamn="Åsa", efternamn="Ärlig"))
    outcome = import_file(content.encode("cp1252"), "participations")
    assert outcome.code == 0, outcome.err
    assert only_spell().participant.full_name == "Åsa Ärlig"


def test_semicolon_delimiter_is_detected_from_the_header(import_file, volume_intervention):
    outcome = import_file("insats;datum;antal;beskrivning\nREKO;2015-01-01;12;Föreläsning, del 1\n", "volume")
    assert outcome.code == 0, outcome.err
    assert VolumeRegistration.objects.get().beskrivning == "Föreläsning, del 1"


def test_quoted_fields_may_hold_delimiters_quotes_and_newlines(import_file, volume_intervention):
    content = 'insats,datum,antal,beskrivning\nREKO,2015-01-01,12,"Rad ett, ""citat""\nrad två"\nREKO,2015-01-02,3,x\n'
    outcome = import_file(content, "volume")
    assert outcome.out == "created 2, updated 0, unchanged 0"
    assert VolumeRegistration.objects.get(antal=12).beskrivning == 'Rad ett, "citat"\nrad två'


def test_quoted_record_spanning_lines_counts_as_one_row(import_file, volume_intervention):
    content = 'insats,datum,antal,beskrivning\nREKO,2015-01-01,1,"a\nb\nc"\nREKO,2015-01-01,0,x\n'
    outcome = import_file(content, "volume")
    assert outcome.err_lines[0].startswith("row 3: antal:")


def test_xlsx_first_sheet_with_typed_date_and_number_cells(import_file, intervention):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(PARTICIPATION_HEADER.split(","))
    number = pnr(1975, 2, 3, female=True)
    sheet.append(["AKTIVITETSCENTER", int(number), "", "Eva", "", datetime.datetime(2015, 3, 1),
                  datetime.date(2015, 3, 1), "Gymnasium", "upp till 1 år", "FORSORJNINGSSTOD"])
    workbook.create_sheet("Annat blad").append(["ignoreras"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    outcome = import_file(buffer.getvalue(), "participations", name="deltagare.xlsx")
    assert outcome.out == "created 1, updated 0, unchanged 0", outcome.err
    spell = only_spell()
    assert spell.participant.personnummer == number
    assert spell.startdatum == datetime.date(2015, 3, 1)
    assert spell.tid_offentlig_forsorjning == "UPP_TILL_1"


def test_xlsx_errors_use_the_excel_row_number(import_file, volume_intervention):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["insats", "datum", "antal"])
    sheet.append(["REKO", datetime.date(2015, 1, 1), 5])
    sheet.append(["REKO", datetime.date(2015, 1, 1), "fem"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    outcome = import_file(buffer.getvalue(), "volume", name="volym.xlsx")
    assert outcome.err_lines == ["row 3: antal: ”fem” är inte ett heltal."]


def test_header_names_are_case_insensitive_trimmed_and_in_any_order(import_file, volume_intervention):
    outcome = import_file(" Antal ,DATUM,  Insats\n7,2015-01-01,REKO\n", "volume")
    assert outcome.code == 0, outcome.err
    assert VolumeRegistration.objects.get().antal == 7


def test_cells_are_stripped(import_file, volume_intervention):
    outcome = import_file("insats,datum,antal,beskrivning\n  REKO , 2015-01-01 , 7 ,  text  \n", "volume")
    assert outcome.code == 0, outcome.err
    assert VolumeRegistration.objects.get().beskrivning == "text"


def test_codes_take_code_or_swedish_label_in_any_case(import_file, intervention):
    row = participation_row(pnr(), kon="kvinna").replace(
        "GYMNASIUM,UPP_TILL_1,FORSORJNINGSSTOD", "högskola/universitet,Mer än 9 år,försörjningsstöd"
    )
    outcome = import_file(participation_file(row), "participations")
    assert outcome.code == 0, outcome.err
    spell = only_spell()
    assert (spell.utbildning, spell.tid_offentlig_forsorjning, spell.forsorjning_fore) == (
        "HOGSKOLA", "MER_AN_9", "FORSORJNINGSSTOD"
    )
    assert spell.participant.kon == "K"


def test_dates_in_both_forms(import_file, intervention):
    row = participation_row(pnr(), start="20150301", consent="2015-02-27")
    outcome = import_file(participation_file(row), "participations")
    assert outcome.code == 0, outcome.err
    spell = only_spell()
    assert (spell.samtycke_datum, spell.startdatum) == (datetime.date(2015, 2, 27), datetime.date(2015, 3, 1))


def test_ten_digit_personnummer_with_dash_plus_or_nothing(import_file, intervention):
    young = pnr(1980, 5, 17)
    old = pnr(1910, 1, 2)  # 100 or more: written with +
    rows = [
        participation_row(f"{young[2:8]}-{young[8:]}"),
        participation_row(f"{old[2:8]}+{old[8:]}"),
    ]
    outcome = import_file(participation_file(*rows), "participations")
    assert outcome.code == 0, outcome.err
    numbers = set(Participant.objects.values_list("personnummer", flat=True))
    assert numbers == {young, old}


def test_twelve_digits_with_dash_and_samordningsnummer(import_file, intervention):
    from tests.factories import make_personnummer

    dashed = pnr(1970)
    coordination = make_personnummer(datetime.date(1985, 4, 3), coordination=True)
    rows = [participation_row(f"{dashed[:8]}-{dashed[8:]}"), participation_row(coordination)]
    outcome = import_file(participation_file(*rows), "participations")
    assert outcome.code == 0, outcome.err
    assert Participant.objects.get(is_coordination_number=False).personnummer == dashed
    assert Participant.objects.get(is_coordination_number=True).personnummer == coordination


def test_kon_empty_is_derived_from_the_personnummer(import_file, intervention):
    outcome = import_file(participation_file(participation_row(pnr(female=False))), "participations")
    assert outcome.code == 0
    assert only_spell().participant.kon == "M"


def test_leading_quote_before_a_formula_character_is_removed_other_quotes_kept(import_file, volume_intervention):
    content = (
        "extern_id,insats,datum,antal,beskrivning\n"
        "A,REKO,2015-01-01,1,'=SUMMA(A1)\n"
        "B,REKO,2015-01-01,1,'  +46 40 123\n"
        "C,REKO,2015-01-01,1,'Citat'\n"
        "D,REKO,2015-01-01,1,''=x\n"
    )
    outcome = import_file(content, "volume")
    assert outcome.code == 0, outcome.err
    texts = dict(VolumeRegistration.objects.values_list("extern_id", "beskrivning"))
    assert texts == {"A": "=SUMMA(A1)", "B": "  +46 40 123", "C": "'Citat'", "D": "''=x"}


def test_empty_extern_id_creates_a_new_record_each_time(import_file, volume_intervention):
    content = "extern_id,insats,datum,antal\n,REKO,2015-01-01,4\n"
    import_file(content, "volume")
    outcome = import_file(content, "volume")
    assert outcome.out == "created 1, updated 0, unchanged 0"
    assert VolumeRegistration.objects.count() == 2


def test_unknown_extern_id_creates_the_record_with_that_id(import_file, anonymous_intervention):
    outcome = import_file("extern_id,insats,kon,startdatum\nMIN-ID_1,ACT,M,2015-01-01\n", "anonymous")
    assert outcome.code == 0, outcome.err
    from participants.models import AnonymousRegistration

    record = AnonymousRegistration.objects.get()
    assert (record.extern_id, record.antal) == ("MIN-ID_1", 1)


def test_changed_row_is_updated_and_the_version_goes_up(import_file, intervention):
    spell = ParticipationFactory(intervention=intervention, startdatum=datetime.date(2015, 3, 1))
    row = participation_row(spell.participant.personnummer, start="2015-03-01", end="2015-06-30",
                            reason="ARBETSMARKNAD", after="ARBETE", support_after="LON")
    outcome = import_file(participation_file(row), "participations")
    assert outcome.out == "created 0, updated 1, unchanged 0", outcome.err
    spell.refresh_from_db()
    assert (spell.slutdatum, spell.avslutsorsak, spell.version) == (datetime.date(2015, 6, 30), "ARBETSMARKNAD", 2)


def test_known_person_gets_a_new_spell_and_names(import_file, intervention, other_intervention):
    person = ParticipantFactory()
    row = participation_row(person.personnummer, insats="ptsd", fornamn="Kim")
    outcome = import_file(participation_file(row), "participations")
    assert outcome.out == "created 1, updated 0, unchanged 0", outcome.err
    person.refresh_from_db()
    assert person.first_name == "Kim"
    assert Participant.objects.count() == 1


def test_interventions_file_creates_and_updates(import_file, db):
    content = (
        "kod,namn,inriktning,registrering,huvudman,mal_andel_arbete_studier,startdatum\n"
        "NYTT,Nytt projekt,Strukturövergripande,volym|Person,kommun,40,2016-01-01\n"
    )
    outcome = import_file(content, "interventions")
    assert outcome.out == "created 1, updated 0, unchanged 0", outcome.err
    item = Intervention.objects.get(code="NYTT")
    assert (item.inriktning, item.registration_modes, item.huvudman.code) == ("STRUKTUR", ["PERSON", "VOLYM"], "KOMMUN")
    outcome = import_file(content.replace("40", "60"), "interventions")
    assert outcome.out == "created 0, updated 1, unchanged 0"
    outcome = import_file(content.replace(",40,", ",101,"), "interventions")
    assert outcome.err_lines[0].startswith("row 2: mal_andel_arbete_studier:")
