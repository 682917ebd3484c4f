from __future__ import annotations

import re

from django import forms

from .models import AssociationYear


class YearForm(forms.Form):
    year = forms.TypedChoiceField(label="År", coerce=int)

    def __init__(self, data=None, *, years: list[int], **kwargs):
        super().__init__(data, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]


class AmountField(forms.IntegerField):
    """Whole kronor as people type them: "12 000 000", "12 000 000 kr", "−250 000" (a text box,
    not a number box, which refuses the spaces)."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
    default_error_messages = {"invalid": "Ange ett belopp i hela kronor, t.ex. 12 000 000."}

    def to_python(self, value):
        if isinstance(value, str):
            value = re.sub(r"[\s\u00a0\u202f]|kr$", "", value.strip().lower().removesuffix("kr").strip())
            value = value.replace("\u2212", "-")
        return super().to_python(value)

    def widget_attrs(self, widget):
        return {}  # no min/max attributes: the model's validators give the Swedish message


class AssociationYearForm(forms.ModelForm):
    """The year is the page's: kansli enters the amounts, in the order of Försäkringskassan's form."""

    class Meta:
        model = AssociationYear
        fields = ["allocated_funds", "equity", "administrative_costs", "comment"]
        field_classes = {"allocated_funds": AmountField, "equity": AmountField, "administrative_costs": AmountField}
        widgets = {"comment": forms.Textarea(attrs={"rows": 3})}
