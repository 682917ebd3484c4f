"""Filters for the staff lists. The intervention choices come from the access module."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q

from accounts import access

from .codes import Avslutsorsak, Kon
from .models import AnonymousRegistration, Participation, VolumeRegistration

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _VisibleInterventionFilterSet(django_filters.FilterSet):
    # Plain choices read in one query (a ModelChoiceField would iterate a server-side cursor).
    intervention = django_filters.ChoiceFilter(label="Insats", choices=[], empty_label="Alla insatser")

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        visible = access.visible_interventions(user, personal_data=True).order_by("code")
        self.filters["intervention"].extra["choices"] = [
            (str(pk), f"{code} – {name}") for pk, code, name in visible.values_list("pk", "code", "name")
        ]


class ParticipationFilter(_VisibleInterventionFilterSet):
    STATUS = [("open", "Pågående"), ("ended", "Avslutade")]

    status = django_filters.ChoiceFilter(label="Status", choices=STATUS, method="filter_status", empty_label="Alla")
    period_from = django_filters.DateFilter(label="Aktiv från", method="filter_period_from", widget=DATE)
    period_to = django_filters.DateFilter(label="Aktiv till", method="filter_period_to", widget=DATE)
    kon = django_filters.ChoiceFilter(
        label="Kön", field_name="participant__kon", choices=Kon.choices, empty_label="Alla"
    )
    avslutsorsak = django_filters.ChoiceFilter(label="Avslutsorsak", choices=Avslutsorsak.choices, empty_label="Alla")

    class Meta:
        model = Participation
        # No personnummer here: these filters are a GET form, and a number in a URL stays in
        # server logs and browser history. The search by number is a POST (PersonnummerSearchForm).
        fields = ["intervention", "status", "period_from", "period_to", "kon", "avslutsorsak"]

    def filter_status(self, queryset, name, value):
        if value == "open":
            return queryset.filter(slutdatum__isnull=True)
        if value == "ended":
            return queryset.filter(slutdatum__isnull=False)
        return queryset

    # "Active in the period": started on or before its end, not ended before its start.
    def filter_period_from(self, queryset, name, value):
        return queryset.filter(Q(slutdatum__isnull=True) | Q(slutdatum__gte=value))

    def filter_period_to(self, queryset, name, value):
        return queryset.filter(startdatum__lte=value)


class AnonymousFilter(_VisibleInterventionFilterSet):
    kon = django_filters.ChoiceFilter(label="Kön", choices=Kon.choices, empty_label="Alla")
    startdatum_from = django_filters.DateFilter(
        label="Start från", field_name="startdatum", lookup_expr="gte", widget=DATE
    )
    startdatum_to = django_filters.DateFilter(
        label="Start till", field_name="startdatum", lookup_expr="lte", widget=DATE
    )

    class Meta:
        model = AnonymousRegistration
        fields = ["intervention", "kon", "startdatum_from", "startdatum_to"]


class VolumeFilter(_VisibleInterventionFilterSet):
    datum_from = django_filters.DateFilter(label="Datum från", field_name="datum", lookup_expr="gte", widget=DATE)
    datum_to = django_filters.DateFilter(label="Datum till", field_name="datum", lookup_expr="lte", widget=DATE)

    class Meta:
        model = VolumeRegistration
        fields = ["intervention", "datum_from", "datum_to"]
