"""The summary as a printable PDF (reportlab): a title page with the key figures, then each
table with counts, column percentages and a chart — bars by kön with value labels (readable
in black and white: dark and light bars, every bar labelled), heat tables for the flow
matrices (shade plus the number in each cell). Fonts come from `stats.pdf`."""

from __future__ import annotations

import io

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from stats.disclosure import BOARD_NOTE, PROTECTED_NOTE
from stats.pdf import document_options, fonts, pdf_text
from stats.tables import Cell, format_percent
from stats.tables import Table as StatsTable

from .national import trend_rows
from .presentation import (
    KON_COLUMNS,
    SHORT,
    TITLE,
    counts_lines,
    display_tables,
    outcome_rows,
    per_intervention_rows,
    period_label,
    shown,
)

INK = colors.HexColor("#1f2d3d")
WOMEN = colors.HexColor("#1d4e89")  # dark
MEN = colors.HexColor("#9cc3e6")  # light: the pair stays distinct in grey
SWEDEN = colors.HexColor("#b0b0b0")
GRID = colors.HexColor("#9aa5b1")
HEAD = colors.HexColor("#dde4ee")

REGULAR, BOLD = fonts()
styles = getSampleStyleSheet()
H1 = ParagraphStyle("h1", parent=styles["Title"], fontName=BOLD, fontSize=24, leading=30,
                    textColor=INK, spaceAfter=4 * mm)
H2 = ParagraphStyle("h2", parent=styles["Heading2"], fontName=BOLD, fontSize=13, leading=16,
                    textColor=INK, spaceBefore=4 * mm, spaceAfter=2 * mm)
BODY = ParagraphStyle("body", parent=styles["BodyText"], fontName=REGULAR, fontSize=9.5, leading=13)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=8, leading=10, textColor=colors.HexColor("#52606d"))
CELL = ParagraphStyle("cell", parent=BODY, fontSize=7.5, leading=9)
CENTER = ParagraphStyle("center", parent=BODY, alignment=TA_CENTER)


def _table_style(header_rows=1, total_row=True, first_col_left=True):
    commands = [
        ("FONT", (0, 0), (-1, -1), REGULAR, 8),
        ("FONT", (0, 0), (-1, header_rows - 1), BOLD, 8),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD),
        ("LINEBELOW", (0, header_rows - 1), (-1, header_rows - 1), 0.8, INK),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("GRID", (0, 0), (-1, -1), 0.25, GRID),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if total_row:
        commands += [("FONT", (0, -1), (-1, -1), BOLD, 8), ("LINEABOVE", (0, -1), (-1, -1), 0.8, INK)]
    return TableStyle(commands)


