"""The SUS page and its downloads. Access only through accounts.access; aggregated figures
only (no personal data anywhere), suppressed below 5 for the board."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts import access
from accounts.decorators import role_required
from participants.models import Participation
from stats.disclosure import BOARD_NOTE, Release
from stats.downloads import download
from stats.publication import for_board, summary, trend_shares
from stats.releases import board_form

from . import charts, publishing
from .forms import TERTIALS, NationalReferenceForm, SusFilterForm
from .models import NationalReference
from .national import trend_rows
from .presentation import (
    KON_COLUMNS,
    TITLE,
    counts_rows,
    display_tables,
    mostly_hidden,
    outcome_rows,
    overview,
    per_intervention_rows,
    percent,
)
from .renderers import FORMATS, filename
from .renderers import render as render_file
from .summary import AGE_BANDS, sus_summary

DOWNLOAD_FORMATS = ("xlsx", "csv", "pdf")


def _visible(user) -> list:
    interventions = list(access.visible_interventions(user).order_by("code").only(
        "id", "code", "name", "mal_andel_arbete_studier"))
    if not interventions:
        raise PermissionDenied("Du har inte behörighet till rapporterna.")
    return interventions


def _default_year(interventions) -> int:
    latest = Participation.objects.aggregate(day=Max("startdatum"))["day"]
    return (latest or timezone.localdate()).year


def _selection(form, interventions) -> list:
    codes = set(form.cleaned_data.get("intervention") or [])
    return [item for item in interventions if item.code in codes] if codes else interventions


def _filtered(request):
    """(form, selected interventions, period, suppression) for the page and the downloads.
    The board gets one of the fixed periods and every intervention, whatever it asks for
    (stats.releases): free dates would let it difference two nearly equal reports."""
    interventions = _visible(request.user)
    below = access.suppress_below(request.user)
    if below:
        form = board_form(request.GET, timezone.localdate(), Participation.objects.data_span())
        return form, interventions, form.period(), below
    params, default_year = request.GET, timezone.localdate().year
    if not any(params.get(key) for key in ("year", "from", "to")):
        # No period chosen: the latest year with data (one MAX over an index).
        default_year = _default_year(interventions)
        params = params.copy()
        params["year"] = str(default_year)
    form = SusFilterForm(params, interventions=interventions, default_year=default_year)
    if not form.is_valid():
        return form, None, None, below
    return form, _selection(form, interventions), form.cleaned_data["period"], below


def _report(form, period, selected, below):
    """The summary and a function giving its trend: for the board as published for its year
    (stats.publication: the same bytes whatever was registered since), else live."""
    if below:
        publication = for_board(form.chosen.year)
        data = summary(publication)
        data.published_at = publication.published_at
        return data, lambda: trend_rows(data, below, shares=trend_shares(publication))
    data = sus_summary(*period, selected)
    return data, lambda: trend_rows(data, below, selected)


def _comparison(data: dict, reference) -> dict | None:
    """Malmö beside Sverige for the period's last year: age and time in support (shares in %)."""
    if reference is None:
        return None
    rows = {}
    age_total = data["age"]["total"]["total"]
    rows["age"] = [
        {"label": label, "local": percent(row["total"], age_total), "national": reference.age_shares()[code]}
        for (code, label, _low, _high), row in zip(AGE_BANDS, data["age"]["rows"], strict=True)
    ]
    support_total = data["time_in_support"]["total"]["total"]
    national = reference.support_shares()
    rows["support"] = [
        {"label": row["label"], "local": percent(row["total"], support_total), "national": national[row["code"]]}
        for row in data["time_in_support"]["rows"]
    ]
    rows["age_known"] = any(item["national"] is not None for item in rows["age"])
    rows["support_known"] = any(item["national"] is not None for item in rows["support"])
    return rows


@role_required(access.sees_any_intervention)
def sus(request):
    form, selected, period, below = _filtered(request)
    context = {"form": form, "below": below, "board_note": BOARD_NOTE if below else "",
               "tertials": TERTIALS, "formats": DOWNLOAD_FORMATS,
               "may_edit_reference": access.is_office(request.user)}
    if period is not None and access.is_office(request.user) and period == (datetime.date(period[0].year, 1, 1),
                                                                           datetime.date(period[0].year, 12, 31)):
        context["publishing"] = publishing.status(period[0].year)
    if period is None:
        return render(request, "reports/sus.html", context)
    data, trend = _report(form, period, selected, below)
    trend = trend()
    tables = display_tables(data, below)
    for table in tables:
        if table.kind != "matrix":
            table.extra["chart"] = charts.kon_bars(table)
        else:
            table.extra["collapsed"] = mostly_hidden(table)
    year = period[1].year
    reference = NationalReference.objects.filter(year=year).first()
    query = request.GET.urlencode()
    context.update(
        data=data,
        period=period,
        tables=tables,
        counts=counts_rows(data, below),
        outcome=outcome_rows(data, below),
        overview=overview(data, below),
        per_intervention=per_intervention_rows(data, below),
        kon_columns=KON_COLUMNS,
        selected=selected,
        goal_chart=charts.goal_bars(data["per_intervention"]),
        trend=trend,
        trend_chart=charts.trend_bars(trend),
        reference=reference,
        comparison=_comparison(data, reference),
        downloads=[(fmt.upper(), f"{reverse('reports:sus_download', args=[fmt])}?{query}") for fmt in
                   DOWNLOAD_FORMATS],
    )
    return render(request, "reports/sus.html", context)


@role_required(access.sees_any_intervention)
def sus_download(request, fmt: str):
    """The same report as a file: same filters, same suppression, logged like every aggregated
    download (stats.downloads)."""
    if fmt not in DOWNLOAD_FORMATS or fmt not in FORMATS:
        raise Http404("Okänt format.")
    form, selected, period, below = _filtered(request)
    if period is None:
        messages.error(request, "Rapporten kunde inte skapas: " + " ".join(
            str(error) for errors in form.errors.values() for error in errors))
        return redirect(reverse("reports:sus"))
    data, trend = _report(form, period, selected, below)
    options = {}
    if fmt in ("pdf", "xlsx"):  # both draw the trend chart
        options["trend"] = trend()
    content = render_file(data, fmt, suppress_below=below, **options)
    release = Release(below, period, tuple(data["interventions"]))
    return download(request, content, fmt=fmt, filename=filename(data, fmt), what=TITLE, release=release)


@role_required(access.is_office, message="Bara kansliet lägger in nationella jämförelsesiffror.")
def national(request, year: int | None = None):
    """Kansli enters the national (Sverige) figures per year."""
    instance = get_object_or_404(NationalReference, year=year) if year else None
    form = NationalReferenceForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, f"Sparat: Sverige {saved.year}.")
        return redirect(reverse("reports:national"))
    return render(request, "reports/national.html", {
        "form": form, "instance": instance, "references": NationalReference.objects.order_by("-year"),
    })
