"""The follow-up outcomes after exit: the export of the outcomes for kansli (person level, no notes)."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from accounts import access
from audit.trail import record

from .exports import followup_rows, to_csv, to_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class PeriodForm(forms.Form):
    """?year=2025, or ?from=2025-01-01&to=2025-06-30: the spells that ended in the period."""

    year = forms.IntegerField(label="År", min_value=2000, max_value=2100, required=False)
    date_from = forms.DateField(label="Från", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="Till", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, data, *, default_year: int):
        data = data.copy()
        for name, alias in (("date_from", "from"), ("date_to", "to")):
            if alias in data and name not in data:
                data[name] = data[alias]
        super().__init__(data)
        self.default_year = default_year

    def clean(self):
        data = super().clean()
        if bool(data.get("date_from")) != bool(data.get("date_to")) and not self.errors:
            raise forms.ValidationError("Ange både från- och till-datum, eller välj ett år.")
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", "Till-datum får inte vara före från-datum.")
        return data

    def period(self) -> tuple[datetime.date, datetime.date]:
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("date_from") and data.get("date_to"):
            return data["date_from"], data["date_to"]
        year = data.get("year") or self.default_year
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def period_form(request) -> PeriodForm:
    form = PeriodForm(request.GET, default_year=timezone.localdate().year - 1)
    if request.GET and not form.is_valid():
        messages.error(request, "Perioden gick inte att läsa (" + "; ".join(
            error for errors in form.errors.values() for error in errors) + "). Visar föregående år.")
    return form


@login_required
def followup_export(request: HttpRequest) -> HttpResponse:
    """CSV or XLSX of the follow-up outcomes, for kansli and the administrator."""
    if not access.is_office(request.user):
        raise PermissionDenied
    date_from, date_to = period_form(request).period()
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    rows = list(followup_rows(date_from, date_to))
    body = to_xlsx(rows) if fmt == "xlsx" else to_csv(rows)
    record(request, "EXPORT", f"Uppföljningar efter avslut {date_from} – {date_to} ({fmt.upper()})", rows=len(rows))
    response = HttpResponse(body, content_type=XLSX if fmt == "xlsx" else "text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="uppfoljningar-{date_from}-{date_to}.{fmt}"'
    return response
