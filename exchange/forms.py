from __future__ import annotations

from django import forms

from .models import ImportJob

MAX_UPLOAD_BYTES = 200 * 1024 * 1024


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label="Typ av fil", choices=ImportJob.Kind.choices)
    file = forms.FileField(label="Fil (CSV, XLSX eller ODS)")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("Filen är för stor (högst 200 MB).")
        return upload


class ExportForm(forms.Form):
    date_from = forms.DateField(label="Från och med", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label="Till och med", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    format = forms.ChoiceField(
        label="Format",
        choices=[
            ("xlsx", "Excel (XLSX)"),
            ("excel-csv", "CSV för Excel (semikolon)"),
            ("csv", "CSV för system (komma, UTF-8)"),
        ],
        initial="xlsx",
    )

    def clean(self):
        data = super().clean()
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if bool(date_from) != bool(date_to):
            raise forms.ValidationError("Ange både från- och till-datum, eller inget av dem (hela registret).")
        if date_from and date_to and date_from > date_to:
            raise forms.ValidationError("Från-datum måste vara samma dag som eller före till-datum.")
        return data
