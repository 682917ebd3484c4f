"""PDF of one tertial report, or of all reports of a tertial for the board meeting (reportlab;
fonts from `stats.pdf`)."""

from __future__ import annotations

import datetime
from io import BytesIO

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import HRFlowable

from stats.pdf import document_options, fonts, pdf_text

from .models import TEXT_FIELDS, TertialReport

REGULAR, BOLD = fonts()
STYLES = getSampleStyleSheet()
BODY = ParagraphStyle("body", parent=STYLES["BodyText"], fontName=REGULAR, fontSize=9.5, leading=12.5)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8, textColor=colors.HexColor("#5b6475"))
H1 = ParagraphStyle("h1", parent=STYLES["Heading1"], fontName=BOLD, fontSize=16, spaceAfter=4,
                    textColor=colors.HexColor("#0b5c7a"))
H2 = ParagraphStyle("h2", parent=STYLES["Heading2"], fontName=BOLD, fontSize=12, spaceBefore=8, spaceAfter=3)
H3 = ParagraphStyle("h3", parent=STYLES["Heading3"], fontName=BOLD, fontSize=10, spaceBefore=6, spaceAfter=2)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=8.5, leading=10.5)
TABLE_STYLE = TableStyle(
    [
        ("FONT", (0, 0), (-1, -1), REGULAR, 8.5),
        ("FONT", (0, 0), (-1, 0), BOLD, 8.5),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f6")),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#d9dee7")),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
)


def _esc(text) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _n(value) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    if isinstance(value, int):
        return f"{value:,}".replace(",", " ")
    return str(value)


def _kr(value) -> str:
    return "–" if value is None else f"{value:,} kr".replace(",", " ")


def _pct(value) -> str:
    return "–" if value is None else f"{_n(float(value))} %"


def _table(rows, widths) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TABLE_STYLE)
    return table


def _figures_story(figures: dict) -> list:
    story = []
    columns = [("tertial", "Tertialen"), ("year_to_date", "Året hittills")]
    blocks = [figures[key] for key, _ in columns]
    header = ["", *[f"{label}\n{block['period']['from']} – {block['period']['to']}" for (_, label), block in
                    zip(columns, blocks, strict=True)]]
    rows = [header]
    for key, label in (("active", "Aktiva deltagare"), ("started", "Påbörjade"), ("ended", "Avslutade")):
        cells = []
        for block in blocks:
            counts = block["by_kon"][key]
            cells.append(f"{_n(counts['total'])} (K {_n(counts['K'])}, M {_n(counts['M'])})")
        rows.append([label, *cells])
    rows.append(["Till arbete eller studier", *[_n(block["outcome"]["work_or_studies"]["total"]) for block in blocks]])
    rows.append(["  varav arbete", *[_n(block["outcome"]["work"]["total"]) for block in blocks]])
    rows.append(["  varav studier", *[_n(block["outcome"]["studies"]["total"]) for block in blocks]])
    rows.append(["Andel till arbete/studier", *[_pct(block["share_work_or_studies"]) for block in blocks]])
    rows.append(["Mål (andel)", *[_pct(block["goal_share"]) for block in blocks]])
    rows.append(["Målet nått", *[{True: "Ja", False: "Nej", None: "–"}[block["goal_met"]] for block in blocks]])
    rows.append(["Årsplatser", *[_n(block["arsplatser"]) for block in blocks]])
    rows.append(["Aktiva i förh. till årsplatser", *[_pct(block["active_share_of_arsplatser"]) for block in blocks]])
    counts = [block["sus"]["counts"] for block in blocks]
    rows.append(["Anonyma deltagare", *[_n(c["anonymous"]["total"]) for c in counts]])
    rows.append(["Volymregistrerade", *[_n(c["volume"]["total"]) for c in counts]])
    rows.append(["Samtliga (SUS)", *[_n(c["all"]) for c in counts]])
    story.append(_table(rows, [70 * mm, 50 * mm, 50 * mm]))
    return story


