"""One django-import-export resource per kind of exchange file.

A resource names the columns (in contract order), turns a cell into a Python value
(widgets: codes or labels, both date forms, personnummer, modes) and a record back into
cells for the export. It does not decide whether a record is valid: that is the models'
`full_clean()`, called by `exchange.importing` for every row.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from interventions.models import Intervention
from participants import codes
from participants.identity import parse_personnummer
from participants.models import AnonymousRegistration, Participation, VolumeRegistration

DATE = re.compile(r"^(\d{4})-?(\d{2})-?(\d{2})$")
INTEGER = re.compile(r"^[+-]?\d+$")


class CellError(ValueError):
    """A cell that cannot be turned into a value; the message is shown to the user."""


class TextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return value or ""

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class CodeWidget(widgets.Widget):
    """A code from a code list, given as the code or its Swedish label, any case."""

    def __init__(self, choices):
        super().__init__()
        self.choices = choices
        self.known: dict[str, str | None] = {}  # what codes.lookup() said for each text seen

    def clean(self, value, row=None, **kwargs):
        if not value:
            return ""
        code = self.known.get(value, "")
        if code == "":
            code = codes.lookup(self.choices, value)
            if len(self.known) < 1000:  # a file holds few distinct spellings; bound it anyway
                self.known[value] = code
        if code is None:
            allowed = ", ".join(self.choices.values)
            raise CellError(f"Okänd kod ”{value}” (tillåtna: {allowed}).")
        return code

    def render(self, value, obj=None, **kwargs):
        return value or ""


class DateWidget(widgets.Widget):
    """YYYY-MM-DD or YYYYMMDD; empty = no value. Export writes YYYY-MM-DD. A text with a time
    part is an error (a typed date-time cell reaches this as its date: exchange.formats)."""

    def clean(self, value, row=None, **kwargs):
        if not value:
            return None
        match = DATE.match(value)
        if match and (len(value) == 8 or value.count("-") == 2):
            try:
                return datetime.date(*(int(part) for part in match.groups()))
            except ValueError:
                pass
        raise CellError(f"Ogiltigt datum ”{value}”: ange ÅÅÅÅ-MM-DD eller ÅÅÅÅMMDD.")

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class IntegerWidget(widgets.Widget):
    """A whole number; the models' validators decide which numbers are allowed."""

    def clean(self, value, row=None, **kwargs):
        if not value:
            return None
        text = value.replace(" ", "").replace("\u00a0", "")
        if not INTEGER.match(text):
            raise CellError(f"”{value}” är inte ett heltal.")
        return int(text)

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class PersonnummerWidget(widgets.Widget):
    """10 or 12 digits, optional - or +, Luhn-checked; cleaned to an Identity."""

    def clean(self, value, row=None, **kwargs):
        if not value:
            return None
        try:
            return parse_personnummer(value)
        except ValidationError as error:
            raise CellError(error.messages[0]) from None

    def render(self, value, obj=None, **kwargs):
        return value or ""


class ModesWidget(widgets.Widget):
    """Registration modes joined by |, written in the order PERSON|ANONYM|VOLYM."""

    def clean(self, value, row=None, **kwargs):
        if not value:
            return []
        modes = []
        for part in value.split("|"):
            code = codes.lookup(codes.Registreringssatt, part)
            if code is None:
                raise CellError(f"Okänt registreringssätt ”{part.strip()}” (tillåtna: PERSON, ANONYM, VOLYM).")
            modes.append(code)
        return [mode for mode in codes.Registreringssatt.values if mode in modes]

    def render(self, value, obj=None, **kwargs):
        return "|".join(value or [])


