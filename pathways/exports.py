"""XLSX (openpyxl) and PDF (reportlab) downloads of the report tables, suppression applied."""

from __future__ import annotations

import io
import os
from html import escape

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from .tables import SECONDARY_NOTE, Table, display, export_value

FONT_PATH = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
FONT_BOLD_PATH = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


def to_xlsx(title: str, subtitle: str, tables: list[Table], below: int | None) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    header_fill = PatternFill("solid", fgColor="EEF2F6")
    for table in tables:
        name = "".join(ch for ch in table.title if ch not in "[]:*?/\\")[:28] or table.key[:28]
        base, n = name, 2
        while name in used:
            name = f"{base[:25]}({n})"
            n += 1
        used.add(name)
        sheet = workbook.create_sheet(name)
        sheet.append([title])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet.append([subtitle])
        sheet.append([table.title])
        sheet["A3"].font = Font(bold=True)
        sheet.append(table.columns)
        for cell in sheet[4]:
            cell.font = Font(bold=True)
            cell.fill = header_fill
        rows, footer = table.shown(below)
        for row in rows:
            sheet.append([export_value(cell, below, m) for cell, m in row])
        for row in footer:
            sheet.append([export_value(cell, below, m) for cell, m in row])
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
        if table.note:
            sheet.append([])
            sheet.append([table.note])
        if below:
            sheet.append([f"Värden 1–{below - 1} visas som <{below}; andelar och belopp som bygger på dem som –; "
                          f"{SECONDARY_NOTE}"])
        for index, _ in enumerate(table.columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = 30 if index == 1 else 16
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _fonts() -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if os.path.exists(FONT_PATH) and os.path.exists(FONT_BOLD_PATH):
        if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont("DejaVuSans", FONT_PATH))
            pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", FONT_BOLD_PATH))
        return "DejaVuSans", "DejaVuSans-Bold"
    return "Helvetica", "Helvetica-Bold"


def to_pdf(title: str, subtitle: str, tables: list[Table], below: int | None) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, TableStyle
    from reportlab.platypus import Table as PdfTable

    regular, bold = _fonts()
    h1 = ParagraphStyle("h1", fontName=bold, fontSize=15, leading=19, spaceAfter=4)
    h2 = ParagraphStyle("h2", fontName=bold, fontSize=11, leading=14, spaceBefore=8, spaceAfter=4)
    small = ParagraphStyle("small", fontName=regular, fontSize=7.5, leading=9.5)
    cell_style = ParagraphStyle("cell", fontName=regular, fontSize=7.5, leading=9)
    head_style = ParagraphStyle("head", fontName=bold, fontSize=7.5, leading=9)

    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=12 * mm, bottomMargin=12 * mm, title=title)
    story = [Paragraph(escape(title), h1), Paragraph(escape(subtitle), small)]
    if below:
        story.append(Paragraph(f"Värden 1–{below - 1} visas som &lt;{below}; andelar och belopp som bygger på "
                               f"dem som –; {escape(SECONDARY_NOTE)}", small))
    for table in tables:
        story.append(Paragraph(escape(table.title), h2))
        data = [[Paragraph(escape(col), head_style) for col in table.columns]]
        rows, footer = table.shown(below)
        for row in [*rows, *footer]:
            data.append([Paragraph(escape(display(cell, below, m)), cell_style) for cell, m in row])
        if len(data) == 1:
            data.append([Paragraph("Inga uppgifter.", cell_style)] + [""] * (len(table.columns) - 1))
        width = doc.width / max(len(table.columns), 1)
        pdf_table = PdfTable(data, colWidths=[width] * len(table.columns), repeatRows=1)
        style = [
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
