"""django-tables2 tables for the staff lists. Personnummer only ever masked here."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html

from .models import AnonymousRegistration, Participation, VolumeRegistration

DATE_FORMAT = "Y-m-d"


class _ActionsMixin:
    """An edit link on rows of interventions the user may change (ids given by the view)."""

    def __init__(self, *args, changeable_ids=frozenset(), **kwargs):
        self.changeable_ids = changeable_ids
        super().__init__(*args, **kwargs)


class ParticipationTable(_ActionsMixin, tables.Table):
    person = tables.Column(
        "Deltagare", accessor="participant__birth_date", order_by=("participant__birth_year", "participant_id")
    )
    kon = tables.Column("Kön", accessor="participant__kon")
    intervention = tables.Column("Insats", accessor="intervention__code", order_by=("intervention__code",))
    startdatum = tables.DateColumn(DATE_FORMAT, verbose_name="Start")
    slutdatum = tables.DateColumn(DATE_FORMAT, verbose_name="Slut", default="pågår")
    avslutsorsak = tables.Column("Avslutsorsak", default="")
    ansvarig = tables.Column("Ansvarig", orderable=False, default="–")
    actions = tables.Column("", empty_values=(), orderable=False, attrs={"td": {"class": "actions"}})

    class Meta:
        model = Participation
        fields = ()
        sequence = ("person", "kon", "intervention", "startdatum", "slutdatum", "avslutsorsak", "ansvarig", "actions")
        order_by = ("-startdatum",)
        attrs = {"class": "data dense"}
        empty_text = "Inga deltaganden matchar urvalet."
        row_attrs = {"class": lambda record: "ended" if record.slutdatum else "open"}

    def render_person(self, record):
        url = reverse("participants:person", args=[record.participant_id])
        return format_html('<a href="{}">{}</a>', url, record.participant.masked_personnummer)

    def render_ansvarig(self, value):
        return value.get_full_name() or value.username

    def render_actions(self, record):
        if record.intervention_id not in self.changeable_ids:
            return ""
        edit = reverse("participants:edit", args=[record.pk])
        if record.slutdatum:
            return format_html('<a href="{}">Ändra</a>', edit)
        end = reverse("participants:end", args=[record.pk])
        return format_html('<a class="button small primary" href="{}">Avsluta</a> <a href="{}">Ändra</a>', end, edit)


class AnonymousTable(_ActionsMixin, tables.Table):
    intervention = tables.Column("Insats", accessor="intervention__code")
    startdatum = tables.DateColumn(DATE_FORMAT, verbose_name="Start")
    slutdatum = tables.DateColumn(DATE_FORMAT, verbose_name="Slut", default="pågår")
    antal = tables.Column("Antal", attrs={"td": {"class": "num"}, "th": {"class": "num"}})
    actions = tables.Column("", empty_values=(), orderable=False)

    class Meta:
        model = AnonymousRegistration
        fields = ("intervention", "kon", "startdatum", "slutdatum", "antal")
        order_by = ("-startdatum",)
        attrs = {"class": "data dense"}
        empty_text = "Inga anonyma registreringar."

    def render_actions(self, record):
        if record.intervention_id not in self.changeable_ids:
            return ""
        return format_html('<a href="{}">Ändra</a>', reverse("participants:anonymous_edit", args=[record.pk]))


class VolumeTable(_ActionsMixin, tables.Table):
    intervention = tables.Column("Insats", accessor="intervention__code")
    datum = tables.DateColumn(DATE_FORMAT, verbose_name="Datum")
    antal = tables.Column("Antal", attrs={"td": {"class": "num"}, "th": {"class": "num"}})
    antal_kvinnor = tables.Column("Kvinnor", default="–", attrs={"td": {"class": "num"}, "th": {"class": "num"}})
    antal_man = tables.Column("Män", default="–", attrs={"td": {"class": "num"}, "th": {"class": "num"}})
    beskrivning = tables.Column("Beskrivning", default="")
    actions = tables.Column("", empty_values=(), orderable=False)

    class Meta:
        model = VolumeRegistration
        fields = ("intervention", "datum", "antal", "antal_kvinnor", "antal_man", "beskrivning")
        order_by = ("-datum",)
        attrs = {"class": "data dense"}
        empty_text = "Inga volymregistreringar."

    def render_actions(self, record):
        if record.intervention_id not in self.changeable_ids:
            return ""
        return format_html('<a href="{}">Ändra</a>', reverse("participants:volume_edit", args=[record.pk]))
