"""The filter of the SUS page: year, tertial, free dates and interventions."""

from __future__ import annotations

import datetime

from django import forms

from tertials.periods import tertial_period

from .models import NationalReference

# The filter's codes and long labels; the dates are the tertial reports' own (tertials.periods).
TERTIALS = {
    "T1": "T1 (januari–april)",
    "T2": "T2 (maj–augusti)",
    "T3": "T3 (september–december)",
}


class SusFilterForm(forms.Form):
    """`?from=YYYY-MM-DD&to=YYYY-MM-DD&intervention=CODE…` (free dates win) or `?year=2015&tertial=T1`."""

    year = forms.IntegerField(label="År", required=False, min_value=2000, max_value=2100)
    tertial = forms.ChoiceField(
        label="Tertial", required=False,
        choices=[("", "Hela året"), *TERTIALS.items()],
    )
    intervention = forms.MultipleChoiceField(
        label="Insatser", required=False, widget=forms.CheckboxSelectMultiple,
        help_text="Ingen vald: alla insatser du får se.",
    )

    def __init__(self, data=None, *, interventions, default_year: int, **kwargs):
        super().__init__(data, **kwargs)
        # The spec's entry point uses `from` and `to` (not valid Python names, so added here).
        for name, label in (("from", "Från och med"), ("to", "Till och med")):
            self.fields[name] = forms.DateField(label=label, required=False,
                                                widget=forms.DateInput(attrs={"type": "date"}))
        self.order_fields(["year", "tertial", "from", "to", "intervention"])
        self.default_year = default_year
        self.fields["intervention"].choices = [(item.code, item.name) for item in interventions]
        self.fields["year"].widget.attrs["placeholder"] = str(default_year)

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("from"), cleaned.get("to")
        if self.errors:
            return cleaned
        if date_from or date_to:
            if not (date_from and date_to):
                raise forms.ValidationError("Ange både från- och till-datum (eller välj år och tertial).")
            if date_from > date_to:
                self.add_error("to", "Till-datum får inte vara före från-datum.")
                return cleaned
            cleaned["period"] = (date_from, date_to)
        else:
            year = cleaned.get("year") or self.default_year
            if cleaned.get("tertial"):
                cleaned["period"] = tertial_period(year, int(cleaned["tertial"][1:]))
            else:
                cleaned["period"] = (datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        return cleaned


class NationalReferenceForm(forms.ModelForm):
    class Meta:
        model = NationalReference
        fields = ["year", "share_work_or_studies", "young_adult_share",
                  *[name for _c, name in NationalReference.AGE_FIELDS],
                  *[name for _c, name in NationalReference.SUPPORT_FIELDS], "source"]
