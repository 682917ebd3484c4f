"""PDF of one tertial report, or of all reports of a tertial for the board meeting, through
stats.pdf (the site's one PDF engine) and templates/tertials/reports_pdf.html."""

from __future__ import annotations

import datetime

from django.utils import timezone

from stats.pdf import render_template

from .models import TEXT_FIELDS, TertialReport


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


def _figures(figures: dict) -> dict:
    """The figures table: a head (two periods) and labelled rows."""
    columns = [("tertial", "Tertialen"), ("year_to_date", "Året hittills")]
    blocks = [figures[key] for key, _ in columns]
    head = [(label, f"{block['period']['from']} – {block['period']['to']}")
            for (_, label), block in zip(columns, blocks, strict=True)]
    rows = []
    for key, label in (("active", "Aktiva deltagare"), ("started", "Påbörjade"), ("ended", "Avslutade")):
        cells = []
        for block in blocks:
            counts = block["by_kon"][key]
            cells.append(f"{_n(counts['total'])} (K {_n(counts['K'])}, M {_n(counts['M'])})")
        rows.append([label, *cells])
    rows.append(["Till arbete eller studier", *[_n(block["outcome"]["work_or_studies"]["total"]) for block in blocks]])
    rows.append(["varav arbete", *[_n(block["outcome"]["work"]["total"]) for block in blocks]])
    rows.append(["varav studier", *[_n(block["outcome"]["studies"]["total"]) for block in blocks]])
    rows.append(["Andel till arbete/studier", *[_pct(block["share_work_or_studies"]) for block in blocks]])
    rows.append(["Mål (andel)", *[_pct(block["goal_share"]) for block in blocks]])
    rows.append(["Målet nått", *[{True: "Ja", False: "Nej", None: "–"}[block["goal_met"]] for block in blocks]])
    rows.append(["Årsplatser", *[_n(block["arsplatser"]) for block in blocks]])
    rows.append(["Aktiva i förh. till årsplatser", *[_pct(block["active_share_of_arsplatser"]) for block in blocks]])
    counts = [block["sus"]["counts"] for block in blocks]
    rows.append(["Anonyma deltagare", *[_n(c["anonymous"]["total"]) for c in counts]])
    rows.append(["Volymregistrerade", *[_n(c["volume"]["total"]) for c in counts]])
    rows.append(["Samtliga (SUS)", *[_n(c["all"]) for c in counts]])
    return {"head": head, "rows": rows}


def _status(report: TertialReport, today: datetime.date) -> str:
    status = report.get_status_display() if report.pk else "Ej påbörjad"
    if report.is_overdue(today) or (report.pk is None and today > report.deadline):
        status += " (försenad)"
    return status


def _overview(sections) -> list[list[str]]:
    """The first page of the board's PDF: every intervention's state and main figures."""
    rows = []
    for section in sections:
        tertial = section["figures_data"]["tertial"]
        rows.append([
            section["report"].intervention.name, section["status"],
            _n(tertial["by_kon"]["active"]["total"]), _n(tertial["by_kon"]["ended"]["total"]),
            _n(tertial["outcome"]["work_or_studies"]["total"]), _pct(tertial["share_work_or_studies"]),
            _pct(tertial["goal_share"]),
        ])
    return rows


def _section(report: TertialReport, today: datetime.date, figures: dict) -> dict:
    note = (
        f"Siffrorna låstes när rapporten skickades in ({timezone.localtime(report.submitted_at):%Y-%m-%d %H:%M})."
        if report.snapshot is not None and report.submitted_at
        else "Siffrorna är hämtade ur registret i dag och ändras tills rapporten skickas in."
    )
    texts = []
    for name in TEXT_FIELDS:
        label = report._meta.get_field(name).verbose_name
        text = getattr(report, name) or "(ej ifyllt)"
        texts.append((label[:1].upper() + label[1:], text.split("\n\n")))
    transitions = []
    for item in (report.transitions.select_related("user") if report.pk else []):
        who = (item.user.get_full_name() or item.user.username) if item.user else "–"
        transitions.append([f"{timezone.localtime(item.at):%Y-%m-%d %H:%M}",
                            f"{item.get_from_status_display()} → {item.get_to_status_display()}", who, item.comment])
    return {
        "report": report, "status": _status(report, today), "overdue": report.is_overdue(today), "note": note,
        "figures_data": figures, "figures": _figures(figures),
        "economy": [_kr(report.budget), _kr(report.outcome_sek), _kr(report.budget_difference)],
        "texts": texts, "transitions": transitions,
    }


def render_reports_pdf(reports: list[TertialReport], *, title: str, today: datetime.date) -> bytes:
    """One report per section, each starting on a new page (after an overview when several)."""
    sections = [_section(report, today, report.figures()) for report in reports]
    return render_template("tertials/reports_pdf.html", {
        "sections": sections, "overview": _overview(sections) if len(sections) > 1 else None, "today": today,
    }, title=title)