def _step(peak: int) -> int:
    """Axis step: a multiple of 5 (ticks never print a small count such as 1–4)."""
    for step in (5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if peak / step <= 6:
            return step
    return 10 ** len(str(peak))


def _kon_chart(table: StatsTable, below) -> Drawing:
    """Grouped bars, women dark and men light, each bar labelled with its count."""
    labels = [row[0].value for row in table.rows]
    women = [row[1].value or 0 for row in table.rows]
    men = [row[2].value or 0 for row in table.rows]
    height = 34 + 15 * len(labels)
    drawing = Drawing(170 * mm, height + 30, initialFontName=REGULAR)
    chart = HorizontalBarChart()
    chart.x, chart.y = 62 * mm, 30
    chart.width, chart.height = 95 * mm, height
    chart.data = [women, men]
    chart.categoryAxis.categoryNames = [pdf_text(label)[:38] for label in labels]
    chart.categoryAxis.reverseDirection = True
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.valueMin = 0
    step = _step(max(women + men + [1]))
    chart.valueAxis.valueStep = step
    chart.valueAxis.valueMax = (int(max(women + men + [1]) * 1.15 / step) + 1) * step
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#e4e7eb")
    chart.bars[0].fillColor = WOMEN
    chart.bars[1].fillColor = MEN
    chart.bars.strokeColor = INK
    chart.bars.strokeWidth = 0.3
    chart.barLabelFormat = lambda value: "" if not value else str(int(value))
    chart.barLabels.fontName = REGULAR
    chart.barLabels.fontSize = 6.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    chart.groupSpacing = 4
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = 62 * mm, 6
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.fontName = REGULAR
    legend.fontSize = 7.5
    legend.colorNamePairs = [(WOMEN, "Kvinnor"), (MEN, "Män")]
    legend.deltax = 60
    drawing.add(legend)
    if below:
        drawing.add(String(0, 2, f"Dolda antal (<{below}) ritas inte.", fontName=REGULAR, fontSize=6.5))
    return drawing


def _kon_table(table: StatsTable) -> Table:
    header = [pdf_text(table.rows_title)] + [label for _c, label in KON_COLUMNS] + [
        f"{label} %" for _c, label in KON_COLUMNS]
    rows = [header]
    for row in table.grid:
        rows.append([Paragraph(pdf_text(row[0].value), CELL)]
                    + [shown(cell) for cell in row[1:]]
                    + [format_percent(cell.percent) for cell in row[1:]])
    widths = [58 * mm] + [17 * mm] * 3 + [19 * mm] * 3
    result = Table(rows, colWidths=widths, repeatRows=1)
    result.setStyle(_table_style())
    return result




def _heat_table(table: StatsTable) -> Table:
    """The matrix as a heat table: cell shade ∝ count, the count printed in every cell."""
    header = [Paragraph(f"<b>{pdf_text(table.rows_title)}</b> \\ {pdf_text(table.cols_title)}", CELL)]
    header += [Paragraph(f"<b>{SHORT.get(label, label)}</b>", CELL) for label in table.columns[1:-1]] + ["Totalt"]
    rows = [header]
    for row in table.grid:
        rows.append([Paragraph(pdf_text(row[0].value), CELL)] + [shown(cell) for cell in row[1:]])
    columns = len(table.columns) - 2
    label_width = 52 * mm
    cell_width = min(22 * mm, (262 * mm - label_width - 15 * mm) / columns)
    result = Table(rows, colWidths=[label_width] + [cell_width] * columns + [15 * mm], repeatRows=1)
    style = _table_style()
    style.add("FONT", (-1, 0), (-1, -1), BOLD, 8)
    style.add("LINEBEFORE", (-1, 0), (-1, -1), 0.8, INK)
    peak = max(table.max_count, 1)
    for r, row in enumerate(table.rows, start=1):
        for c, cell in enumerate(row[1:-1], start=1):
            if cell.value:
                strength = 0.12 + 0.88 * cell.value / peak
                shade = colors.Color(1 - 0.89 * strength, 1 - 0.69 * strength, 1 - 0.46 * strength)
                style.add("BACKGROUND", (c, r), (c, r), shade)
                if strength > 0.55:
                    style.add("TEXTCOLOR", (c, r), (c, r), colors.white)
                    style.add("FONT", (c, r), (c, r), BOLD, 8)
    result.setStyle(style)
    return result


def _overview(data: dict, below) -> list:
    flow = []
    rows = [[shown(value) if isinstance(value, Cell) else value for value in line]
            for line in counts_lines(data, below)]
    table = Table(rows, colWidths=[70 * mm, 24 * mm, 24 * mm, 24 * mm])
    table.setStyle(_table_style())
    flow += [Paragraph("Antal deltagare", H2), table, Spacer(1, 3 * mm)]
    rows = [["", "Kvinnor", "Män", "Totalt"]]
    for label, cells in outcome_rows(data, below):
        rows.append([label, *[shown(cell) for cell in cells]])
    table = Table(rows, colWidths=[70 * mm, 24 * mm, 24 * mm, 24 * mm])
    table.setStyle(_table_style(total_row=False))
    share = data["outcome"]["share_work_or_studies"]
    flow += [Paragraph("Resultat efter avslutad insats", H2), table, Spacer(1, 2 * mm),
             Paragraph(f"Andel som gick till arbete eller studier: <b>{format_percent(share)}</b> av de avslutade.",
                       BODY)]
    return flow


def _per_intervention(data: dict, below) -> list:
    rows = [["Insats", "Aktiva", "Påbörjade", "Avslutade", "Arbete/\nstudier", "Andel", "Mål"]]
    for row in per_intervention_rows(data, below):
        item = row["item"]
        rows.append([
            Paragraph(pdf_text(item["name"]), CELL),
            shown(row["active"]),
            shown(row["started"]),
            shown(row["ended"]),
            shown(row["work_or_studies"]),
            format_percent(item["share_work_or_studies"]),
            "–" if item["goal_share"] is None else f"{item['goal_share']}\u00a0%",
        ])
    table = Table(rows, colWidths=[62 * mm, 17 * mm, 19 * mm, 19 * mm, 18 * mm, 17 * mm, 15 * mm], repeatRows=1)
    table.setStyle(_table_style(total_row=False))
    chart = _goal_chart(data)
    return [Paragraph("Insatserna mot sina mål", H2), table, Spacer(1, 3 * mm), chart]


def _goal_chart(data: dict) -> Drawing:
    items = [item for item in data["per_intervention"] if item["ended"]]
    drawing = Drawing(170 * mm, 42 + 16 * max(len(items), 1), initialFontName=REGULAR)
    if not items:
        drawing.add(String(0, 10, "Ingen insats hade avslutade deltagare under perioden.", fontName=REGULAR,
                           fontSize=8))
        return drawing
    chart = HorizontalBarChart()
    chart.x, chart.y = 62 * mm, 30
    chart.width, chart.height = 95 * mm, 16 * len(items)
    chart.data = [[item["share_work_or_studies"] or 0 for item in items],
                  [item["goal_share"] or 0 for item in items]]
    chart.categoryAxis.categoryNames = [pdf_text(item["name"])[:38] for item in items]
    chart.categoryAxis.reverseDirection = True
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, 100
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = 7
    chart.bars[0].fillColor = WOMEN
    chart.bars[1].fillColor = SWEDEN
    chart.barLabelFormat = lambda value: f"{value:.0f} %" if value else ""
    chart.barLabels.fontName = REGULAR
    chart.barLabels.fontSize = 6.5
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = 62 * mm, 6
    legend.columnMaximum = 1
    legend.fontName = REGULAR
    legend.fontSize = 7.5
    legend.alignment = "right"
    legend.colorNamePairs = [(WOMEN, "Andel till arbete/studier"), (SWEDEN, "Mål")]
    legend.deltax = 110
    drawing.add(legend)
    return drawing


def _trend_table(trend: list[dict]) -> Table:
    rows = [["", *[str(row["year"]) for row in trend]],
            ["Malmö", *[format_percent(row["local"]) for row in trend]],
            ["Sverige", *[format_percent(row["national"]) for row in trend]]]
    table = Table(rows, colWidths=[30 * mm] + [20 * mm] * len(trend))
    table.setStyle(_table_style(total_row=False))
    return table


def _trend_chart(trend: list[dict]) -> Drawing:
    """Work/studies share per year, the association beside Sverige."""
    drawing = Drawing(170 * mm, 62 * mm, initialFontName=REGULAR)
    chart = VerticalBarChart()
    chart.x, chart.y = 14 * mm, 16 * mm
    chart.width, chart.height = 140 * mm, 40 * mm
    chart.data = [[row["local"] or 0 for row in trend], [row["national"] or 0 for row in trend]]
    chart.categoryAxis.categoryNames = [str(row["year"]) for row in trend]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max([row["local"] or 0 for row in trend] + [row["national"] or 0 for row in trend]
                                   + [10]) * 1.2
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = 7
    chart.bars[0].fillColor = WOMEN
    chart.bars[1].fillColor = SWEDEN
    chart.barLabelFormat = lambda value: f"{value:.0f} %" if value else ""
    chart.barLabels.fontName = REGULAR
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 6
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = 14 * mm, 6 * mm
    legend.columnMaximum = 1
    legend.fontName = REGULAR
    legend.fontSize = 8
    legend.alignment = "right"
    legend.colorNamePairs = [(WOMEN, "Malmö"), (SWEDEN, "Sverige")]
    legend.deltax = 60
    drawing.add(legend)
    return drawing


def _footer(canvas, doc):
    canvas.saveState()
    canvas.setFont(REGULAR, 7.5)
    canvas.setFillColor(colors.HexColor("#52606d"))
    width = canvas._pagesize[0]
    canvas.drawString(16 * mm, 9 * mm, "FINSAM i Malmö · SUS-sammanställning")
    canvas.drawRightString(width - 16 * mm, 9 * mm, f"Sida {doc.page}")
    canvas.restoreState()


def _document(buffer, data) -> BaseDocTemplate:
    document = BaseDocTemplate(
        buffer, pagesize=A4, leftMargin=16 * mm, rightMargin=16 * mm, topMargin=16 * mm, bottomMargin=18 * mm,
        title=TITLE, author="FINSAM i Malmö", subject=f"Period {period_label(data)}", creator="FINSAM-registret",
        **document_options(),
    )
    portrait = Frame(16 * mm, 18 * mm, A4[0] - 32 * mm, A4[1] - 34 * mm, id="portrait")
    wide = landscape(A4)
    landscape_frame = Frame(16 * mm, 16 * mm, wide[0] - 32 * mm, wide[1] - 30 * mm, id="landscape")
    document.addPageTemplates([
        PageTemplate(id="portrait", frames=[portrait], onPage=_footer, pagesize=A4),
        PageTemplate(id="landscape", frames=[landscape_frame], onPage=_footer, pagesize=wide),
    ])
    return document


def render_pdf(data: dict, *, suppress_below: int | None = None, trend: list[dict] | None = None,
               interventions_label: str | None = None) -> bytes:
    """`trend`: rows {year, local, national} (shares in %) for the trend chart; computed when not given."""
    if trend is None:
        trend = trend_rows(data, suppress_below)
    buffer = io.BytesIO()
    document = _document(buffer, data)
    below = suppress_below
    names = interventions_label or ", ".join(item["name"] for item in data["per_intervention"]) or "inga"
    flow = [
        Spacer(1, 30 * mm),
        Paragraph("FINSAM i Malmö", ParagraphStyle("kicker", parent=CENTER, fontSize=12, textColor=WOMEN)),
        Spacer(1, 4 * mm),
        Paragraph("Uppföljning av individinriktade insatser", H1),
        Paragraph(f"Period {data['period']['from']} – {data['period']['to']}",
                  ParagraphStyle("period", parent=CENTER, fontSize=14, leading=18)),
        Spacer(1, 10 * mm),
        Paragraph(f"<b>Insatser:</b> {pdf_text(names)}", BODY),
        Spacer(1, 3 * mm),
        Paragraph("Statistiken är sammanställd ur registret enligt SUS definitioner: aktiva, påbörjade och "
                  "avslutade deltaganden under perioden (datum inklusive); felregistreringar räknas inte. "
                  "Ålder är fyllda år vid start; tid i insats är fyllda månader.", SMALL),
    ]
    if below:
        flow += [Spacer(1, 2 * mm), Paragraph(
            f"{BOARD_NOTE} Antal under {below} visas som &lt;{below}, och tal som skulle avslöja dem är också dolda."
            + (f" {PROTECTED_NOTE}" if getattr(data, "protecting", None) else ""), SMALL)]
    flow += [Spacer(1, 6 * mm), *_overview(data, below), PageBreak()]
    if trend:
        flow += [KeepTogether([Paragraph("Andel avslutade till arbete eller studier, Malmö och Sverige", H2),
                               _trend_table(trend), Spacer(1, 2 * mm), _trend_chart(trend)])]
    flow += _per_intervention(data, below)
    tables = display_tables(data, below)
    for table in tables:
        heading = Paragraph(f"{pdf_text(table.title)}", H2)
        population = table.extra["population_label"]
        note = Paragraph(f"{population}. Kolumnprocent.", SMALL)
        if table.kind == "matrix":
            note = Paragraph(f"{population}. Rader: {pdf_text(table.rows_title).lower()}, "
                             f"kolumner: {pdf_text(table.cols_title).lower()}. Mörkare ruta = fler deltagare; "
                             "talet står i varje ruta.", SMALL)
            flow += [NextPageTemplate("landscape"), PageBreak(),
                     KeepTogether([heading, note, Spacer(1, 2 * mm), _heat_table(table)])]
        else:
            flow += [CondPageBreak(90 * mm), KeepTogether([heading, note, Spacer(1, 2 * mm),
                                                            _kon_table(table), Spacer(1, 2 * mm),
                                                            _kon_chart(table, below)])]
    document.build(flow)
    return buffer.getvalue()
