"""Follow-up after exit as figures: the lasting-effect table (everyone who sees figures; the board
suppressed like every other aggregate) and the export of the outcomes for kansli (person level,
no notes, no identity)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify

from accounts import access
from participants.models import Participation
from pathways.forms import PeriodForm
from stats.disclosure import BOARD_NOTE, PROTECTED, PROTECTED_NOTE, Release, legend, protect_tables
from stats.downloads import download
from stats.pdf import tables_pdf
from stats.publication import for_board, stored_tables
from stats.releases import board_form
from stats.tables import rendered
from stats.writers import tables_xlsx

from .exports import followup_rows, to_csv, to_xlsx
from .lasting import lasting_effects, lasting_tables

TITLE = "Varaktig effekt efter avslut"


def _period(request, interventions) -> PeriodForm:
    """The pathway pages' period form (?year= or ?from=&to=, ?intervention=CODE), last year by default."""
    form = PeriodForm(request.GET, interventions=interventions, default_year=timezone.localdate().year - 1)
    if request.GET and not form.is_valid():
        messages.error(request, "Perioden gick inte att läsa. Visar föregående år.")
    return form


@login_required
def lasting(request: HttpRequest) -> HttpResponse:
    visible = list(access.visible_interventions(request.user).order_by("name"))
    if not visible:
        raise PermissionDenied
    board = access.suppress_below(request.user)
    if board:  # a fixed period, every intervention (stats.releases)
        form = board_form(request.GET, timezone.localdate(), Participation.objects.data_span())
    else:
        form = _period(request, visible)
    date_from, date_to = form.period()
    codes = set(form.codes())
    ids = [i.pk for i in visible if i.code in codes] if codes else [i.pk for i in visible]
    release = Release(access.suppress_below(request.user), (date_from, date_to),
                      tuple(sorted(i.code for i in visible if i.pk in ids)))
    if board:  # as published for the year, with every other board output (stats.publication)
        tables = stored_tables(for_board(form.chosen.year), "lasting")
    else:
        tables = lasting_tables(lasting_effects(date_from, date_to, ids), {i.pk: i.name for i in visible})
        protect_tables(tables, release)
    below = release.below
    subtitle = f"Avslutade {date_from} – {date_to}"
    fmt = request.GET.get("format", "html")
    if fmt in ("xlsx", "pdf"):
        writer = tables_xlsx if fmt == "xlsx" else tables_pdf
        return download(request, writer(TITLE, subtitle, tables, legend=legend(below)), fmt=fmt, what=TITLE,
                        filename=f"{slugify(TITLE)}-{date_from}-{date_to}.{fmt}", release=release)
    query = request.GET.copy()
    query.pop("format", None)
    return render(request, "cases/lasting.html", {
        "page": "lasting", "title": TITLE, "form": form, "period": (date_from, date_to),
        "tables": rendered(tables, notes={PROTECTED: PROTECTED_NOTE}), "below": below, "query": query.urlencode(),
        "board_note": BOARD_NOTE if below else "", "board": bool(below),
        "tab_query": query.urlencode(), "may_see_personal_data": access.may_see_personal_data(request.user),
        "office": access.is_office(request.user),
    })


@login_required
def followup_export(request: HttpRequest) -> HttpResponse:
    """CSV or XLSX of the follow-up outcomes, for kansli and the administrator."""
    if not access.is_office(request.user):
        raise PermissionDenied
    date_from, date_to = _period(request, []).period()
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    rows = list(followup_rows(date_from, date_to))
    return download(request, to_xlsx(rows) if fmt == "xlsx" else to_csv(rows), fmt=fmt, rows=len(rows),
                    what=f"Uppföljningar efter avslut {date_from} – {date_to}",
                    filename=f"uppfoljningar-{date_from}-{date_to}.{fmt}", release=Release(None, (date_from, date_to)))