class ExchangeResource(resources.ModelResource):
    """Common behaviour: the contract's columns, `required` and `key` per kind."""

    kind = ""
    required: tuple[str, ...] = ()
    key: tuple[str, ...] = ()

    @classmethod
    def columns(cls) -> list[str]:
        return [field.column_name for field in cls().get_export_fields()]

    @classmethod
    def column_types(cls) -> list[str]:
        """Per column, in order, the kind of XLSX cell it takes: "date", "int" or "text"."""
        kinds = {DateWidget: "date", IntegerWidget: "int"}
        return [kinds.get(type(field.widget), "text") for field in cls().get_export_fields()]

    @classmethod
    def date_columns(cls) -> frozenset[str]:
        return frozenset(name for name, kind in zip(cls.columns(), cls.column_types(), strict=True) if kind == "date")

    @classmethod
    def plain_columns(cls) -> dict[str, str]:
        """Column -> model field, for the columns copied straight onto the record (not the key,
        which finds or makes the record, nor related or computed values)."""
        concrete = {field.name for field in cls._meta.model._meta.concrete_fields}
        return {
            field.column_name: field.attribute
            for field in cls().get_export_fields()
            if field.attribute in concrete and field.column_name not in cls.key
        }

    @classmethod
    def field_columns(cls) -> dict[str, str]:
        """Model field -> column, to put full_clean()'s errors beside their cells: a related
        value belongs to the column of its first part (`intervention__code`: intervention)
        and of its last where no other column claims it (`participant__kon`: kon)."""
        columns: dict[str, str] = {}
        for field in cls().get_export_fields():
            path = field.attribute.split("__")
            columns.setdefault(path[0], field.column_name)
            columns.setdefault(path[-1], field.column_name)
        return columns

    @classmethod
    def other_kind(cls, header: list[str]) -> str | None:
        """The kind of file whose required columns `header` has, when it is not this one."""
        for kind, other in RESOURCES.items():
            if other is not cls and all(column in header for column in other.required):
                return kind
        return None

    def clean_cells(self, cells: dict[str, str]) -> tuple[dict, dict[str, str]]:
        """The values of the columns present in `cells`, and an error per unreadable cell."""
        values: dict = {}
        errors: dict[str, str] = {}
        for field in self.get_export_fields():
            column = field.column_name
            if column not in cells:
                continue
            try:
                values[column] = field.widget.clean(cells[column])
            except CellError as error:
                errors[column] = str(error)
        return values, errors

    def cells_for(self, obj) -> list[str]:
        return [str(value) for value in self.export_resource(obj)]


class InterventionResource(ExchangeResource):
    kind = "interventions"
    required = ("kod", "namn", "inriktning", "registrering", "startdatum")
    key = ("kod",)

    kod = fields.Field(attribute="code", column_name="kod", widget=TextWidget())
    namn = fields.Field(attribute="name", column_name="namn", widget=TextWidget())
    inriktning = fields.Field(attribute="inriktning", column_name="inriktning", widget=CodeWidget(codes.Inriktning))
    registrering = fields.Field(attribute="registration_modes", column_name="registrering", widget=ModesWidget())
    huvudman = fields.Field(attribute="huvudman__code", column_name="huvudman", widget=TextWidget())
    malgrupp = fields.Field(attribute="malgrupp", column_name="malgrupp", widget=TextWidget())
    effektmal = fields.Field(attribute="effektmal", column_name="effektmal", widget=TextWidget())
    mal_andel_arbete_studier = fields.Field(
        attribute="mal_andel_arbete_studier", column_name="mal_andel_arbete_studier", widget=IntegerWidget()
    )
    startdatum = fields.Field(attribute="startdatum", column_name="startdatum", widget=DateWidget())
    slutdatum = fields.Field(attribute="slutdatum", column_name="slutdatum", widget=DateWidget())
    arsplatser = fields.Field(attribute="arsplatser", column_name="arsplatser", widget=IntegerWidget())

    class Meta:
        model = Intervention
        fields = (
            "kod", "namn", "inriktning", "registrering", "huvudman", "malgrupp", "effektmal",
            "mal_andel_arbete_studier", "startdatum", "slutdatum", "arsplatser",
        )
        export_order = fields


