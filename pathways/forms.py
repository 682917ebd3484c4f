from __future__ import annotations

import datetime

from django import forms

from .models import Instrument, Measurement

FORMATS = ("html", "xlsx", "pdf")


class PeriodForm(forms.Form):
    """?year=2015 or ?from=2015-01-01&to=2015-06-30, and ?intervention=CODE (repeatable)."""

    year = forms.IntegerField(label="År", min_value=2000, max_value=2100, required=False)
    date_from = forms.DateField(label="Från", required=False)
    date_to = forms.DateField(label="Till", required=False)
    intervention = forms.MultipleChoiceField(label="Insatser", required=False,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, data, *, interventions, default_year: int):
        data = data.copy()
        for name, alias in (("date_from", "from"), ("date_to", "to")):
            if alias in data and name not in data:
                data[name] = data[alias]
        super().__init__(data)
        self.default_year = default_year
        self.fields["intervention"].choices = [(i.code, i.name) for i in interventions]

    def clean(self):
        data = super().clean()
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if bool(date_from) != bool(date_to) and not self.errors:
            raise forms.ValidationError("Ange både från- och till-datum, eller välj ett år.")
        if date_from and date_to and date_from > date_to:
            self.add_error("date_to", "Till-datum får inte vara före från-datum.")
        return data

    def period(self) -> tuple[datetime.date, datetime.date]:
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("date_from") and data.get("date_to"):
            return data["date_from"], data["date_to"]
        year = data.get("year") or self.default_year
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)

    def codes(self) -> list[str]:
        return list(self.cleaned_data.get("intervention") or []) if self.is_valid() else []


class WorklistForm(forms.Form):
    days = forms.IntegerField(label="Dagar utan ny insats", min_value=1, max_value=3650, required=False)


class MeasurementForm(forms.Form):
    """Date, occasion and one score per item of the instrument."""

    date = forms.DateField(label="Datum", widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label="Tillfälle", choices=Measurement.Kind.choices)

    def __init__(self, *args, instrument: Instrument, **kwargs):
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        self.items = list(instrument.items.all())
        for item in self.items:
            self.fields[f"item_{item.pk}"] = forms.TypedChoiceField(
                label=item.text,
                choices=[(v, str(v)) for v in range(item.min_score, item.max_score + 1)],
                coerce=int,
                widget=forms.RadioSelect,
                help_text=f"{item.min_score} = mycket dåligt, {item.max_score} = mycket bra",
            )

    def scores(self) -> dict[int, int]:
        return {item.pk: self.cleaned_data[f"item_{item.pk}"] for item in self.items}
