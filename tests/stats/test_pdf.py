"""stats.pdf, the one PDF engine: the public table entry point gives an accessible PDF in
Swedish whose text is the tables' text, markup and all."""

import pytest

from stats.pdf import tables_pdf
from stats.tables import Table, count, text
from tests.pdfcheck import assert_accessible_pdf, has_pdftotext, links, text_layer

MARKUP = '<a href="https://evil.example">x</a>'


def table() -> Table:
    return Table("t", "Flöden → nästa insats", ["Insats", "Antal"], rows=[[text(MARKUP), count(7)]],
                 footer=[[text("Totalt"), count(7)]], note="Åtta − en")


def test_tables_pdf_is_tagged_swedish_with_embedded_fonts_and_no_link():
    content = tables_pdf("Vägar och glapp", "Period 2015-01-01 – 2015-12-31", [table()], legend="<5: färre än 5")
    pdf = assert_accessible_pdf(content)
    assert links(pdf) == []
    assert str(pdf.open_metadata()["{http://purl.org/dc/elements/1.1/}title"]) == "Vägar och glapp"


@pytest.mark.skipif(not has_pdftotext(), reason="poppler's pdftotext is not installed")
def test_tables_pdf_prints_every_text_as_given():
    text = text_layer(tables_pdf("Titel", "Period", [table()], legend="<5: färre än 5"))
    for expected in ("Flöden → nästa insats", MARKUP, "Åtta − en", "<5: färre än 5", "Totalt", "7"):
        assert expected in text


def test_an_empty_table_says_so():
    content = tables_pdf("Titel", "", [Table("t", "Tom", ["Insats", "Antal"])])
    assert_accessible_pdf(content)
    if has_pdftotext():
        assert "Inga uppgifter." in text_layer(content)