class ParticipationResource(ExchangeResource):
    kind = "participations"
    required = (
        "insats", "personnummer", "samtycke_datum", "startdatum", "utbildning",
        "tid_offentlig_forsorjning", "forsorjning_fore",
    )
    key = ("insats", "personnummer", "startdatum")

    insats = fields.Field(attribute="intervention__code", column_name="insats", widget=TextWidget())
    personnummer = fields.Field(
        attribute="participant__personnummer", column_name="personnummer", widget=PersonnummerWidget()
    )
    kon = fields.Field(attribute="participant__kon", column_name="kon", widget=CodeWidget(codes.Kon))
    fornamn = fields.Field(attribute="participant__first_name", column_name="fornamn", widget=TextWidget())
    efternamn = fields.Field(attribute="participant__last_name", column_name="efternamn", widget=TextWidget())
    samtycke_datum = fields.Field(attribute="samtycke_datum", column_name="samtycke_datum", widget=DateWidget())
    startdatum = fields.Field(attribute="startdatum", column_name="startdatum", widget=DateWidget())
    utbildning = fields.Field(attribute="utbildning", column_name="utbildning", widget=CodeWidget(codes.Utbildning))
    tid_offentlig_forsorjning = fields.Field(
        attribute="tid_offentlig_forsorjning",
        column_name="tid_offentlig_forsorjning",
        widget=CodeWidget(codes.TidOffentligForsorjning),
    )
    forsorjning_fore = fields.Field(
        attribute="forsorjning_fore", column_name="forsorjning_fore", widget=CodeWidget(codes.Forsorjning)
    )
    slutdatum = fields.Field(attribute="slutdatum", column_name="slutdatum", widget=DateWidget())
    avslutsorsak = fields.Field(
        attribute="avslutsorsak", column_name="avslutsorsak", widget=CodeWidget(codes.Avslutsorsak)
    )
    sysselsattning_efter = fields.Field(
        attribute="sysselsattning_efter", column_name="sysselsattning_efter", widget=CodeWidget(codes.Sysselsattning)
    )
    forsorjning_efter = fields.Field(
        attribute="forsorjning_efter", column_name="forsorjning_efter", widget=CodeWidget(codes.Forsorjning)
    )

    class Meta:
        model = Participation
        fields = (
            "insats", "personnummer", "kon", "fornamn", "efternamn", "samtycke_datum", "startdatum",
            "utbildning", "tid_offentlig_forsorjning", "forsorjning_fore", "slutdatum", "avslutsorsak",
            "sysselsattning_efter", "forsorjning_efter",
        )
        export_order = fields


class AnonymousResource(ExchangeResource):
    kind = "anonymous"
    required = ("insats", "kon", "startdatum")
    key = ("extern_id",)

    extern_id = fields.Field(attribute="extern_id", column_name="extern_id", widget=TextWidget())
    insats = fields.Field(attribute="intervention__code", column_name="insats", widget=TextWidget())
    kon = fields.Field(attribute="kon", column_name="kon", widget=CodeWidget(codes.Kon))
    startdatum = fields.Field(attribute="startdatum", column_name="startdatum", widget=DateWidget())
    slutdatum = fields.Field(attribute="slutdatum", column_name="slutdatum", widget=DateWidget())
    antal = fields.Field(attribute="antal", column_name="antal", widget=IntegerWidget())

    class Meta:
        model = AnonymousRegistration
        fields = ("extern_id", "insats", "kon", "startdatum", "slutdatum", "antal")
        export_order = fields


class VolumeResource(ExchangeResource):
    kind = "volume"
    required = ("insats", "datum", "antal")
    key = ("extern_id",)

    extern_id = fields.Field(attribute="extern_id", column_name="extern_id", widget=TextWidget())
    insats = fields.Field(attribute="intervention__code", column_name="insats", widget=TextWidget())
    datum = fields.Field(attribute="datum", column_name="datum", widget=DateWidget())
    antal = fields.Field(attribute="antal", column_name="antal", widget=IntegerWidget())
    antal_kvinnor = fields.Field(attribute="antal_kvinnor", column_name="antal_kvinnor", widget=IntegerWidget())
    antal_man = fields.Field(attribute="antal_man", column_name="antal_man", widget=IntegerWidget())
    beskrivning = fields.Field(attribute="beskrivning", column_name="beskrivning", widget=TextWidget())

    class Meta:
        model = VolumeRegistration
        fields = ("extern_id", "insats", "datum", "antal", "antal_kvinnor", "antal_man", "beskrivning")
        export_order = fields


RESOURCES: dict[str, type[ExchangeResource]] = {
    resource.kind: resource
    for resource in (InterventionResource, ParticipationResource, AnonymousResource, VolumeResource)
}
KIND_LABELS = {
    "interventions": "Insatser",
    "participations": "Insatsdeltaganden",
    "anonymous": "Anonyma registreringar",
    "volume": "Volymregistreringar",
}
