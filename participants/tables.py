"""django-tables2 tables for the staff lists. Personnummer only ever masked here."""

from __future__ import annotations

import django_tables2 as tables
from django.core.paginator import Paginator
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html

from .models import AnonymousRegistration, Participation, VolumeRegistration


class CappedPaginator(Paginator):
    """Counts at most CAP rows (SELECT COUNT(*) FROM (… LIMIT CAP+1)): a list over a million
    spells pages as fast as one over a thousand; narrow the filter to see beyond the cap."""

    CAP = 2_000

    @cached_property
    def count(self) -> int:
        rows = self.object_list  # django-tables2 hands over its BoundRows; the queryset is inside
        queryset = getattr(getattr(rows, "data", None), "data", rows)
        if not hasattr(queryset, "query"):
            return len(rows)
        return queryset.order_by()[: self.CAP + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > self.CAP


class IsoDateColumn(tables.Column):
    """ÅÅÅÅ-MM-DD without a template per cell (DateColumn compiles one for every cell)."""

    def render(self, value):
        return value.isoformat()


class _ActionsMixin:
    """An edit link on rows of interventions the user may change (ids given by the view)."""

    def __init__(self, *args, changeable_ids=frozenset(), **kwargs):
        self.changeable_ids = changeable_ids
        super().__init__(*args, **kwargs)


class ParticipationTable(_ActionsMixin, tables.Table):
    """Columns give the headers, sorting and pagination; the rows are written by the template
    (participants/_participation_table.html) so the busiest list renders fast."""
    region_label = "Deltaganden"  # names its scroll region (tables/table.html)

    person = tables.Column(
        "Deltagare", accessor="participant__birth_date", order_by=("participant__birth_year", "participant_id")
    )
    kon = tables.Column("Kön", accessor="participant__kon")
    intervention = tables.Column("Insats", accessor="intervention__code", order_by=("intervention__code",))
    startdatum = IsoDateColumn("Start")
    slutdatum = IsoDateColumn("Slut", default="pågår")
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
        template_name = "participants/_participation_table.html"

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
    region_label = "Anonyma registreringar"  # names its scroll region (tables/table.html)
    intervention = tables.Column("Insats", accessor="intervention__code")
    startdatum = IsoDateColumn("Start")
    slutdatum = IsoDateColumn("Slut", default="pågår")
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
    region_label = "Volymregistreringar"  # names its scroll region (tables/table.html)
    intervention = tables.Column("Insats", accessor="intervention__code")
    datum = IsoDateColumn("Datum")
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
