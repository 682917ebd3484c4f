"""PDF downloads (reportlab): the one place that chooses and embeds the fonts, and the plain
table layout of the report pages.

DejaVu Sans (embedded, every Swedish letter, arrows and the minus sign) when the system has
it; else reportlab's built-in Helvetica, whose WinAnsi encoding lacks a few characters that
`pdf_text` then spells out.
"""

from __future__ import annotations

import io
import os
from html import escape

FONT_PATH = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD_PATH = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
FALLBACK = ("Helvetica", "Helvetica-Bold")


def fonts() -> tuple[str, str]:
    """(regular, bold) font names, registered with reportlab."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if os.path.exists(FONT_PATH) and os.path.exists(FONT_BOLD_PATH):
        if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("DejaVuSans", FONT_PATH))
            pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", FONT_BOLD_PATH))
        return "DejaVuSans", "DejaVuSans-Bold"
    return FALLBACK


def document_options() -> dict:
    """For every DocTemplate: pages start in the chosen font (reportlab's default is Helvetica)."""
    return {"initialFontName": fonts()[0]}


def pdf_text(text) -> str:
    """Text the chosen font can print (Helvetica has no arrow and no minus sign)."""
    text = str(text)
    if fonts() == FALLBACK:
        text = text.replace("→", "till").replace("\u2212", "-")
    return text


def tables_pdf(title: str, subtitle: str, tables, *, legend: str = "") -> bytes:
    """A landscape A4 document: title, subtitle, legend, then each table with its note."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as PdfTable

    from .tables import display

    regular, bold = fonts()
    h1 = ParagraphStyle("h1", fontName=bold, fontSize=15, leading=19, spaceAfter=4)
    h2 = ParagraphStyle("h2", fontName=bold, fontSize=11, leading=14, spaceBefore=8, spaceAfter=4)
    small = ParagraphStyle("small", fontName=regular, fontSize=7.5, leading=9.5)
    cell_style = ParagraphStyle("cell", fontName=regular, fontSize=7.5, leading=9)
    head_style = ParagraphStyle("head", fontName=bold, fontSize=7.5, leading=9)

    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=12 * mm, bottomMargin=12 * mm, title=title, **document_options())
    story = [Paragraph(escape(title), h1), Paragraph(escape(subtitle), small)]
    if legend:
        story.append(Paragraph(escape(legend), small))
    for table in tables:
        story.append(Paragraph(escape(table.title), h2))
        data = [[Paragraph(escape(col), head_style) for col in table.columns]]
        for row in table.grid:
            data.append([Paragraph(escape(display(cell)), cell_style) for cell in row])
        if len(data) == 1:
            data.append([Paragraph("Inga uppgifter.", cell_style)] + [""] * (len(table.columns) - 1))
        width = doc.width / max(len(table.columns), 1)
        pdf_table = PdfTable(data, colWidths=[width] * len(table.columns), repeatRows=1)
        style = [
            ("FONT", (0, 0), (-1, -1), regular),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f6")),
            ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#c9d1dc")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
        if table.footer:
            style.append(("LINEABOVE", (0, len(table.rows) + 1), (-1, len(table.rows) + 1), 1, colors.black))
        pdf_table.setStyle(TableStyle(style))
        story.append(pdf_table)
        if table.note:
            story.append(Spacer(1, 2))
            story.append(Paragraph(escape(table.note), small))
    doc.build(story)
    return out.getvalue()
