"""Underlag till Uppföljning Finsam: kansli and the administrator only (personal data never
leaves the registry here, only counts and amounts; no suppression, as for every office page)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.db.models import Min
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts import access
from accounts.decorators import role_required
from interventions.models import Intervention
from stats.disclosure import Release
from stats.downloads import download
from stats.pdf import tables_pdf
from stats.tables import rendered
from stats.writers import tables_xlsx

from .figures import compute, tables
from .forms import AssociationYearForm, YearForm
from .models import AssociationYear

TITLE = "Underlag till Uppföljning Finsam"
DENIED = "Bara kansliet och administratören tar fram underlaget till Uppföljning Finsam."


def _years() -> list[int]:
    """From the first intervention's year to this year, newest first."""
    this_year = timezone.localdate().year
    first = Intervention.objects.aggregate(first=Min("startdatum"))["first"]
    return list(range(this_year, min(first.year if first else this_year, this_year) - 1, -1))


@role_required(access.is_office, message=DENIED)
def page(request: HttpRequest) -> HttpResponse:
    years = _years()
    form = YearForm(request.GET or None, years=years)
    # The follow-up is reported for the year that has ended: last year unless another is chosen.
    year = form.cleaned_data["year"] if form.is_bound and form.is_valid() else timezone.localdate().year - 1
    if form.is_bound and not form.is_valid():
        messages.error(request, "Året gick inte att läsa. Visar föregående år.")
    figures = compute(year)
    parts = tables(figures)
    fmt = request.GET.get("format")
    if fmt in ("xlsx", "pdf"):
        subtitle = f"FINSAM i Malmö, {year}. Uttaget {timezone.localdate()}."
        writer = tables_xlsx if fmt == "xlsx" else tables_pdf
        release = Release(None, (datetime.date(year, 1, 1), datetime.date(year, 12, 31)))
        return download(request, writer(TITLE, subtitle, parts), fmt=fmt, what=TITLE, release=release,
                        filename=f"uppfoljning-finsam-{year}.{fmt}")
    return render(request, "national_followup/page.html", {
        "title": TITLE, "form": YearForm(initial={"year": year}, years=years), "year": year,
        "tables": rendered(parts), "association": figures.association,
    })


@role_required(access.is_office, message=DENIED)
def edit_economy(request: HttpRequest, year: int) -> HttpResponse:
    if year not in _years():
        messages.error(request, f"{year} finns inte att välja: välj ett år i listan.")
        return redirect(reverse("national_followup:page"))
    instance = AssociationYear.objects.filter(year=year).first() or AssociationYear(year=year)
    form = AssociationYearForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Sparat: förbundets ekonomi {year}.")
        return redirect(reverse("national_followup:page") + f"?year={year}")
    return render(request, "national_followup/economy.html", {"title": TITLE, "form": form, "year": year})