def _overview_story(sections, title: str, today: datetime.date) -> list:
    """The first page of the board's PDF: every intervention's state and main figures."""
    rows = [["Insats", "Status", "Aktiva", "Avslutade", "Arbete/studier", "Andel", "Mål"]]
    for report, figures in sections:
        tertial = figures["tertial"]
        status = report.get_status_display() if report.pk else "Ej påbörjad"
        if report.is_overdue(today) or (report.pk is None and today > report.deadline):
            status += " (försenad)"
        rows.append([
            Paragraph(_esc(report.intervention.name), CELL), status,
            _n(tertial["by_kon"]["active"]["total"]), _n(tertial["by_kon"]["ended"]["total"]),
            _n(tertial["outcome"]["work_or_studies"]["total"]), _pct(tertial["share_work_or_studies"]),
            _pct(tertial["goal_share"]),
        ])
    table = _table(rows, [50 * mm, 32 * mm, 16 * mm, 20 * mm, 22 * mm, 15 * mm, 15 * mm])
    table.setStyle(TableStyle([("ALIGN", (1, 0), (1, -1), "LEFT")]))
    return [
        Paragraph(_esc(title), H1),
        Paragraph(_esc(f"Översikt för styrelsemötet · utskrivet {today:%Y-%m-%d}"), SMALL),
        Spacer(1, 4 * mm),
        table,
        Spacer(1, 3 * mm),
        Paragraph("Siffror för tertialen; inskickade och godkända rapporter med låsta siffror, "
                  "övriga med registrets siffror i dag. Varje insats rapport följer på egen sida.", SMALL),
    ]


def _report_story(report: TertialReport, today: datetime.date, figures: dict | None = None) -> list:
    intervention = report.intervention
    story = [
        Paragraph(_esc(f"Tertialrapport: {intervention.name}"), H1),
        Paragraph(
            _esc(
                f"{report.label} · Status: {report.get_status_display() if report.pk else 'Ej påbörjad'} · "
                f"Sista dag: {report.deadline:%Y-%m-%d}"
                + (" · FÖRSENAD" if report.is_overdue(today) else "")
            ),
            SMALL,
        ),
        HRFlowable(width="100%", color=colors.HexColor("#d9dee7"), spaceBefore=3, spaceAfter=3),
    ]
    figures = figures if figures is not None else report.figures()
    note = (
        f"Siffrorna låstes när rapporten skickades in ({timezone.localtime(report.submitted_at):%Y-%m-%d %H:%M})."
        if report.snapshot is not None and report.submitted_at
        else "Siffrorna är hämtade ur registret i dag och ändras tills rapporten skickas in."
    )
    story += [Paragraph("Siffror ur registret", H2), Paragraph(_esc(note), SMALL), Spacer(1, 2 * mm)]
    story += _figures_story(figures)
    story.append(Paragraph("Ekonomi", H2))
    story.append(
        _table(
            [
                ["Budget för året", "Utfall hittills", "Differens (budget − utfall)"],
                [_kr(report.budget), _kr(report.outcome_sek), _kr(report.budget_difference)],
            ],
            [56 * mm, 56 * mm, 58 * mm],
        )
    )
    for name in TEXT_FIELDS:
        label = report._meta.get_field(name).verbose_name
        text = getattr(report, name) or "(ej ifyllt)"
        paragraphs = [Paragraph(_esc(part).replace("\n", "<br/>"), BODY) for part in text.split("\n\n")]
        story.append(KeepTogether([Paragraph(_esc(label[:1].upper() + label[1:]), H3), *paragraphs]))
    transitions = list(report.transitions.select_related("user")) if report.pk else []
    if transitions:
        story.append(Paragraph("Historik", H2))
        rows = [["Tid", "Ändring", "Av", "Kommentar"]]
        for item in transitions:
            who = (item.user.get_full_name() or item.user.username) if item.user else "–"
            rows.append([
                f"{timezone.localtime(item.at):%Y-%m-%d %H:%M}",
                pdf_text(f"{item.get_from_status_display()} → {item.get_to_status_display()}"),
                who,
                Paragraph(_esc(item.comment), CELL),
            ])
        table = _table(rows, [28 * mm, 45 * mm, 30 * mm, 67 * mm])
        table.setStyle(TableStyle([("ALIGN", (0, 0), (-1, -1), "LEFT")]))
        story.append(table)
    return story


def render_reports_pdf(reports: list[TertialReport], *, title: str, today: datetime.date) -> bytes:
    """One report per section, each starting on a new page."""
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, title=title, author="FINSAM i Malmö", lang="sv",
        leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm, bottomMargin=18 * mm, **document_options(),
    )

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(REGULAR, 7.5)
        canvas.setFillColor(colors.HexColor("#5b6475"))
        canvas.drawString(20 * mm, 10 * mm, f"FINSAM i Malmö · {title} · utskrivet {today:%Y-%m-%d}")
        canvas.drawRightString(A4[0] - 20 * mm, 10 * mm, f"Sida {doc.page}")
        canvas.restoreState()

    story: list = []
    if not reports:
        story.append(Paragraph(_esc(title), H1))
        story.append(Paragraph("Inga insatser rapporterar för den här tertialen.", BODY))
    sections = [(report, report.figures()) for report in reports]
    if len(sections) > 1:
        story += _overview_story(sections, title, today)
    for index, (report, figures) in enumerate(sections):
        if index or len(sections) > 1:
            story.append(PageBreak())
        story += _report_story(report, today, figures)
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
