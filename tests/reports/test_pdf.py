"""The SUS PDF as the board reads it (issue 15 item 9): fonts embedded, no column head of the
flow matrices broken inside a word, chart labels whole (wrapped, never cut), and the volume
row's total explained when women and men do not add up to it. Read from the text layer."""

import datetime
import re

import pytest

from reports import charts
from reports.pdf import render_pdf
from reports.presentation import SHORT, display_tables
from reports.summary import sus_summary
from tests.factories import VolumeRegistrationFactory
from tests.pdfcheck import assert_accessible_pdf, has_pdftotext, text_layer

from .conftest import YEAR_2015, spell

D = datetime.date
LONG_NAME = "Utsikt: Utvecklat samarbete IOF och Försäkringskassan"
needs_pdftotext = pytest.mark.skipif(not has_pdftotext(), reason="poppler's pdftotext is not installed")


@pytest.fixture
def long_named(aktivitetscenter):
    aktivitetscenter.name = LONG_NAME
    aktivitetscenter.save()
    for female in (True, False, True):
        spell(aktivitetscenter, D(2015, 2, 1), D(2015, 6, 30), female=female, avslutsorsak="ARBETSMARKNAD",
              sysselsattning_efter="ARBETE", forsorjning_efter="LON", forsorjning_fore="SJUKPENNING")
    return aktivitetscenter


def pdf_for(**options) -> bytes:
    return render_pdf(sus_summary(*YEAR_2015), trend=[], **options)


@needs_pdftotext
@pytest.mark.django_db
def test_no_column_head_of_a_flow_matrix_breaks_inside_a_word(long_named):
    content = pdf_for()
    assert_accessible_pdf(content)
    words = set(text_layer(content, layout=True).split())
    heads = {word for table in display_tables(sus_summary(*YEAR_2015)) if table.kind == "matrix"
             for _code, short, _label in table.extra["short_columns"] for word in short.split()}
    assert {"Förs.stöd", "Sjukpenning", "Etabl.ersättn.", "Studiemedel"} <= heads
    assert heads - words == set()  # every head word is one word of the text layer, whole


@needs_pdftotext
@pytest.mark.django_db
def test_the_abbreviated_heads_are_spelled_out(long_named):
    text = " ".join(text_layer(pdf_for()).split())
    assert f"Förs.stöd = {next(k for k, v in SHORT.items() if v == 'Förs.stöd')}" in text


def svg_labels(svg: str) -> list[str]:
    """The text of every right-aligned label of a chart, its lines joined."""
    labels = re.findall(r'<text[^>]*text-anchor="end"[^>]*>(.*?)</text>', svg)
    return [" ".join(re.findall(r"<tspan[^>]*>(.*?)</tspan>", label)) or label for label in labels]


@pytest.mark.django_db
def test_chart_labels_are_wrapped_never_cut(long_named):
    data = sus_summary(*YEAR_2015)
    goal = svg_labels(charts.goal_bars(data["per_intervention"]))
    assert goal == [LONG_NAME.replace("&", "&amp;")]
    support = next(t for t in display_tables(data) if t.key == "support_before")
    labels = svg_labels(charts.kon_bars(support))
    assert "Sjukpenning/ rehabiliteringspenning" in labels
    assert not any("…" in label for label in goal + labels)


def test_a_label_wraps_at_spaces_and_slashes_and_keeps_long_words_whole():
    assert charts._lines("Sjukpenning/rehabiliteringspenning") == ["Sjukpenning/", "rehabiliteringspenning"]
    assert charts._lines(LONG_NAME) == ["Utsikt: Utvecklat", "samarbete IOF och", "Försäkringskassan"]
    assert charts._lines("Kortnamn") == ["Kortnamn"]


@needs_pdftotext
@pytest.mark.django_db
def test_the_volume_total_is_footnoted_when_kon_is_missing(long_named):
    VolumeRegistrationFactory(intervention=long_named, datum=D(2015, 3, 1), antal=40, antal_kvinnor=10,
                              antal_man=5)
    text = " ".join(text_layer(pdf_for()).split())
    assert "totalen omfattar också deltagare som registrerats utan uppgift om kön" in text


@needs_pdftotext
@pytest.mark.django_db
def test_no_footnote_when_the_volume_row_adds_up(long_named):
    VolumeRegistrationFactory(intervention=long_named, datum=D(2015, 3, 1), antal=15, antal_kvinnor=10,
                              antal_man=5)
    assert "utan uppgift om kön" not in " ".join(text_layer(pdf_for()).split())
