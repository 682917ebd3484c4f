"""Files as spreadsheets make them: mojibake refused, date-time cells, ODS, typed XLSX export,
"CSV för Excel", and spreadsheet files that try to cost too much (issue 12 item 6)."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from exchange.formats import open_table
from exchange.tables import FileUnreadable
from participants.models import Participant, Participation, VolumeRegistration

from .conftest import PARTICIPATION_HEADER, participation_file, participation_row, pnr
from .test_roundtrip import KINDS, export, files, import_all, registry  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_dimension(content: bytes, ref: str) -> bytes:
    """The same XLSX declaring another dimension for its sheet."""
    source, out = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                start = data.index(b'<dimension ref="') + len(b'<dimension ref="')
                data = data[:start] + ref.encode() + data[data.index(b'"', start):]
            target.writestr(item, data)
    return out.getvalue()


# --- 1. mojibake -------------------------------------------------------------------------


def garbled(text: str) -> str:
    """What a BOM-less UTF-8 text becomes when opened as Windows-1252 and saved as UTF-8."""
    return "".join(chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252")
                   for b in text.encode("utf-8"))


def test_mojibake_is_a_row_error_naming_the_cell_and_nothing_is_written(import_file, volume_intervention):
    content = ("insats,datum,antal,beskrivning\nREKO,2015-01-01,3,Psykisk hälsa\n"
               f"REKO,2015-01-02,4,{garbled('ohälsa')}\n")
    outcome = import_file(content, "volume")
    assert outcome.code == 1
    assert outcome.err_lines == [
        "row 3: beskrivning: Texten ”ohÃ¤lsa” har fel teckenkodning (”Ã¤” ska vara ”ä”): filen har öppnats med "
        "fel teckenuppsättning och sparats igen. Öppna originalfilen med teckenuppsättningen UTF-8 (Unicode) och "
        "spara den som CSV UTF-8 eller XLSX."
    ]
    assert not VolumeRegistration.objects.exists()


@pytest.mark.parametrize("name", ["Åsa", "Örjan", "Émile", "Ängel", "Öberg – ’Ö’", "Dolores”"])
def test_every_garbled_swedish_letter_and_punctuation_is_caught(import_file, intervention, name):
    outcome = import_file(participation_file(participation_row(pnr(), fornamn=garbled(name))), "participations")
    assert outcome.code == 1
    assert outcome.err_lines[0].startswith(f"row 2: fornamn: Texten ”{garbled(name)}” har fel teckenkodning")
    assert not Participant.objects.exists()


def test_real_swedish_text_is_not_taken_for_mojibake(import_file, volume_intervention):
    text = "Åsa Öberg – ”ärende” ’citat’ Ã la carte, 5 °C, Â"
    outcome = import_file(f'insats,datum,antal,beskrivning\nREKO,2015-01-01,3,"{text}"\n', "volume")
    assert outcome.code == 0, outcome.err
    assert VolumeRegistration.objects.get().beskrivning == text


def test_mojibake_in_an_xlsx_cell_is_refused_too(import_file, intervention):
    row = participation_row(pnr(), efternamn=garbled("Åberg")).split(",")
    outcome = import_file(xlsx_bytes([PARTICIPATION_HEADER.split(","), row]), "participations", name="f.xlsx")
    assert outcome.code == 1
    assert outcome.err_lines[0].startswith("row 2: efternamn: Texten ”Ã…berg” har fel teckenkodning")


# --- 3. a date cell holding a time ---------------------------------------------------------


def test_a_date_time_cell_on_a_date_column_is_read_as_its_date(import_file, intervention):
    row = participation_row(pnr()).split(",")
    row[5] = datetime.datetime(2015, 2, 20, 0, 0)  # samtycke_datum
    row[6] = datetime.datetime(2015, 3, 1, 12, 0)  # startdatum: shows 2015-03-01, holds 12:00
    outcome = import_file(xlsx_bytes([PARTICIPATION_HEADER.split(","), row]), "participations", name="f.xlsx")
    assert outcome.code == 0, outcome.err
    spell = Participation.objects.get()
    assert (spell.samtycke_datum, spell.startdatum) == (datetime.date(2015, 2, 20), datetime.date(2015, 3, 1))


@pytest.mark.parametrize("text", ["2015-03-01 12:00", "2015-03-01T00:00:00", "2015-03-01 00:00"])
def test_a_text_with_a_time_part_stays_an_error(import_file, volume_intervention, text):
    outcome = import_file(f"insats,datum,antal\nREKO,{text},3\n", "volume")
    assert outcome.err_lines == [f"row 2: datum: Ogiltigt datum ”{text}”: ange ÅÅÅÅ-MM-DD eller ÅÅÅÅMMDD."]


# --- 4. ODS ------------------------------------------------------------------------------

ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def ods_bytes(rows_xml: str, *, mimetype=b"application/vnd.oasis.opendocument.spreadsheet") -> bytes:
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODS_NS}><office:body>'
               f'<office:spreadsheet><table:table table:name="Blad1">{rows_xml}</table:table>'
               '<table:table table:name="Blad2"><table:table-row><table:table-cell office:value-type="string">'
               '<text:p>ignoreras</text:p></table:table-cell></table:table-row></table:table>'
               '</office:spreadsheet></office:body></office:document-content>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", mimetype, compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def text_cell(text: str, repeat: int = 1) -> str:
    times = f' table:number-columns-repeated="{repeat}"' if repeat > 1 else ""
    return f'<table:table-cell office:value-type="string"{times}><text:p>{text}</text:p></table:table-cell>'


def test_ods_is_read_with_repeated_cells_typed_dates_numbers_and_spaces(import_file, intervention):
    number = pnr(1975, 2, 3, female=True)
    header = "".join(text_cell(name) for name in PARTICIPATION_HEADER.split(","))
    row = (
        text_cell("AKTIVITETSCENTER")
        + f'<table:table-cell office:value-type="float" office:value="{number}"/>'
        + '<table:table-cell table:number-columns-repeated="1"/>'
        + '<table:table-cell office:value-type="string"><text:p>Eva<text:s text:c="2"/>Li</text:p></table:table-cell>'
        + "<table:table-cell/>"
        + '<table:table-cell office:value-type="date" office:date-value="2015-03-01T09:30:00"/>' * 2
        + text_cell("Gymnasium") + text_cell("upp till 1 år") + text_cell("FORSORJNINGSSTOD")
        + '<table:table-cell table:number-columns-repeated="1020"/>'
    )
    empty_rows = ('<table:table-row table:number-rows-repeated="1048570">'
                  '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>')
    content = ods_bytes(f"<table:table-row>{header}</table:table-row><table:table-row>{row}</table:table-row>"
                        + empty_rows)
    outcome = import_file(content, "participations", name="deltagare.ods")
    assert outcome.out == "created 1, updated 0, unchanged 0", outcome.err
    spell = Participation.objects.select_related("participant").get()
    assert spell.participant.personnummer == number
    assert spell.participant.first_name == "Eva  Li"
    assert spell.startdatum == datetime.date(2015, 3, 1)
    assert spell.tid_offentlig_forsorjning == "UPP_TILL_1"


def test_ods_errors_use_the_spreadsheet_row_number(import_file, volume_intervention):
    header = "".join(text_cell(name) for name in ("insats", "datum", "antal"))
    good = text_cell("REKO") + '<table:table-cell office:value-type="date" office:date-value="2015-01-01"/>' + \
        '<table:table-cell office:value-type="float" office:value="5"/>'
    bad = text_cell("REKO") + text_cell("2015-01-01") + text_cell("fem")
    rows = (f"<table:table-row>{header}</table:table-row>"
            f'<table:table-row table:number-rows-repeated="2"><table:table-cell/></table:table-row>'
            f"<table:table-row>{good}</table:table-row><table:table-row>{bad}</table:table-row>")
    outcome = import_file(ods_bytes(rows), "volume", name="volym.ods")
    assert outcome.err_lines == ["row 5: antal: ”fem” är inte ett heltal."]


def test_an_ods_cell_whose_typed_value_does_not_parse_is_a_row_error(import_file, volume_intervention):
    header = "".join(text_cell(name) for name in ("insats", "datum", "antal"))
    row = (text_cell("REKO") + '<table:table-cell office:value-type="date" office:date-value="2015-02-30">'
           "<text:p>30 feb</text:p></table:table-cell>"
           '<table:table-cell office:value-type="float" office:value="x"/>')
    rows = f"<table:table-row>{header}</table:table-row><table:table-row>{row}</table:table-row>"
    outcome = import_file(ods_bytes(rows), "volume", name="volym.ods")
    assert outcome.err_lines == ["row 2: datum: Ogiltigt datum ”30 feb”: ange ÅÅÅÅ-MM-DD eller ÅÅÅÅMMDD.",
                                 "row 2: antal: Måste anges."]


@pytest.mark.parametrize(("content", "line"), [
    (ods_bytes("<table:table-row>", mimetype=b"application/vnd.oasis.opendocument.spreadsheet"),
     "Filen kan inte läsas som ett OpenDocument-kalkylblad (ODS)."),
    (ods_bytes("", mimetype=b"application/vnd.oasis.opendocument.text"),
     "Filen är ett OpenDocument-dokument men inte ett kalkylblad (ODS)."),
    (ods_bytes(""), "Filen är tom."),
])
def test_a_damaged_or_foreign_ods_is_one_clear_line(import_file, db, content, line):
    outcome = import_file(content, "volume", name="f.ods")
    assert (outcome.code, outcome.err_lines) == (1, [line])


# --- 5 and 10. the XLSX export: typed cells, widths, frozen and filtered header -----------


@pytest.mark.usefixtures("registry")
def test_xlsx_export_has_typed_cells_widths_a_frozen_filtered_header_and_no_visible_quote(tmp_path):
    export(tmp_path, "--format", "xlsx")
    sheet = load_workbook(tmp_path / "participations.xlsx").active
    header = [cell.value for cell in sheet[1]]
    anna = next(cells for cells in sheet.iter_rows(min_row=2) if cells[3].value == "+Anna")
    row = {name: cell for name, cell in zip(header, anna, strict=True)}
    assert row["startdatum"].is_date and row["startdatum"].number_format == "YYYY-MM-DD"
    assert row["personnummer"].data_type == "s" and len(row["personnummer"].value) == 12
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:N{sheet.max_row}"
    assert sheet.column_dimensions["B"].width >= 12  # personnummer not cut off
    assert row["fornamn"].value == "+Anna" and row["fornamn"].data_type == "s"  # a text cell, no '
    interventions = load_workbook(tmp_path / "interventions.xlsx").active
    first = list(interventions[3])  # AKTIVITETSCENTER, after ACT
    assert first[5].value == '=HYPERLINK("x")' and first[5].data_type == "s"
    assert first[7].value == 40 and first[7].data_type == "n"  # mal_andel_arbete_studier
    volume = load_workbook(tmp_path / "volume.xlsx").active
    assert [cell.value for cell in volume[2]][:5] == ["V1", "UTSIKT", datetime.datetime(2015, 4, 1), 30, 20]


# --- 6. CSV för Excel ----------------------------------------------------------------------


@pytest.mark.usefixtures("registry")
def test_csv_for_excel_is_semicolon_bom_crlf_and_imports_back_unchanged(tmp_path):
    from exchange.exporting import export_sus

    export_sus(tmp_path / "machine", fmt="csv")
    export_sus(tmp_path / "excel", fmt="excel-csv")
    excel = files(tmp_path / "excel")
    machine = files(tmp_path / "machine")
    header = b"extern_id;insats;datum;antal;antal_kvinnor;antal_man;beskrivning\r\n"
    assert excel["volume"].startswith(b"\xef\xbb\xbf" + header)
    assert b"V1;UTSIKT;2015-04-01;30;20;10;'-5 grader ute; @alla v" not in excel["volume"]  # ; inside is quoted
    assert b"\"'-5 grader ute; @alla v\xc3\xa4lkomna\"\r\n" in excel["volume"]
    assert all(b"\r\n" not in content for content in machine.values())
    assert import_all(tmp_path / "excel") == {kind: f"created 0, updated 0, unchanged {count}" for kind, count in
                                              zip(KINDS, (3, 4, 2, 2), strict=True)}


# --- issue 12 item 6: files that try to cost too much ---------------------------------------


def test_an_xlsx_zip_bomb_is_refused_before_it_is_unpacked(import_file, db):
    content = xlsx_bytes([["insats", "datum", "antal"]])
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, source.read(item.filename), compress_type=zipfile.ZIP_DEFLATED)
        target.writestr("xl/media/padding.bin", b"\0" * (40 * 1024 * 1024), compress_type=zipfile.ZIP_DEFLATED)
    bomb = out.getvalue()
    assert len(bomb) < 200 * 1024
    outcome = import_file(bomb, "volume", name="bomb.xlsx")
    assert outcome.code == 1
    assert outcome.err_lines == [
        f"Filen packas upp till 40 MB, orimligt mycket för sin storlek ({len(bomb) // 1024} kB), och läses inte. "
        "Spara den på nytt i Excel eller LibreOffice, eller som CSV."
    ]


def test_a_huge_declared_dimension_is_not_read_as_cells(db):
    content = with_dimension(xlsx_bytes([["insats", "datum", "antal"], ["REKO", "2015-01-01", 3]]), "A1:XFD1048576")
    table = open_table(io.BytesIO(content))
    assert table.header == ["insats", "datum", "antal"]
    assert [(number, len(values)) for number, values in table.rows] == [(2, 3)]
    assert table.estimated_rows < 1000


def test_a_too_small_declared_dimension_does_not_drop_rows(import_file, volume_intervention):
    rows = [["insats", "datum", "antal"], *[["REKO", f"2015-01-0{day}", day] for day in (1, 2, 3)]]
    outcome = import_file(with_dimension(xlsx_bytes(rows), "A1:J2"), "volume", name="volym.xlsx")
    assert outcome.out == "created 3, updated 0, unchanged 0", outcome.err
    assert VolumeRegistration.objects.count() == 3


def test_a_damaged_zip_member_is_one_clear_line(import_file, db):
    content = bytearray(xlsx_bytes([["insats", "datum", "antal"], *[["REKO", "2015-01-01", n] for n in range(1, 400)]]))
    archive = zipfile.ZipFile(io.BytesIO(bytes(content)))
    sheet = archive.getinfo("xl/worksheets/sheet1.xml")
    start = sheet.header_offset + 30 + len(sheet.filename.encode()) + len(sheet.extra)
    content[start + sheet.compress_size // 2] ^= 0xFF  # corrupt the compressed rows
    outcome = import_file(bytes(content), "volume", name="trasig.xlsx")
    assert outcome.code == 1
    assert len(outcome.err_lines) == 1 and "XLSX" in outcome.err_lines[0], outcome.err


def test_a_zip_that_is_no_spreadsheet_is_one_clear_line(db):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hej")
    with pytest.raises(FileUnreadable, match="varken en Excel-fil"):
        open_table(io.BytesIO(out.getvalue()))


@pytest.mark.usefixtures("registry")
def test_pandas_reads_the_xlsx_export_with_dates_as_datetimes_and_the_csv_with_default_options(tmp_path):
    import pandas

    export(tmp_path / "xlsx", "--format", "xlsx")
    export(tmp_path / "csv")
    spells = pandas.read_excel(tmp_path / "xlsx" / "participations.xlsx")
    assert str(spells["startdatum"].dtype).startswith("datetime64")
    assert spells["startdatum"].min() == pandas.Timestamp("2014-03-01")
    volume = pandas.read_excel(tmp_path / "xlsx" / "volume.xlsx")
    assert str(volume["datum"].dtype).startswith("datetime64") and volume["antal"].sum() == 42
    assert len(pandas.read_csv(tmp_path / "csv" / "participations.csv")) == 4
