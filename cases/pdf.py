"""A cases.extract.Document as PDF with reportlab, the way the other PDFs are made today (A4,
DejaVu Sans where installed for full Swedish text, tables that repeat their header on each page).
Rendering only: what goes in is cases.extract's."""

from __future__ import annotations

import io
from html import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Table as PdfTable

from stats.pdf import document_options, fonts

from .extract import Document, Table

INK = colors.HexColor("#1d2433")
LINE = colors.HexColor("#c9d1dc")
HEAD = colors.HexColor("#eef2f6")


def _footer(canvas, doc):
    canvas.saveState()
    canvas.setFont(doc.finsam_font, 7.5)
    canvas.setFillColor(colors.HexColor("#5b6475"))
    canvas.drawString(doc.leftMargin, 8 * mm, doc.title)
    canvas.drawRightString(doc.pagesize[0] - doc.rightMargin, 8 * mm, f"Sida {doc.page}")
    canvas.restoreState()


def render(document: Document) -> bytes:
    regular, bold = fonts()
    styles = {
        "h1": ParagraphStyle("h1", fontName=bold, fontSize=17, leading=21, textColor=INK, spaceAfter=3),
        "sub": ParagraphStyle("sub", fontName=regular, fontSize=9, leading=12, textColor=colors.HexColor("#5b6475"),
                              spaceAfter=6),
        1: ParagraphStyle("h2", fontName=bold, fontSize=12.5, leading=16, textColor=INK, spaceBefore=9, spaceAfter=3),
        2: ParagraphStyle("h3", fontName=bold, fontSize=10, leading=13, textColor=INK, spaceBefore=5, spaceAfter=2),
        "p": ParagraphStyle("p", fontName=regular, fontSize=9, leading=12, spaceAfter=3),
        "cell": ParagraphStyle("cell", fontName=regular, fontSize=7.5, leading=9.2),
        "head": ParagraphStyle("head", fontName=bold, fontSize=7.5, leading=9.2),
    }
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=14 * mm, rightMargin=14 * mm,
                            topMargin=13 * mm, bottomMargin=15 * mm, title=document.title,
                            author="FINSAM i Malmö", lang="sv-SE", **document_options())
    doc.finsam_font = regular
    story = [Paragraph(escape(document.title), styles["h1"]), Paragraph(escape(document.subtitle), styles["sub"])]
    for section in document.sections:
        story.append(Paragraph(escape(section.title), styles[section.level]))
        for block in section.blocks:
            if isinstance(block, str):
                story.append(Paragraph(escape(block), styles["p"]))
            elif isinstance(block, Table):
                story.append(_table(block, doc.width, styles))
                story.append(Spacer(1, 3))
            else:  # key–value pairs
                story.append(_pairs(block, doc.width, styles))
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return out.getvalue()


def _cells(values, style) -> list:
    return [Paragraph(escape(str(value)).replace("\n", "<br/>"), style) for value in values]


def _table(table: Table, width: float, styles) -> PdfTable:
    data = [_cells(table.headers, styles["head"])]
    data += [_cells(row, styles["cell"]) for row in table.rows]
    if not table.rows:
        data.append(_cells([table.empty] + [""] * (len(table.headers) - 1), styles["cell"]))
    shares = table.widths or [1 / len(table.headers)] * len(table.headers)
    result = PdfTable(data, colWidths=[width * share for share in shares], repeatRows=1)
    commands = [("BACKGROUND", (0, 0), (-1, 0), HEAD), ("GRID", (0, 0), (-1, -1), 0.25, LINE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]
    if not table.rows:
        commands.append(("SPAN", (0, 1), (-1, 1)))
    result.setStyle(TableStyle(commands))
    return result


def _pairs(pairs, width: float, styles) -> PdfTable:
    data = [[Paragraph(escape(key), styles["head"]), Paragraph(escape(str(value)), styles["cell"])]
            for key, value in pairs]
    result = PdfTable(data, colWidths=[width * 0.22, width * 0.5], hAlign="LEFT")
    result.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.25, LINE), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return result
