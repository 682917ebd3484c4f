"""Every PDF download uses the fonts stats.pdf chooses, and no other."""

import datetime
import re

import pytest

from reports.pdf import render_pdf
from reports.summary import sus_summary
from stats.pdf import fonts, tables_pdf
from stats.tables import Table, count, text
from tertials.models import TertialReport
from tertials.pdf import render_reports_pdf


def base_fonts(pdf: bytes) -> set[str]:
    return {re.sub(r"^[A-Z]{6}\+", "", name.decode()) for name in re.findall(rb"/BaseFont /([\w+-]+)", pdf)}


@pytest.mark.django_db
def test_the_sus_the_pathway_and_the_tertial_pdfs_use_the_chosen_fonts(intervention):
    chosen = set(fonts())
    summary = sus_summary(datetime.date(2015, 1, 1), datetime.date(2015, 12, 31))
    table = Table("t", "Flöden → nästa insats", ["Insats", "Antal"], rows=[[text("Å"), count(7)]])
    report = TertialReport(intervention=intervention, year=2015, tertial=1)
    for pdf in (render_pdf(summary, trend=[]), tables_pdf("Titel", "Period", [table]),
                render_reports_pdf([report], title="Tertialrapport", today=datetime.date(2015, 5, 1))):
        assert pdf.startswith(b"%PDF")
        assert base_fonts(pdf) == chosen
